/** Fill bands of a cabinet: the pickup threshold is 0.8 (the district's rule), re-armed below 0.5. */
export type FillBand = 'low' | 'medium' | 'high' | 'unknown';

export const FILL_COLOURS: Record<FillBand, string> = {
  low: '#2e9d62',
  medium: '#d99a1e',
  high: '#c8403a',
  unknown: '#9aa8a1',
};

export function fillBand(ratio: number | string | null | undefined, threshold = 0.8, warn = 0.5): FillBand {
  if (ratio === null || ratio === undefined || ratio === '') return 'unknown';
  const value = typeof ratio === 'number' ? ratio : Number(ratio);
  if (!Number.isFinite(value)) return 'unknown';
  if (value >= threshold) return 'high';
  if (value >= warn) return 'medium';
  return 'low';
}

export function percent(ratio: number | string | null | undefined): string {
  if (ratio === null || ratio === undefined || ratio === '') return '—';
  const value = typeof ratio === 'number' ? ratio : Number(ratio);
  return Number.isFinite(value) ? `${Math.round(value * 100)}%` : '—';
}

type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary';

const MANIFEST_TAGS: Record<string, TagType> = {
  Draft: 'info',
  SignedByGenerator: 'primary',
  InTransit: 'primary',
  Received: 'warning',
  Accepted: 'success',
  PartiallyRefused: 'warning',
  Refused: 'danger',
  Disposed: 'success',
  Cancelled: 'info',
};

export function manifestTag(status: string): TagType {
  return MANIFEST_TAGS[status] ?? 'info';
}

const ALERT_TAGS: Record<string, TagType> = { Critical: 'danger', High: 'danger', Warning: 'warning', Medium: 'warning', Info: 'info', Low: 'info' };
export function severityTag(severity: string | null | undefined): TagType {
  return (severity && ALERT_TAGS[severity]) || 'warning';
}

/** Rows of `{ key, value }` summed per key, largest first, for bar charts (tonnage by category/town). */
export function totalsBy<T>(rows: readonly T[], key: (row: T) => string, value: (row: T) => number): Array<{ key: string; value: number }> {
  const totals = new Map<string, number>();
  for (const row of rows) {
    const v = value(row);
    if (!Number.isFinite(v)) continue;
    totals.set(key(row), (totals.get(key(row)) ?? 0) + v);
  }
  return [...totals.entries()].map(([k, v]) => ({ key: k, value: v })).sort((a, b) => b.value - a.value || a.key.localeCompare(b.key));
}

/** HJ 1259 tier from the expected annual quantity in tonnes (the server computes it too; shown while typing). */
export type ManagementTier = 'Registration' | 'Simplified' | 'KeySupervised';
export function tierForAnnualTonnes(tonnes: number): ManagementTier {
  if (tonnes >= 100) return 'KeySupervised';
  if (tonnes >= 10) return 'Simplified';
  return 'Registration';
}
