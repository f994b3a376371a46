import { describe, expect, it } from 'vitest';
import type { QueueItem } from './offlineQueue';
import type { DriverPayload, DriverStop } from './driverApi';
import { stopProgress } from './stopProgress';

const stop = (over: Partial<DriverStop> = {}): DriverStop => ({
  id: 'stop-1',
  sequence: 1,
  generatorName: 'A',
  status: 'Planned',
  items: [],
  ...over,
});

let n = 0;
const queued = (kind: string, payload: Record<string, unknown>, status: QueueItem['status'] = 'pending', scope = 'stop-1'): QueueItem<DriverPayload> => ({
  key: `k${++n}`,
  kind,
  scope,
  payload: { tripId: 't', stopId: scope, ...payload } as DriverPayload,
  createdAt: '2026-11-21T01:00:00Z',
  attempts: 0,
  status,
  notBefore: null,
  lastError: null,
  rejection: null,
});

describe('stop progress on the phone', () => {
  it('starts at collecting with nothing recorded', () => {
    const p = stopProgress(stop(), []);
    expect(p.step).toBe('collect');
    expect(p.totalKg).toBe('0');
  });

  it('adds queued scans as unsynced lines and moves on to confirmation', () => {
    const p = stopProgress(stop({ items: [{ containerCode: 'C-1', weightKg: 10.5 }] }), [queued('scan', { containerCode: 'C-2', weightKg: '2.25' })]);
    expect(p.containers.map((c) => [c.code, c.synced])).toEqual([
      ['C-1', true],
      ['C-2', false],
    ]);
    expect(p.totalKg).toBe('12.75');
    expect(p.step).toBe('confirm');
  });

  it('does not count a scan the server refused', () => {
    const p = stopProgress(stop(), [queued('scan', { containerCode: 'C-9', weightKg: '3' }, 'failed')]);
    expect(p.containers[0]?.refused).toBe(true);
    expect(p.totalKg).toBe('0');
    expect(p.step).toBe('collect');
  });

  it('ignores queued actions of other stops and drops a queued scan the server already has', () => {
    const p = stopProgress(stop({ items: [{ containerCode: 'C-1', weightKg: 4 }] }), [
      queued('scan', { containerCode: 'C-1', weightKg: '4' }),
      queued('scan', { containerCode: 'X', weightKg: '1' }, 'pending', 'stop-2'),
    ]);
    expect(p.containers).toHaveLength(1);
  });

  it('shows actions the server accepted since the last fetch as synced, without duplicating what the fetch has', () => {
    const sent = [queued('scan', { containerCode: 'C-1', weightKg: '4' }), queued('scan', { containerCode: 'C-2', weightKg: '1.5' })];
    const p = stopProgress(stop({ items: [{ containerCode: 'C-1', weightKg: '4' }] }), [], sent);
    expect(p.containers.map((c) => [c.code, c.synced])).toEqual([
      ['C-1', true],
      ['C-2', true],
    ]);
    expect(p.totalKg).toBe('5.5');
    expect(p.step).toBe('confirm');
  });

  it("moves on to the carrier's signature once the generator signed on the server, or a confirmation is queued or accepted", () => {
    expect(stopProgress(stop({ status: 'Confirmed', items: [{ containerCode: 'C-1', weightKg: 1 }] }), []).step).toBe('carrier');
    const queuedConfirm = stopProgress(stop({ items: [{ containerCode: 'C-1', weightKg: 1 }] }), [queued('confirm', { securityCode: '123456' })]);
    expect(queuedConfirm.step).toBe('carrier');
    expect(queuedConfirm.confirmationQueued).toBe(true);
    expect(stopProgress(stop(), [], [queued('confirm', {})]).confirmed).toBe(true);
  });

  it('is done once the manifest is in transit, or the carrier signature is queued', () => {
    expect(stopProgress(stop({ status: 'Confirmed', manifestStatus: 'InTransit' }), []).step).toBe('done');
    expect(stopProgress(stop({ status: 'Confirmed', manifestStatus: 'SignedByGenerator' }), []).step).toBe('carrier');
    const q = stopProgress(stop({ status: 'Confirmed' }), [queued('carrierSign', { manifestId: 'm' })]);
    expect(q.step).toBe('done');
    expect(q.carrierQueued).toBe(true);
    expect(stopProgress(stop({ status: 'Confirmed' }), [queued('carrierSign', { manifestId: 'm' }, 'failed')]).step).toBe('carrier');
  });

  it('goes back to confirmation when the server refused the code', () => {
    const p = stopProgress(stop({ items: [{ containerCode: 'C-1', weightKg: 1 }] }), [queued('confirm', { securityCode: '000000' }, 'failed')]);
    expect(p.step).toBe('confirm');
  });
});
