import type { QueueItem } from './offlineQueue';
import type { DriverPayload, DriverStop } from './driverApi';
import { sumKg } from '../shared/quantities';

export interface StopContainerLine {
  code: string;
  weightKg: string | null;
  wasteName: string | null;
  /** Known to the server, or only recorded on the phone so far. */
  synced: boolean;
  /** The server refused the queued scan (reason shown in the queue panel). */
  refused: boolean;
}

export type StopStep = 'collect' | 'confirm' | 'complete' | 'done';

export interface StopProgress {
  containers: StopContainerLine[];
  totalKg: string;
  confirmed: boolean;
  confirmationQueued: boolean;
  completed: boolean;
  completionQueued: boolean;
  step: StopStep;
}

const CONFIRMED = new Set(['Confirmed', 'Completed']);
const COMPLETED = new Set(['Completed', 'Skipped']);

/**
 * What the stop looks like to the driver: the server's view of the stop plus the actions still queued on the phone
 * (shown as "not yet synced"). A queued action counts as done for the flow (the driver can go on offline), but it is
 * marked, and a refused one does not count.
 */
export function stopProgress(
  stop: DriverStop,
  queued: readonly QueueItem<DriverPayload>[],
  /** Actions the server accepted since the stop was last fetched: shown as synced until the next fetch has them. */
  sent: readonly QueueItem<DriverPayload>[] = [],
): StopProgress {
  const mine = queued.filter((item) => item.scope === stop.id);
  const accepted = sent.filter((item) => item.scope === stop.id);
  const lines: StopContainerLine[] = stop.containers.map((c) => ({
    code: c.code,
    weightKg: c.weightKg === null || c.weightKg === undefined ? null : String(c.weightKg),
    wasteName: c.wasteName ?? null,
    synced: true,
    refused: false,
  }));
  for (const item of accepted.filter((i) => i.kind === 'scan')) {
    const code = String(item.payload.containerCode ?? '');
    if (lines.some((l) => l.code === code)) continue;
    lines.push({ code, weightKg: String(item.payload.weightKg ?? ''), wasteName: null, synced: true, refused: false });
  }
  for (const item of mine.filter((i) => i.kind === 'scan')) {
    const code = String(item.payload.containerCode ?? '');
    if (lines.some((l) => l.code === code && l.synced)) continue;
    lines.push({ code, weightKg: String(item.payload.weightKg ?? ''), wasteName: null, synced: false, refused: item.status === 'failed' });
  }
  const live = (kind: string) => mine.some((i) => i.kind === kind && i.status !== 'failed');
  const wasSent = (kind: string) => accepted.some((i) => i.kind === kind);
  const confirmed = CONFIRMED.has(stop.status) || Boolean(stop.confirmedAt) || wasSent('confirm');
  const confirmationQueued = !confirmed && live('confirm');
  const completed = COMPLETED.has(stop.status) || wasSent('complete');
  const completionQueued = !completed && live('complete');
  const counted = lines.filter((l) => !l.refused);

  let step: StopStep = 'collect';
  if (completed || completionQueued) step = 'done';
  else if (confirmed || confirmationQueued) step = 'complete';
  else if (counted.length > 0) step = 'confirm';

  return {
    containers: lines,
    totalKg: sumKg(counted.map((l) => l.weightKg ?? '0')),
    confirmed,
    confirmationQueued,
    completed,
    completionQueued,
    step,
  };
}
