const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

/**
 * Rule alerts are stored bilingual in one string, `中文 / English`, with parts joined by `；`
 * (`暂存柜填充率 82% 达到阈值 80% / fill ratio reached the pickup threshold；无在约收运单位… / no serving collector…`).
 * Shows the half of each part in the user's language; a part that is not of that shape is shown whole.
 */
export function bilingualText(message: string | null | undefined, locale: string): string {
  if (!message) return '';
  const chinese = locale.toLowerCase().startsWith('zh');
  const parts = message.split('；').map((part) => {
    for (let i = part.indexOf('/'); i >= 0; i = part.indexOf('/', i + 1)) {
      const zh = part.slice(0, i).trim();
      const en = part.slice(i + 1).trim();
      if (zh && en && CJK.test(zh) && !CJK.test(en)) return chinese ? zh : en;
    }
    return part.trim();
  });
  return parts.join(chinese ? '；' : '; ');
}
