import { describe, expect, it } from 'vitest';
import { normaliseFieldName, parseProblem, problemMessage, toFieldErrors } from './problem';

describe('problem details mapping', () => {
  it.each([
    ['CreditCode', 'creditCode'],
    ['creditCode', 'creditCode'],
    ['request.Name', 'name'],
    ['roles[0]', 'roles'],
    ['Address.Town', 'address'],
  ])('normalises server field %s to %s', (input, expected) => {
    expect(normaliseFieldName(input)).toBe(expected);
  });

  it('merges messages of fields that normalise to the same name', () => {
    const problem = parseProblem(400, { errors: { 'roles[0]': ['Unknown role X.'], Roles: ['Too many.'] } });
    expect(toFieldErrors(problem)).toEqual({ roles: 'Unknown role X. Too many.' });
  });

  it('ignores malformed errors members', () => {
    const problem = parseProblem(400, { title: 'Bad', errors: { name: 42, other: 'single' } });
    expect(problem.errors).toEqual({ other: ['single'] });
    expect(toFieldErrors(problem)).toEqual({ other: 'single' });
  });

  it('prefers detail, then title with first field error', () => {
    expect(problemMessage({ title: 'T', detail: 'D' })).toBe('D');
    expect(problemMessage({ title: 'Validation failed', errors: { name: ['Required'] } })).toBe('Validation failed: Required');
    expect(problemMessage({ status: 500 })).toBe('HTTP 500');
  });
});
