import { http } from '@/api/client';
import type { components } from '@/api/schema';

type Schemas = components['schemas'];

export type SavePlanRequest = Schemas['SavePlanRequest'];
export type PlanReminder = Schemas['PlanReminderResponse'];

/** The annual management plan as the API returns it (Features/Plans/PlanEndpoints.cs). */
export type ManagementPlanLine = Schemas['ManagementPlanLineResponse'];
export type ManagementPlan = Schemas['ManagementPlanResponse'];

export const plansApi = {
  list: () => http.get<ManagementPlan[]>('/api/waste/management-plans'),
  save: (year: number, body: SavePlanRequest) => http.put<ManagementPlan>(`/api/waste/management-plans/${year}`, body),
  file: (id: string) => http.post<ManagementPlan>(`/api/waste/management-plans/${encodeURIComponent(id)}/file`),
  reminders: (year: number) => http.get<PlanReminder[]>('/api/waste/management-plans/reminders', { year }),
};

/** Days before 31 March from which an unfiled plan is a warning rather than a note. */
export const PLAN_WARNING_DAYS = 30;

export interface ReminderView {
  /** Element Plus alert type. */
  type: 'success' | 'info' | 'warning' | 'error';
  /** Message key under waste.plans.reminder. */
  key: 'filed' | 'filedLate' | 'notStarted' | 'draft' | 'dueSoon' | 'dueToday' | 'overdue';
  days: number;
  /** Whether the page should ask the user to act (draft or file). */
  actionNeeded: boolean;
}

/** What the page says about the year's plan, from the server's reminder (state and days left before 31 March). */
export function reminderView(reminder: Pick<PlanReminder, 'state' | 'daysLeft'>): ReminderView {
  const days = Number(reminder.daysLeft);
  switch (reminder.state) {
    case 'Filed':
      return { type: 'success', key: 'filed', days, actionNeeded: false };
    case 'FiledLate':
      return { type: 'info', key: 'filedLate', days, actionNeeded: false };
    case 'Overdue':
      return { type: 'error', key: 'overdue', days: -days, actionNeeded: true };
    default: {
      if (days === 0) return { type: 'warning', key: 'dueToday', days, actionNeeded: true };
      if (days <= PLAN_WARNING_DAYS) return { type: 'warning', key: 'dueSoon', days, actionNeeded: true };
      return { type: 'info', key: reminder.state === 'Draft' ? 'draft' : 'notStarted', days, actionNeeded: true };
    }
  }
}

export interface PlanLineDraft {
  wasteCode: string;
  wasteName: string;
  expectedKg: string;
}

/** Client-side check before saving, mirroring the server's rules; the server remains the authority. */
export function planLineProblems(lines: readonly PlanLineDraft[]): Array<{ index: number; field: keyof PlanLineDraft | 'lines'; problem: string }> {
  const problems: Array<{ index: number; field: keyof PlanLineDraft | 'lines'; problem: string }> = [];
  if (lines.length === 0) problems.push({ index: -1, field: 'lines', problem: 'atLeastOne' });
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    const code = line.wasteCode.trim();
    if (!/^\d{3}-\d{3}-\d{2}$/.test(code)) problems.push({ index, field: 'wasteCode', problem: 'code' });
    else if (seen.has(code)) problems.push({ index, field: 'wasteCode', problem: 'duplicate' });
    seen.add(code);
    if (!line.wasteName.trim()) problems.push({ index, field: 'wasteName', problem: 'required' });
    const kg = line.expectedKg.trim();
    if (!/^\d+(\.\d{1,3})?$/.test(kg) || Number(kg) <= 0 || Number(kg) > 10_000_000) problems.push({ index, field: 'expectedKg', problem: 'kg' });
  });
  return problems;
}

/** The measure texts a plan must have before it is filed (a draft may leave them empty). */
export const PLAN_MEASURES = ['reductionMeasures', 'storageMeasures', 'transferPlan'] as const;
export type PlanMeasure = (typeof PLAN_MEASURES)[number];

/** Which required measure texts are empty or only spaces, in the form's order; the server checks the same on filing. */
export function missingMeasures(form: Record<PlanMeasure, string | null | undefined>): PlanMeasure[] {
  return PLAN_MEASURES.filter((m) => !(form[m] ?? '').trim());
}
