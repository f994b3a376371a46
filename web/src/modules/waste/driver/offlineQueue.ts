import { ApiError, fieldCodes, problemCode, type ProblemDetails } from '@/api/problem';

/**
 * The driver's outbox. Every action taken on the phone (scan, weigh, confirm, complete) is written here first, with
 * an idempotency key minted at the moment of the tap, and only then sent. Items leave the queue in the order they were
 * made; a network failure stops the run (nothing may overtake an unsent action) and the item is retried later with
 * the same key, so a request that did reach the server before the connection dropped is answered with its first
 * result instead of being applied twice. A rejection by the server (4xx) parks the item with the server's reason and
 * holds back the later items of the same scope (the same stop), which usually depend on it; other stops go on.
 *
 * Pure TypeScript: storage, clock, id source and transport are injected, so the ordering and retry rules are unit
 * tested without a browser.
 */

export type QueueItemStatus = 'pending' | 'sending' | 'failed';

export interface QueueRejection {
  status: number;
  title: string | null;
  detail: string | null;
  errors: Record<string, string[]> | null;
  /** The server's machine-readable codes (rule code, reason codes per field), so the phone can word them in its language. */
  code?: string | null;
  fieldCodes?: Record<string, (string | null)[]> | null;
}

export interface QueueItem<P = unknown> {
  /** Idempotency key: minted once at enqueue, sent unchanged on every attempt. */
  key: string;
  /** What the action is (e.g. `scan`, `weigh`); the sender dispatches on it. */
  kind: string;
  /** Items of one scope depend on each other (one stop); a rejected item holds back the later ones of its scope. */
  scope: string;
  payload: P;
  /** ISO instant of the tap. */
  createdAt: string;
  attempts: number;
  status: QueueItemStatus;
  /** ISO instant before which no automatic retry is made (after a network failure). */
  notBefore: string | null;
  /** Last transient failure (network, 5xx), for the "still trying" line. */
  lastError: string | null;
  /** Why the server refused it (status 4xx); only when `status === 'failed'`. */
  rejection: QueueRejection | null;
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type Sender<P> = (item: Readonly<QueueItem<P>>) => Promise<unknown>;

export interface OfflineQueueOptions<P> {
  storage: KeyValueStorage;
  /** Storage key; include the user id so two drivers sharing a phone never send each other's actions. */
  storageKey: string;
  send: Sender<P>;
  now?: () => Date;
  newKey?: () => string;
  /** First retry delay after a transient failure; doubles per attempt up to `maxRetryDelayMs`. */
  baseRetryDelayMs?: number;
  maxRetryDelayMs?: number;
}

export interface FlushReport {
  sent: number;
  rejected: number;
  /** True when the run stopped at a transient failure (offline, server unavailable). */
  interrupted: boolean;
}

export type QueueEvent<P> =
  | { type: 'changed' }
  | { type: 'sent'; item: QueueItem<P>; result: unknown }
  | { type: 'rejected'; item: QueueItem<P> };

const STORAGE_VERSION = 1;

/** Status codes that say "try again later" rather than "this request is wrong". */
export function isTransient(error: unknown): boolean {
  // 401: the session ran out; the action is fine and goes once the driver has signed in again.
  if (error instanceof ApiError) return error.status === 401 || error.status === 408 || error.status === 425 || error.status === 429 || error.status >= 500;
  // fetch rejects with a TypeError when there is no connection and a DOMException when aborted (timeout). Any other
  // error is a bug on the phone: retrying it would loop forever, so it is parked like a refusal.
  return error instanceof TypeError || (typeof DOMException !== 'undefined' && error instanceof DOMException);
}

function rejectionOf(error: ApiError): QueueRejection {
  const problem: ProblemDetails = error.problem;
  return {
    status: error.status,
    title: problem.title ?? null,
    detail: problem.detail ?? null,
    errors: problem.errors ?? null,
    code: problemCode(problem),
    fieldCodes: Object.keys(fieldCodes(problem)).length > 0 ? fieldCodes(problem) : null,
  };
}

function describe(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function isQueueItem(value: unknown): value is QueueItem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.key === 'string' &&
    typeof v.kind === 'string' &&
    typeof v.scope === 'string' &&
    typeof v.createdAt === 'string' &&
    typeof v.attempts === 'number' &&
    (v.status === 'pending' || v.status === 'sending' || v.status === 'failed')
  );
}

function defaultKey(): string {
  return globalThis.crypto.randomUUID();
}

export class OfflineQueue<P = unknown> {
  private items: QueueItem<P>[] = [];
  private readonly listeners = new Set<(event: QueueEvent<P>) => void>();
  private running: Promise<FlushReport> | null = null;
  private readonly now: () => Date;
  private readonly newKey: () => string;
  private readonly baseDelay: number;
  private readonly maxDelay: number;

  constructor(private readonly options: OfflineQueueOptions<P>) {
    this.now = options.now ?? (() => new Date());
    this.newKey = options.newKey ?? defaultKey;
    this.baseDelay = options.baseRetryDelayMs ?? 2_000;
    this.maxDelay = options.maxRetryDelayMs ?? 60_000;
    this.items = this.load();
  }

  /** A copy of the queue, oldest first. */
  list(): QueueItem<P>[] {
    return this.items.map((item) => ({ ...item }));
  }

  /** Actions not yet accepted by the server (waiting, in flight or refused). */
  get size(): number {
    return this.items.length;
  }

  get pendingCount(): number {
    return this.items.filter((item) => item.status !== 'failed').length;
  }

  get failedCount(): number {
    return this.items.filter((item) => item.status === 'failed').length;
  }

