import { computed } from 'vue';
import { referenceApi } from '@/api/endpoints';
import type { Jurisdiction } from '@/api/models';
import { useAsyncData } from './useAsyncData';

export function flattenJurisdictions(nodes: readonly Jurisdiction[]): Jurisdiction[] {
  return nodes.flatMap((node) => [node, ...flattenJurisdictions(node.children ?? [])]);
}

/** Towns of the jurisdictions the user can see, for filters and forms. */
export function useTowns() {
  const jurisdictions = useAsyncData(() => referenceApi.jurisdictions());
  const towns = computed(() =>
    flattenJurisdictions(jurisdictions.data.value ?? []).filter((j) => j.level === 'Town'),
  );
  return { towns, loading: jurisdictions.loading, error: jurisdictions.error };
}
