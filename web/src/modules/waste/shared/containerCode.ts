/**
 * A container's identification code is the payload of its HJ 1276 QR label. A scanner may return it bare, with
 * whitespace, or wrapped in a URL (`https://…/trace?code=…` or `…/c/<code>`) when the label encodes a link; a
 * person may type it in lower case. Normalise to the bare code, upper case, before sending it.
 */
export function normaliseContainerCode(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let text = raw.trim();
  if (text === '') return null;
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      const fromQuery = url.searchParams.get('code');
      if (fromQuery) text = fromQuery;
      else text = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
    } catch {
      return null;
    }
  }
  const code = text.replace(/\s+/g, '').toUpperCase();
  return /^[A-Z0-9][A-Z0-9._:-]{3,79}$/.test(code) ? code : null;
}
