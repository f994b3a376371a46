import waste from '@/modules/waste/i18n/problems.zh-CN';

/**
 * Server refusals in Simplified Chinese, read by problemText (web/src/api/problem.ts): `rules` by rule name (the
 * title of a 409), `fields` by field name, `reasons` by the reason code a field error carries. Modules add theirs.
 */
const problemsZhCN = {
  separator: '：',
  joiner: '；',
  item: '第 {n} 项{field}',
  rules: { ...waste.rules },
  fields: { ...waste.fields },
  reasons: { ...waste.reasons },
};

export default problemsZhCN;
