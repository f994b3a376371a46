import { reactive, ref, shallowRef, type Ref } from 'vue';
import type { Paged } from '@/api/models';
import { errorText } from './useAsyncData';

export interface PagedList<T, F extends object> {
  items: Ref<T[]>;
  total: Ref<number>;
  page: Ref<number>;
  pageSize: Ref<number>;
  loading: Ref<boolean>;
  error: Ref<string | null>;
  filters: F;
  reload: () => Promise<void>;
  /** Applies the current filters from page 1. */
  search: () => Promise<void>;
}

export function usePagedList<T, F extends object>(
  fetcher: (query: F & { page: number; pageSize: number }) => Promise<Paged<T>>,
  initialFilters: F,
  options: { pageSize?: number } = {},
): PagedList<T, F> {
  const items = shallowRef<T[]>([]) as Ref<T[]>;
  const total = ref(0);
  const page = ref(1);
  const pageSize = ref(options.pageSize ?? 20);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const filters = reactive({ ...initialFilters }) as F;
  let generation = 0;

  async function reload(): Promise<void> {
    const current = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const result = await fetcher({ ...filters, page: page.value, pageSize: pageSize.value });
      if (current !== generation) return;
      items.value = result.items;
      total.value = result.total;
    } catch (reason) {
      if (current === generation) error.value = errorText(reason);
    } finally {
      if (current === generation) loading.value = false;
    }
  }

  async function search(): Promise<void> {
    page.value = 1;
    await reload();
  }

  void reload();
  return { items, total, page, pageSize, loading, error, filters, reload, search };
}
