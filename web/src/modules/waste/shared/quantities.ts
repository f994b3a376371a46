/**
 * Weights are typed by people on a phone: accept what they type (a comma as decimal separator, surrounding spaces,
 * full-width digits from a Chinese keyboard) but send a canonical decimal string, never a float, so that
 * 12.345 kg stays 12.345 kg end to end.
 */

export type WeightProblem = 'required' | 'notANumber' | 'notPositive' | 'tooPrecise' | 'tooLarge';

export type WeightResult = { ok: true; kg: string } | { ok: false; problem: WeightProblem };

/** Grams are the finest unit a platform scale shows. */
export const MAX_WEIGHT_DECIMALS = 3;
/** A single container on a collection vehicle; anything above is a typing slip (an extra digit). */
export const MAX_CONTAINER_KG = 5_000;

function toHalfWidth(text: string): string {
  return text.replace(/[\uff10-\uff19\uff0e\uff0c]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** `maxKg` bounds a typing slip; a manifest line (many containers) passes a larger bound than one container. */
export function parseWeightKg(input: string | number | null | undefined, maxKg: number = MAX_CONTAINER_KG): WeightResult {
  if (input === null || input === undefined) return { ok: false, problem: 'required' };
  const text = toHalfWidth(String(input)).trim().replace(',', '.').replace(/\s*kg$/i, '');
  if (text === '') return { ok: false, problem: 'required' };
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return { ok: false, problem: 'notANumber' };
  const negative = text.startsWith('-');
  const unsigned = text.replace(/^[+-]/, '');
  const [whole = '0', fraction = ''] = unsigned.split('.');
  const trimmedFraction = fraction.replace(/0+$/, '');
  const wholeDigits = (whole || '0').replace(/^0+(?=\d)/, '');
  const isZero = /^0*$/.test(wholeDigits) && trimmedFraction === '';
  if (negative || isZero) return { ok: false, problem: 'notPositive' };
  if (trimmedFraction.length > MAX_WEIGHT_DECIMALS) return { ok: false, problem: 'tooPrecise' };
  if (Number(`${wholeDigits}.${trimmedFraction || '0'}`) > maxKg) return { ok: false, problem: 'tooLarge' };
  return { ok: true, kg: trimmedFraction ? `${wholeDigits}.${trimmedFraction}` : wholeDigits };
}

/** Sums decimal kg strings exactly (in grams), for a stop's total. */
export function sumKg(values: readonly (string | number)[]): string {
  let grams = 0n;
  for (const value of values) {
    const parsed = parseWeightKg(value);
    if (!parsed.ok) continue;
    const [whole, fraction = ''] = parsed.kg.split('.');
    grams += BigInt(whole ?? '0') * 1000n + BigInt((fraction + '000').slice(0, 3));
  }
  const whole = grams / 1000n;
  const rest = (grams % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : whole.toString();
}

/** kg shown with up to 3 decimals; tonnes above 1000 kg when `preferTonnes`. */
export function formatKg(value: string | number | null | undefined, locale: string): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return `${n.toLocaleString(locale, { maximumFractionDigits: 3 })} kg`;
}

export function formatTonnes(value: string | number | null | undefined, locale: string): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return `${n.toLocaleString(locale, { maximumFractionDigits: 3 })} t`;
}
