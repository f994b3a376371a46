import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/problem';
import { OfflineQueue, isTransient, type KeyValueStorage, type QueueItem } from './offlineQueue';

class MemoryStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

interface Payload {
  n: number;
}

/** A scripted transport: each call takes the next outcome; it records what was sent. */
function scriptedSender(outcomes: Array<'ok' | 'offline' | 503 | 409 | 400>) {
  const calls: Array<{ key: string; kind: string; n: number; attempts: number }> = [];
  const send = async (item: Readonly<QueueItem<Payload>>) => {
    calls.push({ key: item.key, kind: item.kind, n: item.payload.n, attempts: item.attempts });
    const outcome = outcomes.shift() ?? 'ok';
    if (outcome === 'ok') return { echoed: item.payload.n };
    if (outcome === 'offline') throw new TypeError('Failed to fetch');
    throw new ApiError(outcome, { status: outcome, title: `HTTP ${outcome}`, detail: outcome === 409 ? 'Stop already confirmed.' : 'Weight must be greater than zero.', errors: outcome === 400 ? { weightKg: ['must be > 0'] } : null, fieldCodes: outcome === 400 ? { weightKg: ['WeightInvalid'] } : undefined });
  };
  return { calls, send };
}

function setup(outcomes: Array<'ok' | 'offline' | 503 | 409 | 400> = [], storage = new MemoryStorage()) {
  let clock = Date.parse('2026-11-21T08:00:00Z');
  let counter = 0;
  const sender = scriptedSender(outcomes);
  const make = () =>
    new OfflineQueue<Payload>({
      storage,
      storageKey: 'queue:driver-1',
      send: sender.send,
      now: () => new Date(clock),
      newKey: () => `key-${++counter}`,
      baseRetryDelayMs: 1_000,
      maxRetryDelayMs: 8_000,
    });
  return {
    storage,
    sender,
    make,
    queue: make(),
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('driver offline queue', () => {
  it('sends queued actions in the order they were taken and empties the queue', async () => {
    const { queue, sender, storage } = setup();
    queue.enqueue('scan', 'stop-1', { n: 1 });
    queue.enqueue('weigh', 'stop-1', { n: 2 });
    queue.enqueue('scan', 'stop-2', { n: 3 });
    expect(queue.pendingCount).toBe(3);

    const report = await queue.flush();

    expect(sender.calls.map((c) => c.n)).toEqual([1, 2, 3]);
    expect(report).toEqual({ sent: 3, rejected: 0, interrupted: false });
    expect(queue.size).toBe(0);
    expect(storage.map.has('queue:driver-1')).toBe(false);
  });

  it('mints one key per action and reuses it on every retry', async () => {
    const { queue, sender, advance } = setup(['offline', 503, 'ok']);
    const item = queue.enqueue('weigh', 'stop-1', { n: 1 });

    await queue.flush();
    advance(1_000);
    await queue.flush();
    advance(2_000);
    await queue.flush();

    expect(sender.calls.map((c) => c.key)).toEqual([item.key, item.key, item.key]);
    expect(sender.calls.map((c) => c.attempts)).toEqual([1, 2, 3]);
    expect(queue.size).toBe(0);
  });

  it('stops at a network failure so that no later action overtakes the unsent one', async () => {
    const { queue, sender } = setup(['ok', 'offline']);
    queue.enqueue('scan', 'stop-1', { n: 1 });
    queue.enqueue('weigh', 'stop-1', { n: 2 });
    queue.enqueue('scan', 'stop-2', { n: 3 });

    const report = await queue.flush();

    expect(report).toEqual({ sent: 1, rejected: 0, interrupted: true });
    expect(sender.calls.map((c) => c.n)).toEqual([1, 2]);
    expect(queue.list().map((i) => [i.payload.n, i.status])).toEqual([
      [2, 'pending'],
      [3, 'pending'],
    ]);
    expect(queue.list()[0]?.lastError).toBe('Failed to fetch');
  });

  it('backs off exponentially after transient failures, up to the cap, unless forced', async () => {
    const { queue, sender, advance } = setup(['offline', 'offline', 'offline', 'offline', 'offline', 'ok']);
    queue.enqueue('scan', 'stop-1', { n: 1 });

    await queue.flush();
    expect(queue.nextRetryDelay()).toBe(1_000);
    await queue.flush(); // too early: nothing is sent
    expect(sender.calls).toHaveLength(1);

    advance(1_000);
    await queue.flush();
    expect(queue.nextRetryDelay()).toBe(2_000);
    advance(2_000);
    await queue.flush();
    expect(queue.nextRetryDelay()).toBe(4_000);
    advance(4_000);
    await queue.flush();
    expect(queue.nextRetryDelay()).toBe(8_000);
    advance(8_000);
    await queue.flush();
    expect(queue.nextRetryDelay()).toBe(8_000);

    await queue.flush({ force: true });
    expect(sender.calls).toHaveLength(6);
    expect(queue.size).toBe(0);
  });

  it("parks a refused action with the server's reason and holds back only the later actions of that stop", async () => {
    const { queue, sender } = setup(['ok', 409, 'ok']);
    queue.enqueue('scan', 'stop-1', { n: 1 });
    const confirm = queue.enqueue('confirm', 'stop-1', { n: 2 });
    const complete = queue.enqueue('complete', 'stop-1', { n: 3 });
    queue.enqueue('scan', 'stop-2', { n: 4 });

    const report = await queue.flush();

    expect(report).toEqual({ sent: 2, rejected: 1, interrupted: false });
    expect(sender.calls.map((c) => c.n)).toEqual([1, 2, 4]);
    const [failed, held] = queue.list();
    expect(failed?.key).toBe(confirm.key);
    expect(failed?.status).toBe('failed');
    expect(failed?.rejection).toEqual({ status: 409, title: 'HTTP 409', detail: 'Stop already confirmed.', errors: null, code: null, fieldCodes: null });
    expect(held?.key).toBe(complete.key);
    expect(queue.isBlocked(complete.key)).toBe(true);
    expect(queue.failedCount).toBe(1);
    expect(queue.pendingCount).toBe(1);
  });

  it("keeps the rule's code across a reload so the phone can word the refusal in its language", async () => {
    const storage = new MemoryStorage();
    const queue = new OfflineQueue<Payload>({
      storage,
      storageKey: 'queue:driver-1',
      send: async () => {
        throw new ApiError(409, { status: 409, title: 'StopIsConfirmedOnce', detail: 'The pickup was already confirmed.' });
      },
      newKey: () => 'key-1',
    });
    queue.enqueue('confirm', 'stop-1', { n: 1 });
    await queue.flush();
    const reloaded = new OfflineQueue<Payload>({ storage, storageKey: 'queue:driver-1', send: async () => undefined });
    expect(reloaded.list()[0]?.rejection).toMatchObject({ status: 409, code: 'StopIsConfirmedOnce', fieldCodes: null });
  });

  it('keeps field errors of a 400 so the phone can show which value was wrong', async () => {
    const { queue } = setup([400]);
    queue.enqueue('weigh', 'stop-1', { n: 0 });
    await queue.flush();
    expect(queue.list()[0]?.rejection?.errors).toEqual({ weightKg: ['must be > 0'] });
    expect(queue.list()[0]?.rejection?.fieldCodes).toEqual({ weightKg: ['WeightInvalid'] });
  });

  it('retries a refused action with its original key when the driver asks', async () => {
    const { queue, sender } = setup([409, 'ok', 'ok']);
    const confirm = queue.enqueue('confirm', 'stop-1', { n: 1 });
    queue.enqueue('complete', 'stop-1', { n: 2 });
    await queue.flush();

    queue.retry(confirm.key);
    await queue.flush();

    expect(sender.calls.map((c) => [c.n, c.key])).toEqual([
      [1, confirm.key],
      [1, confirm.key],
      [2, 'key-2'],
    ]);
    expect(queue.size).toBe(0);
  });

  it('releases the held actions of a stop when the refused one is discarded', async () => {
    const { queue, sender } = setup([409, 'ok']);
    const confirm = queue.enqueue('confirm', 'stop-1', { n: 1 });
    queue.enqueue('complete', 'stop-1', { n: 2 });
    await queue.flush();

    queue.discard(confirm.key);
    await queue.flush();

    expect(sender.calls.map((c) => c.n)).toEqual([1, 2]);
    expect(queue.size).toBe(0);
  });

  it('survives a reload: items, their keys and attempt counts come back from storage', async () => {
    const storage = new MemoryStorage();
    const first = setup(['offline'], storage);
    const scan = first.queue.enqueue('scan', 'stop-1', { n: 1 });
    const weigh = first.queue.enqueue('weigh', 'stop-1', { n: 2 });
    await first.queue.flush();

    // The app is closed and opened again: a new queue over the same storage.
    const second = setup(['ok', 'ok'], storage);
    const reloaded = second.queue.list();
    expect(reloaded.map((i) => [i.key, i.kind, i.payload.n, i.attempts])).toEqual([
      [scan.key, 'scan', 1, 1],
      [weigh.key, 'weigh', 2, 0],
    ]);
    await second.queue.flush({ force: true });
    expect(second.sender.calls.map((c) => c.key)).toEqual([scan.key, weigh.key]);
    expect(storage.map.size).toBe(0);
  });

  it('resends an action that was in flight when the app closed, with the same key', async () => {
    const storage = new MemoryStorage();
    let release: () => void = () => {};
    const queue = new OfflineQueue<Payload>({
      storage,
      storageKey: 'queue:driver-1',
      newKey: () => 'in-flight-key',
      // Never answers: the page is closed while the request is out.
      send: () => new Promise((resolve) => (release = () => resolve(undefined))),
    });
    queue.enqueue('confirm', 'stop-1', { n: 1 });
    void queue.flush();
    expect(queue.list()[0]?.status).toBe('sending');

    const sent: string[] = [];
    const reopened = new OfflineQueue<Payload>({
      storage,
      storageKey: 'queue:driver-1',
      send: async (item) => void sent.push(item.key),
    });
    expect(reopened.list()[0]?.status).toBe('pending');
    await reopened.flush();
    expect(sent).toEqual(['in-flight-key']);
    release();
  });

  it('keeps unreadable stored text aside instead of dropping it silently', () => {
    const storage = new MemoryStorage();
    storage.setItem('queue:driver-1', '{"version":1,"items":[{"nonsense":true}]}');
    const { queue } = setup([], storage);
    expect(queue.size).toBe(0);
    expect(storage.getItem('queue:driver-1.unreadable')).toContain('nonsense');
  });

  it('joins a flush already running instead of sending twice', async () => {
    const { queue, sender } = setup();
    queue.enqueue('scan', 'stop-1', { n: 1 });
    const [a, b] = await Promise.all([queue.flush(), queue.flush()]);
    expect(a).toBe(b);
    expect(sender.calls).toHaveLength(1);
  });

  it('sends an action enqueued while a run is in progress in the same run, after the earlier ones', async () => {
    const { queue, sender } = setup();
    queue.enqueue('scan', 'stop-1', { n: 1 });
    const unsubscribe = queue.subscribe((event) => {
      if (event.type === 'sent' && event.item.payload.n === 1) queue.enqueue('weigh', 'stop-1', { n: 2 });
    });
    await queue.flush();
    unsubscribe();
    expect(sender.calls.map((c) => c.n)).toEqual([1, 2]);
  });

  it('reports the server result of each sent action to subscribers', async () => {
    const { queue } = setup();
    const results: unknown[] = [];
    queue.subscribe((event) => {
      if (event.type === 'sent') results.push(event.result);
    });
    queue.enqueue('scan', 'stop-1', { n: 7 });
    await queue.flush();
    expect(results).toEqual([{ echoed: 7 }]);
  });

  it.each([
    [new TypeError('Failed to fetch'), true],
    [new ApiError(503, {}), true],
    [new ApiError(429, {}), true],
    [new ApiError(408, {}), true],
    [new ApiError(401, {}), true],
    [new ApiError(400, {}), false],
    [new ApiError(403, {}), false],
    [new ApiError(404, {}), false],
    [new ApiError(409, {}), false],
    [new Error('Unknown driver action "x"'), false],
  ])('classifies %s as transient = %s', (error, transient) => {
    expect(isTransient(error)).toBe(transient);
  });
});
