import { describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { ApiError } from '@/api/problem';
import type { Paged } from '@/api/models';
import { usePagedList } from './usePagedList';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const page = (names: string[], total = names.length): Paged<string> => ({ items: names, total, page: 1, pageSize: 20 });

describe('usePagedList', () => {
  it('keeps only the answer to the latest request when responses arrive out of order', async () => {
    const answers: ReturnType<typeof deferred<Paged<string>>>[] = [];
    const list = usePagedList<string, { q: string }>(() => {
      const d = deferred<Paged<string>>();
      answers.push(d);
      return d.promise;
    }, { q: '' });

    list.filters.q = 'new';
    const search = list.search();
    answers[1]!.resolve(page(['fresh'], 1));
    await search;
    answers[0]!.resolve(page(['stale-1', 'stale-2'], 2));
    await flushPromises();

    expect(list.items.value).toEqual(['fresh']);
    expect(list.total.value).toBe(1);
    expect(list.loading.value).toBe(false);
  });

  it('sends filters with the page and restarts from page 1 on search', async () => {
    const queries: unknown[] = [];
    const list = usePagedList<string, { q: string }>(async (query) => {
      queries.push(query);
      return page([]);
    }, { q: '' }, { pageSize: 50 });
    await flushPromises();

    list.page.value = 4;
    await list.reload();
    list.filters.q = '电镀';
    await list.search();

    expect(queries).toEqual([
      { q: '', page: 1, pageSize: 50 },
      { q: '', page: 4, pageSize: 50 },
      { q: '电镀', page: 1, pageSize: 50 },
    ]);
  });

  it('exposes the server problem as the error state', async () => {
    const list = usePagedList<string, object>(
      () => Promise.reject(new ApiError(400, { title: 'The request is invalid.', errors: { pageSize: ['The page size must be between 1 and 500.'] } })),
      {},
    );
    await flushPromises();

    expect(list.error.value).toBe('The page size must be between 1 and 500.');
    expect(list.items.value).toEqual([]);
  });
});
