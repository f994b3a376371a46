import { useI18n } from 'vue-i18n';

/** Translates server enum values (roles, organisation types) with a raw-value fallback for unknown ones. */
export function useLabels() {
  const { t, te } = useI18n();
  const label = (prefix: string, value: string) => (te(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : value);
  return {
    roleLabel: (role: string) => label('roles', role),
    orgTypeLabel: (type: string) => label('orgTypes', type),
  };
}
