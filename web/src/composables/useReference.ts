import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { referenceApi } from '@/api/endpoints';
import type { Jurisdiction } from '@/api/models';
import { useAsyncData } from './useAsyncData';

export function flattenJurisdictions(nodes: readonly Jurisdiction[]): Jurisdiction[] {
  return nodes.flatMap((node) => [node, ...flattenJurisdictions(node.children ?? [])]);
}

export interface JurisdictionOption {
  id: string;
  name: string;
  level: string;
}

/** Jurisdictions (districts and their towns) for filters and forms, named in the current language. */
export function useJurisdictions() {
  const { locale } = useI18n();
  const source = useAsyncData(() => referenceApi.jurisdictions());
  const all = computed<JurisdictionOption[]>(() =>
    flattenJurisdictions(source.data.value ?? []).map((j) => ({
      id: j.id,
      level: j.level,
      name: locale.value === 'en' && j.nameEn ? j.nameEn : j.name,
    })),
  );
  const towns = computed(() => all.value.filter((j) => j.level === 'Town'));
  const byId = computed(() => new Map(all.value.map((j) => [j.id, j.name] as const)));
  /** The jurisdiction's name in the current language, falling back to the name the server sent along. */
  const nameOf = (id: string | null | undefined, fallback: string | null | undefined) => (id ? byId.value.get(id) : undefined) ?? fallback ?? '—';
  return { all, towns, nameOf, loading: source.loading, error: source.error };
}

export const useTowns = useJurisdictions;