  /** Whether the item waits behind a refused item of its own scope. */
  isBlocked(key: string): boolean {
    const index = this.items.findIndex((item) => item.key === key);
    if (index < 0) return false;
    const scope = this.items[index]!.scope;
    return this.items.slice(0, index).some((item) => item.scope === scope && item.status === 'failed');
  }

  subscribe(listener: (event: QueueEvent<P>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records an action; it is persisted before this returns, so closing the app right after the tap loses nothing. */
  enqueue(kind: string, scope: string, payload: P): QueueItem<P> {
    const item: QueueItem<P> = {
      key: this.newKey(),
      kind,
      scope,
      payload,
      createdAt: this.now().toISOString(),
      attempts: 0,
      status: 'pending',
      notBefore: null,
      lastError: null,
      rejection: null,
    };
    this.items.push(item);
    this.changed();
    return { ...item };
  }

  /** Puts a refused item back in line (same key), e.g. after the dispatcher fixed the trip. */
  retry(key: string): void {
    const item = this.items.find((i) => i.key === key);
    if (!item || item.status !== 'failed') return;
    item.status = 'pending';
    item.rejection = null;
    item.notBefore = null;
    this.changed();
  }

  /** Drops an item for good (the driver decided the action is not needed); later items of its scope are released. */
  discard(key: string): void {
    const before = this.items.length;
    this.items = this.items.filter((i) => i.key !== key || i.status === 'sending');
    if (this.items.length !== before) this.changed();
  }

  /** Milliseconds until the earliest automatic retry is due, or null when nothing waits on a timer. */
  nextRetryDelay(): number | null {
    const now = this.now().getTime();
    let earliest: number | null = null;
    for (const item of this.items) {
      if (item.status !== 'pending' || item.notBefore === null) continue;
      const due = Date.parse(item.notBefore) - now;
      earliest = earliest === null ? due : Math.min(earliest, due);
    }
    return earliest === null ? null : Math.max(0, earliest);
  }

  /**
   * Sends waiting items in order. `force` ignores retry back-off (the "sync now" button, or the browser's `online`
   * event). A run already in progress is joined, not duplicated.
   */
  flush(options: { force?: boolean } = {}): Promise<FlushReport> {
    if (this.running) return this.running;
    this.running = this.run(options.force ?? false).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(force: boolean): Promise<FlushReport> {
    const report: FlushReport = { sent: 0, rejected: 0, interrupted: false };
    const heldScopes = new Set<string>();
    // Walk a snapshot by key: the list may grow while a request is in flight.
    for (let index = 0; index < this.items.length; index++) {
      const item = this.items[index]!;
      if (item.status === 'failed') {
        heldScopes.add(item.scope);
        continue;
      }
      if (heldScopes.has(item.scope)) continue;
      if (!force && item.notBefore !== null && Date.parse(item.notBefore) > this.now().getTime()) {
        // Order is kept: nothing behind a waiting item may go first.
        report.interrupted = true;
        break;
      }

      item.status = 'sending';
      item.attempts += 1;
      this.changed();
      try {
        const result = await this.options.send({ ...item });
        this.items = this.items.filter((i) => i !== item);
        index--;
        report.sent++;
        this.changed();
        this.emit({ type: 'sent', item: { ...item }, result });
      } catch (error) {
        if (isTransient(error)) {
          item.status = 'pending';
          item.lastError = describe(error);
          item.notBefore = new Date(this.now().getTime() + this.delayFor(item.attempts)).toISOString();
          this.changed();
          report.interrupted = true;
          break;
        }
        item.status = 'failed';
        item.rejection = error instanceof ApiError ? rejectionOf(error) : null;
        item.lastError = describe(error);
        item.notBefore = null;
        heldScopes.add(item.scope);
        report.rejected++;
        this.changed();
        this.emit({ type: 'rejected', item: { ...item } });
      }
    }
    return report;
  }

  private delayFor(attempts: number): number {
    return Math.min(this.maxDelay, this.baseDelay * 2 ** Math.max(0, attempts - 1));
  }

  private changed(): void {
    this.save();
    this.emit({ type: 'changed' });
  }

  private emit(event: QueueEvent<P>): void {
    for (const listener of this.listeners) listener(event);
  }

  private save(): void {
    const { storage, storageKey } = this.options;
    if (this.items.length === 0) {
      storage.removeItem(storageKey);
      return;
    }
    storage.setItem(storageKey, JSON.stringify({ version: STORAGE_VERSION, items: this.items }));
  }

  private load(): QueueItem<P>[] {
    const { storage, storageKey } = this.options;
    const raw = storage.getItem(storageKey);
    if (raw === null) return [];
    try {
      const parsed = JSON.parse(raw) as { version?: unknown; items?: unknown };
      if (parsed.version !== STORAGE_VERSION || !Array.isArray(parsed.items)) throw new Error('unknown queue format');
      const items = parsed.items.filter(isQueueItem) as QueueItem<P>[];
      if (items.length !== parsed.items.length) throw new Error('malformed queue item');
      // An item that was in flight when the app closed may or may not have reached the server; resending it with
      // the same key is safe because the server answers a replay with the first result.
      return items.map((item) => ({
        ...item,
        status: item.status === 'sending' ? 'pending' : item.status,
        notBefore: item.notBefore ?? null,
        lastError: item.lastError ?? null,
        rejection: item.rejection ?? null,
      }));
    } catch {
      // Never silently lose a driver's actions: keep the unreadable text aside for support, start empty.
      storage.setItem(`${storageKey}.unreadable`, raw);
      storage.removeItem(storageKey);
      return [];
    }
  }
}
