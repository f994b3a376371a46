import waste from '@/modules/waste/i18n/problems.en';
import type problemsZhCN from './problems.zh-CN';

/** Server refusals in English (same keys as problems.zh-CN.ts). */
const problemsEn: typeof problemsZhCN = {
  separator: ': ',
  joiner: '; ',
  item: '{field} (item {n})',
  rules: { ...waste.rules },
  fields: { ...waste.fields },
  reasons: { ...waste.reasons },
};

export default problemsEn;
