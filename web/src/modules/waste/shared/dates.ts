/** The district's legal and operational day is Asia/Shanghai, whatever time zone the phone is set to. */
export const DISTRICT_TIME_ZONE = 'Asia/Shanghai';

/** `YYYY-MM-DD` of the given instant in the district's time zone. */
export function districtDate(instant: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: DISTRICT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** `HH:mm` of an ISO instant (or a bare `HH:mm[:ss]` time) in the district's time zone. */
export function districtTime(value: string | null | undefined): string {
  if (!value) return '';
  if (/^\d{2}:\d{2}/.test(value)) return value.slice(0, 5);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat('en-GB', { timeZone: DISTRICT_TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}

/** Whole days from `from` to `to` (ISO instants), floored; negative when `to` is earlier. */
export function daysBetween(from: string, to: Date): number {
  return Math.floor((to.getTime() - Date.parse(from)) / 86_400_000);
}
