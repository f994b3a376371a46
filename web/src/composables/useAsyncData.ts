import { ref, shallowRef, type Ref } from 'vue';
import { ApiError, problemText, type ProblemTranslator } from '@/api/problem';
import { i18n } from '@/i18n';

export interface AsyncData<T> {
  data: Ref<T | undefined>;
  loading: Ref<boolean>;
  error: Ref<string | null>;
  reload: () => Promise<void>;
}

/** The app-wide translator (the current locale), for code that has no component's `useI18n()` at hand. */
export const appTranslator: ProblemTranslator = {
  t: (key, named) => (named === undefined ? i18n.global.t(key) : i18n.global.t(key, named)),
  te: (key) => i18n.global.te(key),
};

/** A failure as one line in the user's language (server refusals through problemText). */
export function errorText(error: unknown, translator: ProblemTranslator = appTranslator): string {
  if (error instanceof ApiError) return problemText(error.problem, translator);
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
