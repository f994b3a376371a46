import { http } from '@/api/client';
import type { components } from '@/api/schema';
import type { ProblemDetails } from '@/api/problem';

type Schemas = components['schemas'];
export type OpeningHoursResponse = Schemas['OpeningHoursResponse'];

/** ISO weekdays, Monday first (as the API numbers them). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * A weekday in the editor. `any`: nothing recorded, the planner may come at any time within the vehicle's shift
 * (the API leaves the day out); `closed`: no pickups (the API lists the day with no interval); `open`: the
 * intervals, like 08:00-11:30 and 13:00-17:00.
 */
export interface DayHours {
  weekday: number;
  mode: 'any' | 'open' | 'closed';
  intervals: Array<{ open: string; close: string }>;
}

export interface OpeningHoursRequest {
  days: Array<{ weekday: number; intervals: string[] }>;
}

export const DEFAULT_INTERVALS = (): DayHours['intervals'] => [
  { open: '08:00', close: '11:30' },
  { open: '13:00', close: '17:00' },
];

export const openingHoursApi = {
  get: (siteId: string) => http.get<OpeningHoursResponse>(`/api/waste/sites/${encodeURIComponent(siteId)}/opening-hours`),
  put: (siteId: string, body: OpeningHoursRequest) => http.put<OpeningHoursResponse>(`/api/waste/sites/${encodeURIComponent(siteId)}/opening-hours`, body),
};

/** The editor's week from what the API returns: listed days are open or closed, the others `any`. */
export function toWeek(response: Pick<OpeningHoursResponse, 'days'> | null | undefined): DayHours[] {
  const listed = new Map((response?.days ?? []).map((d) => [Number(d.weekday), d]));
  return WEEKDAYS.map((weekday) => {
    const day = listed.get(weekday);
    if (!day) return { weekday, mode: 'any', intervals: [] };
    if (day.closed || day.intervals.length === 0) return { weekday, mode: 'closed', intervals: [] };
    return {
      weekday,
      mode: 'open',
      intervals: day.intervals.map((text) => {
        const [open = '', close = ''] = text.split('-');
        return { open, close };
      }),
    };
  });
}

/**
 * The request body, in weekday order: `any` days are left out, closed days have no interval, open days send their
 * intervals as typed (the server checks the format, the order and overlaps, and answers per day). An open day
 * whose intervals are all blank is sent as open with no interval text, so it is not silently taken for closed.
 */
export function toRequest(week: readonly DayHours[]): OpeningHoursRequest {
  return {
    days: week
      .filter((d) => d.mode !== 'any')
      .map((d) => ({
        weekday: d.weekday,
        intervals: d.mode === 'closed' ? [] : d.intervals.length === 0 ? ['-'] : d.intervals.map((i) => `${i.open ?? ''}-${i.close ?? ''}`),
      })),
  };
}

/** The translation function the mapping needs (vue-i18n's `t`). */
export type Translate = (key: string, named?: Record<string, unknown>) => string;

const INTERVAL = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;

/** The first interval text that is not `HH:mm-HH:mm` with the end after the start, as the server checks it. */
function malformedInterval(intervals: readonly string[]): string | undefined {
  return intervals.find((text) => !INTERVAL.test(text) || text.slice(6) <= text.slice(0, 5));
}

/**
 * Server field errors (`days[2].intervals`, `days[0].weekday`, `days`) per weekday of the request that was sent,
 * so each message can stand next to its day, in the user's language: the server's sentences are English, so the
 * field names which rule failed and the request that was sent says which interval (a badly written one, or else
 * intervals out of order or overlapping). Errors that name no day come back under key 0.
 */
export function errorsByWeekday(
  problem: Pick<ProblemDetails, 'errors'> | null | undefined,
  request: OpeningHoursRequest,
  t: Translate,
): Record<number, string> {
  const messages = new Map<number, string[]>();
  for (const [field, sent] of Object.entries(problem?.errors ?? {})) {
    if (sent.length === 0) continue;
    const match = /^days\[(\d+)\]\.(\w+)$/i.exec(field);
    const day = match ? request.days[Number(match[1])] : undefined;
    let weekday = 0;
    let text: string;
    if (match && day && match[2]!.toLowerCase() === 'weekday') {
      weekday = day.weekday;
      text = t('waste.hours.errors.weekday');
    } else if (match && day && match[2]!.toLowerCase() === 'intervals') {
      weekday = day.weekday;
      const bad = malformedInterval(day.intervals);
      text = bad === undefined ? t('waste.hours.errors.overlap') : t('waste.hours.errors.interval', { text: bad });
    } else {
      text = t('waste.hours.errors.days');
    }

    const list = messages.get(weekday) ?? [];
    if (!list.includes(text)) list.push(text);
    messages.set(weekday, list);
  }

  return Object.fromEntries([...messages].map(([weekday, list]) => [weekday, list.join(' ')]));
}

/** Copies one day's hours (mode and intervals) to the other working days (Monday to Friday). */
export function copyToWeekdays(week: readonly DayHours[], from: number): DayHours[] {
  const source = week.find((d) => d.weekday === from);
  if (!source) return [...week];
  return week.map((d) =>
    d.weekday >= 1 && d.weekday <= 5 && d.weekday !== from ? { weekday: d.weekday, mode: source.mode, intervals: source.intervals.map((i) => ({ ...i })) } : d,
  );
}

/** A short line for a day: "08:00-11:30, 13:00-17:00", or the closed/any wording supplied by the caller. */
export function describeDay(day: DayHours, words: { closed: string; any: string }): string {
  if (day.mode === 'closed') return words.closed;
  if (day.mode === 'any') return words.any;
  return day.intervals.map((i) => `${i.open}-${i.close}`).join(', ');
}
