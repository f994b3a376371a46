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

/**
 * collect: scan and weigh; confirm: the generator signs with its code; carrier: the driver signs the manifest as
 * carrier (the waste is in transit); done. A queued step counts as taken.
 */
export type StopStep = 'collect' | 'confirm' | 'carrier' | 'done';

/** Manifest states at or after the carrier's signature. */
const CARRIED = new Set(['InTransit', 'Received', 'Accepted', 'PartiallyRefused', 'Refused', 'Disposed']);

export interface StopProgress {
  containers: StopContainerLine[];
  totalKg: string;
  confirmed: boolean;
  confirmationQueued: boolean;
  carrierSigned: boolean;
  carrierQueued: boolean;
  step: StopStep;
}

/**
 * What the stop looks like to the driver: the server's view of the stop, plus the actions the server accepted since
 * that view was fetched, plus the actions still queued on the phone (marked "not yet synced"). A queued action counts
 * for the flow (the driver can go on offline); a refused one does not.
 */
export function stopProgress(
  stop: DriverStop,
  queued: readonly QueueItem<DriverPayload>[],
  sent: readonly QueueItem<DriverPayload>[] = [],
): StopProgress {
  const mine = queued.filter((item) => item.scope === stop.id);
  const accepted = sent.filter((item) => item.scope === stop.id);
  const lines: StopContainerLine[] = stop.items.map((c) => ({
    code: c.containerCode,
    weightKg: String(c.weightKg),
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
  const confirmed = stop.status === 'Confirmed' || Boolean(stop.confirmedAt) || accepted.some((i) => i.kind === 'confirm');
  const confirmationQueued = !confirmed && mine.some((i) => i.kind === 'confirm' && i.status !== 'failed');
  const carrierSigned = CARRIED.has(stop.manifestStatus ?? '') || accepted.some((i) => i.kind === 'carrierSign');
  const carrierQueued = !carrierSigned && mine.some((i) => i.kind === 'carrierSign' && i.status !== 'failed');
  const counted = lines.filter((l) => !l.refused);

  let step: StopStep = 'collect';
  if (carrierSigned || carrierQueued) step = 'done';
  else if (confirmed || confirmationQueued) step = 'carrier';
  else if (counted.length > 0) step = 'confirm';

  return { containers: lines, totalKg: sumKg(counted.map((l) => l.weightKg ?? '0')), confirmed, confirmationQueued, carrierSigned, carrierQueued, step };
}
