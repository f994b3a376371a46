import { describe, expect, it } from 'vitest';
import { createAppI18n } from '@/i18n';
import type { ProblemTranslator } from '@/api/problem';
import { errorsByLine } from './catalogueApi';

function translator(locale: 'zh-CN' | 'en'): ProblemTranslator {
  const { t, te } = createAppI18n(locale).global;
  return { t: (key, named) => (named === undefined ? t(key) : t(key, named)), te: (key) => te(key) };
}

describe('catalogue import report', () => {
  it('groups field errors by CSV line, in line order, in the user\'s language where the reason has a known code', () => {
    const report = {
      rows: 4,
      inserted: 1,
      updated: 0,
      rejected: 2,
      applied: false,
      errors: [
        { line: 4, field: 'category', message: 'HW42 does not exist.', code: 'CategoryInvalid' },
        { line: 2, field: 'code', message: 'Expected XXX-XXX-XX.', code: 'CodeInvalid' },
        { line: 4, field: 'code', message: 'Suffix 49 disagrees with HW42.', code: 'CodeCategoryMismatch' },
        { line: 5, field: 'source', message: 'A reason from a newer server.', code: 'SomethingNew' },
      ],
    };
    expect(errorsByLine(report, translator('zh-CN'))).toEqual([
      { line: 2, problems: ['废物代码：废物代码格式应为 XXX-XXX-XX（如 900-041-49）。'] },
      { line: 4, problems: ['类别：类别应为名录中的 HW01-HW50。', '废物代码：代码末两位与所填类别不一致。'] },
      { line: 5, problems: ['来源：A reason from a newer server.'] },
    ]);
    expect(errorsByLine(report, translator('en'))[0]).toEqual({ line: 2, problems: ['Waste code: A waste code reads XXX-XXX-XX (e.g. 900-041-49).'] });
  });
});
