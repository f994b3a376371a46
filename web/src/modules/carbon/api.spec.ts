import { describe, expect, it } from 'vitest';
import { defaultUnit, tonnes } from './api';

describe('tonnes', () => {
  it('shows a dash for missing totals', () => {
    expect(tonnes(null)).toBe('—');
    expect(tonnes(undefined)).toBe('—');
  });

  it('rounds to at most three decimals', () => {
    expect(tonnes(597.8)).toBe((597.8).toLocaleString(undefined, { maximumFractionDigits: 3 }));
    expect(tonnes('409.9200')).toBe((409.92).toLocaleString(undefined, { maximumFractionDigits: 3 }));
    expect(tonnes(174.7088266)).toBe((174.709).toLocaleString(undefined, { maximumFractionDigits: 3 }));
  });
});

describe('defaultUnit', () => {
  it('offers the unit each activity kind is usually entered in', () => {
    expect(defaultUnit('PurchasedElectricity')).toBe('MWh');
    expect(defaultUnit('CertificatesRetired')).toBe('1');
    expect(defaultUnit('FugitiveRefrigerant')).toBe('kg');
    expect(defaultUnit('StationaryCombustion')).toBe('t');
  });
});
