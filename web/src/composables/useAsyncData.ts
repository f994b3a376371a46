import { ref, shallowRef, type Ref } from 'vue';
import { ApiError, problemMessage } from '@/api/problem';

export interface AsyncData<T> {
  data: Ref<T | undefined>;
  loading: Ref<boolean>;
  error: Ref<string | null>;
  reload: () => Promise<void>;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return problemMessage(error.problem);
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Loads data once immediately (unless `immediate: false`) and exposes loading/error state. */
export function useAsyncData<T>(fetcher: () => Promise<T>, options: { immediate?: boolean } = {}): AsyncData<T> {
  const data = shallowRef<T | undefined>(undefined) as Ref<T | undefined>;
  const loading = ref(false);
  const error = ref<string | null>(null);
  let generation = 0;

  async function reload(): Promise<void> {
    const current = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const result = await fetcher();
      if (current === generation) data.value = result;
    } catch (reason) {
      if (current === generation) error.value = errorText(reason);
    } finally {
      if (current === generation) loading.value = false;
    }
  }

  if (options.immediate !== false) void reload();
  return { data, loading, error, reload };
}
