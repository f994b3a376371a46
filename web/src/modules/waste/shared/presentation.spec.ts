import { describe, expect, it } from 'vitest';
import { fillBand, manifestTag, percent, tierForAnnualTonnes, totalsBy } from './presentation';

describe('waste presentation', () => {
  it.each([
    [0.1, 'low'],
    [0.5, 'medium'],
    [0.79, 'medium'],
    [0.8, 'high'],
    [1.2, 'high'],
    ['0.85', 'high'],
    [null, 'unknown'],
    ['x', 'unknown'],
  ])('puts fill %s in band %s', (ratio, band) => {
    expect(fillBand(ratio)).toBe(band);
  });

  it('formats ratios as whole percentages', () => {
    expect(percent(0.806)).toBe('81%');
    expect(percent(null)).toBe('—');
  });

  it('tags manifest states, unknown ones neutrally', () => {
    expect(manifestTag('Refused')).toBe('danger');
    expect(manifestTag('Disposed')).toBe('success');
    expect(manifestTag('Whatever')).toBe('info');
  });

  it('sums rows per key, largest first', () => {
    const rows = [
      { k: 'HW08', t: 1.5 },
      { k: 'HW49', t: 2 },
      { k: 'HW08', t: 1 },
      { k: 'HW12', t: Number.NaN },
    ];
    expect(totalsBy(rows, (r) => r.k, (r) => r.t)).toEqual([
      { key: 'HW08', value: 2.5 },
      { key: 'HW49', value: 2 },
    ]);
  });

  it('derives the HJ 1259 tier at 10 t and 100 t', () => {
    expect(tierForAnnualTonnes(9.999)).toBe('Registration');
    expect(tierForAnnualTonnes(10)).toBe('Simplified');
    expect(tierForAnnualTonnes(100)).toBe('KeySupervised');
  });
});
