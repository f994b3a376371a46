import { computed, ref, shallowRef, type Ref } from 'vue';
import { OfflineQueue, type FlushReport, type KeyValueStorage, type QueueEvent, type QueueItem } from './offlineQueue';
import { driverApi, type DriverPayload } from './driverApi';

export interface DriverQueueState {
  items: Ref<QueueItem<DriverPayload>[]>;
  /** Accepted by the server since the trips were last fetched (see `forgetSentBefore`). */
  sent: Ref<QueueItem<DriverPayload>[]>;
  /** Drops accepted actions sent before `instant` (ms): a fetch started after them already shows their effect. */
  forgetSentBefore: (instant: number) => void;
  online: Ref<boolean>;
  syncing: Ref<boolean>;
  pendingCount: Readonly<Ref<number>>;
  failedCount: Readonly<Ref<number>>;
  lastReport: Ref<FlushReport | null>;
  enqueue: (kind: string, scope: string, payload: DriverPayload) => QueueItem<DriverPayload>;
  sync: (force?: boolean) => Promise<void>;
  retry: (key: string) => void;
  discard: (key: string) => void;
  isBlocked: (key: string) => boolean;
  onEvent: (listener: (event: QueueEvent<DriverPayload>) => void) => () => void;
}

const STORAGE_PREFIX = 'gi.waste.driverQueue.v1';

function browserStorage(): KeyValueStorage {
  try {
    if (globalThis.localStorage) return globalThis.localStorage;
  } catch {
    // Storage disabled: fall through to memory (actions survive navigation, not a reload).
  }
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

const instances = new Map<string, DriverQueueState>();

/**
 * One queue per signed-in user for the life of the page: the stop page, the trip page and the header badge all see
 * the same items. Syncs when the browser comes back online, on a back-off timer after failures, and on demand.
 */
export function useDriverQueue(userId: string, options: { storage?: KeyValueStorage; send?: (item: Readonly<QueueItem<DriverPayload>>) => Promise<unknown> } = {}): DriverQueueState {
  const existing = instances.get(userId);
  if (existing && !options.storage) return existing;

  const queue = new OfflineQueue<DriverPayload>({
    storage: options.storage ?? browserStorage(),
    storageKey: `${STORAGE_PREFIX}.${userId}`,
    send: options.send ?? ((item) => driverApi.perform(item)),
  });
  const items = shallowRef(queue.list());
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine !== false);
  const syncing = ref(false);
  const lastReport = ref<FlushReport | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;

  const sent = shallowRef<QueueItem<DriverPayload>[]>([]);
  const sentAt = new Map<string, number>();
  queue.subscribe((event) => {
    if (event.type === 'changed') items.value = queue.list();
    if (event.type === 'sent') {
      sentAt.set(event.item.key, Date.now());
      sent.value = [...sent.value, event.item];
    }
  });

  function schedule(): void {
    clearTimeout(timer);
    const delay = queue.nextRetryDelay();
    if (delay !== null) timer = setTimeout(() => void sync(), delay + 50);
  }

  async function sync(force = false): Promise<void> {
    if (queue.size === 0) return;
    syncing.value = true;
    try {
      lastReport.value = await queue.flush({ force });
    } finally {
      syncing.value = false;
      schedule();
    }
  }

  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => {
      online.value = true;
      void sync(true);
    });
    window.addEventListener('offline', () => {
      online.value = false;
    });
  }

  const state: DriverQueueState = {
    items,
    sent,
    forgetSentBefore(instant) {
      sent.value = sent.value.filter((item) => (sentAt.get(item.key) ?? 0) >= instant);
    },
    online,
    syncing,
    pendingCount: computed(() => items.value.filter((i) => i.status !== 'failed').length),
    failedCount: computed(() => items.value.filter((i) => i.status === 'failed').length),
    lastReport,
    enqueue(kind, scope, payload) {
      const item = queue.enqueue(kind, scope, payload);
      // Try at once; when offline the item simply waits (and the browser's `online` event triggers the sync).
      if (online.value) void sync();
      return item;
    },
    sync,
    retry(key) {
      queue.retry(key);
      void sync(true);
    },
    discard(key) {
      queue.discard(key);
      void sync(true);
    },
    isBlocked: (key) => queue.isBlocked(key),
    onEvent: (listener) => queue.subscribe(listener),
  };
  if (!options.storage) instances.set(userId, state);
  // Items left from an earlier session go out as soon as the page opens.
  void sync(true);
  return state;
}
