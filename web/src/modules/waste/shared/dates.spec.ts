import { describe, expect, it } from 'vitest';
import { daysBetween, districtDate, districtTime } from './dates';

describe('district dates', () => {
  it('uses the Shanghai calendar day, not UTC', () => {
    expect(districtDate(new Date('2026-11-21T17:30:00Z'))).toBe('2026-11-22');
    expect(districtDate(new Date('2026-11-21T15:59:00Z'))).toBe('2026-11-21');
  });

  it('formats times of day in Shanghai time', () => {
    expect(districtTime('2026-11-21T01:05:00Z')).toBe('09:05');
    expect(districtTime('08:30:00')).toBe('08:30');
    expect(districtTime(null)).toBe('');
  });

  it('counts whole days', () => {
    expect(daysBetween('2026-11-01T00:00:00Z', new Date('2026-11-21T12:00:00Z'))).toBe(20);
  });
});
