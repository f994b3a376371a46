import { describe, expect, it } from 'vitest';
import { formatKg, parseWeightKg, sumKg } from './quantities';
import { normaliseContainerCode } from './containerCode';

describe('weight input', () => {
  it.each([
    ['12.5', '12.5'],
    [' 12,50 ', '12.5'],
    ['０.７５', '0.75'],
    ['007.010', '7.01'],
    ['3 kg', '3'],
    ['.5', '0.5'],
    ['4999.999', '4999.999'],
  ])('accepts %j as %s kg', (input, kg) => {
    expect(parseWeightKg(input)).toEqual({ ok: true, kg });
  });

  it.each([
    ['', 'required'],
    [null, 'required'],
    ['abc', 'notANumber'],
    ['1.2.3', 'notANumber'],
    ['1e3', 'notANumber'],
    ['0', 'notPositive'],
    ['0.000', 'notPositive'],
    ['-2', 'notPositive'],
    ['1.2345', 'tooPrecise'],
    ['5000.001', 'tooLarge'],
  ])('refuses %j (%s)', (input, problem) => {
    expect(parseWeightKg(input)).toEqual({ ok: false, problem });
  });

  it('sums decimal weights exactly, without float drift', () => {
    expect(sumKg(['0.1', '0.2'])).toBe('0.3');
    expect(sumKg(['12.345', '7.655', '1'])).toBe('21');
    expect(sumKg([])).toBe('0');
  });

  it('formats kilograms for the locale', () => {
    expect(formatKg('1234.5', 'en')).toBe('1,234.5 kg');
    expect(formatKg(null, 'en')).toBe('—');
  });
});

describe('container codes', () => {
  it.each([
    ['  gi-c-00012 ', 'GI-C-00012'],
    ['https://greenisland.example/trace?code=gi-c-7', 'GI-C-7'],
    ['https://greenisland.example/c/GI-C-8', 'GI-C-8'],
    ['W2026 0001 23', 'W2026000123'],
  ])('normalises %j to %s', (raw, code) => {
    expect(normaliseContainerCode(raw)).toBe(code);
  });

  it.each(['', '   ', 'ab', 'not a code!', 'https://'])('refuses %j', (raw) => {
    expect(normaliseContainerCode(raw)).toBeNull();
  });
});
