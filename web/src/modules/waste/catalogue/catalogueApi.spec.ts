import { describe, expect, it } from 'vitest';
import { errorsByLine } from './catalogueApi';

describe('catalogue import report', () => {
  it('groups field errors by CSV line, in line order', () => {
    const report = {
      rows: 4,
      inserted: 1,
      updated: 0,
      rejected: 2,
      applied: false,
      errors: [
        { line: 4, field: 'category', message: 'HW42 does not exist.' },
        { line: 2, field: 'code', message: 'Expected XXX-XXX-XX.' },
        { line: 4, field: 'code', message: 'Suffix 49 disagrees with HW42.' },
      ],
    };
    expect(errorsByLine(report)).toEqual([
      { line: 2, problems: ['code: Expected XXX-XXX-XX.'] },
      { line: 4, problems: ['category: HW42 does not exist.', 'code: Suffix 49 disagrees with HW42.'] },
    ]);
  });
});
