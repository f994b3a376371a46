import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { referenceApi } from '@/api/endpoints';
import { flattenJurisdictions } from './useReference';
import { useAsyncData } from './useAsyncData';

/**
 * Display names of towns and industry classes in the current language. Dashboard figures carry the Chinese
 * names; the reference endpoints also carry the English ones.
 */
export function useReferenceNames() {
  const { locale } = useI18n();
  const jurisdictions = useAsyncData(() => referenceApi.jurisdictions());
  const industries = useAsyncData(() => referenceApi.industryClasses());
  const english = computed(() => locale.value === 'en');

  /** Chinese town name -> display name. */
  const townNames = computed(() => {
    const map = new Map<string, string>();
    for (const j of flattenJurisdictions(jurisdictions.data.value ?? [])) map.set(j.name, english.value && j.nameEn ? j.nameEn : j.name);
    return map;
  });

  /** Industry class code -> display name. */
  const industryNames = computed(() => {
    const map = new Map<string, string>();
    for (const c of industries.data.value ?? []) map.set(c.code, english.value && c.nameEn ? c.nameEn : c.name);
    return map;
  });

  return {
    townNames,
    industryNames,
    townName: (name: string) => townNames.value.get(name) ?? name,
    industryName: (code: string, fallback: string) => industryNames.value.get(code) ?? fallback,
  };
}
