/** RFC 9457 problem details as returned by the host (validation problems add `errors`). */
export interface ProblemDetails {
  type?: string | null;
  title?: string | null;
  status?: number | null;
  detail?: string | null;
  instance?: string | null;
  errors?: Record<string, string[]> | null;
  [extension: string]: unknown;
}

export type FieldErrors = Record<string, string>;

/** Error thrown by the API client for every non-success response. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;

  constructor(status: number, problem: ProblemDetails) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** Per-field messages keyed by camelCase field name (first message wins per field). */
  get fieldErrors(): FieldErrors {
    return toFieldErrors(this.problem);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Accepts anything parsed from a response body and keeps only the problem-details shape. */
export function parseProblem(status: number, body: unknown, statusText = ''): ProblemDetails {
  if (!isRecord(body)) {
    return { status, title: statusText || `HTTP ${status}` };
  }
  const problem: ProblemDetails = { ...body, status: typeof body.status === 'number' ? body.status : status };
  if (isRecord(body.errors)) {
    const errors: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(body.errors)) {
      if (Array.isArray(value)) errors[key] = value.filter((v): v is string => typeof v === 'string');
      else if (typeof value === 'string') errors[key] = [value];
    }
    problem.errors = errors;
  } else {
    problem.errors = null;
  }
  return problem;
}

/**
 * Server field names may arrive as `Name`, `name`, `request.Name` or `roles[0]`;
 * form models use camelCase property names, so normalise to the first path segment, camelCased.
 */
export function normaliseFieldName(field: string): string {
  const withoutPrefix = field.replace(/^(request|body|command)\./i, '');
  const first = withoutPrefix.split(/[.[]/)[0] ?? withoutPrefix;
  return first.length === 0 ? first : first.charAt(0).toLowerCase() + first.slice(1);
}

export function toFieldErrors(problem: ProblemDetails): FieldErrors {
  const result: FieldErrors = {};
  for (const [field, messages] of Object.entries(problem.errors ?? {})) {
    const key = normaliseFieldName(field);
    const message = messages.join(' ');
    if (message.length === 0) continue;
    result[key] = result[key] ? `${result[key]} ${message}` : message;
  }
  return result;
}

/** A single human-readable line for toasts: detail, else title, else the first field error. */
export function problemMessage(problem: ProblemDetails): string {
  if (problem.detail) return problem.detail;
  const first = Object.values(problem.errors ?? {})[0]?.[0];
  if (problem.title && first) return `${problem.title}: ${first}`;
  return problem.title ?? first ?? `HTTP ${problem.status ?? ''}`.trim();
}

/** The two vue-i18n functions problemText needs (`useI18n()` or `i18n.global` provide both). */
export interface ProblemTranslator {
  t: (key: string, named?: Record<string, unknown>) => string;
  te: (key: string) => boolean;
}

const RULE_NAME = /^[A-Z][A-Za-z0-9]+$/;

/**
 * The machine-readable name of a refusal: the `code` extension when the server sends one, else the title of a
 * 409/422/423 (the host titles rule violations with the rule's name, e.g. `StopIsConfirmedOnce`), else the title
 * when it is a bare identifier (`NotFound`, `Forbidden`, `PdfFontUnavailable`).
 */
export function problemCode(problem: ProblemDetails): string | null {
  if (typeof problem.code === 'string' && RULE_NAME.test(problem.code)) return problem.code;
  const title = problem.title ?? '';
  return RULE_NAME.test(title) ? title : null;
}

/**
 * Reason codes per field as the server names the field, index-aligned with that field's messages (null where a
 * message has no code), when the server sends them (`fieldCodes: { weightKg: ['WeightInvalid'] }`).
 */
export function fieldCodes(problem: ProblemDetails): Record<string, (string | null)[]> {
  const raw = problem.fieldCodes;
  const result: Record<string, (string | null)[]> = {};
  if (!isRecord(raw)) return result;
  for (const [field, codes] of Object.entries(raw)) {
    const list = (Array.isArray(codes) ? codes : [codes]).map((c) => (typeof c === 'string' && RULE_NAME.test(c) ? c : null));
    if (list.some((c) => c !== null)) result[field] = list;
  }
  return result;
}

/** A reason in the user's language when its code is known, else the server's sentence. */
export function reasonText(code: string | null | undefined, message: string, { t, te }: ProblemTranslator): string {
  return code && RULE_NAME.test(code) && te(`problems.reasons.${code}`) ? t(`problems.reasons.${code}`) : message;
}

/** Each field's reasons (by the server's field name) in the user's language: a known reason code is translated, anything else is the server's text. */
function localisedReasons(problem: ProblemDetails, translator: ProblemTranslator): [string, string[]][] {
  const codes = fieldCodes(problem);
  const result: [string, string[]][] = [];
  for (const [field, messages] of Object.entries(problem.errors ?? {})) {
    const codesOfField = codes[field] ?? [];
    const reasons = messages.map((message, i) => reasonText(codesOfField[i], message, translator));
    if (reasons.length > 0) result.push([field, reasons]);
  }
  return result;
}

/** Like {@link toFieldErrors}, with each reason in the user's language where the server gave a known reason code. */
export function localFieldErrors(problem: ProblemDetails, translator: ProblemTranslator): FieldErrors {
  const result: FieldErrors = {};
  for (const [field, reasons] of localisedReasons(problem, translator)) {
    const key = normaliseFieldName(field);
    const message = reasons.join(' ');
    result[key] = result[key] ? `${result[key]} ${message}` : message;
  }
  return result;
}

/** Each field's reasons in the user's language, keyed by the server's own field path (`lines[0].quantityKg`). */
export function localReasonsByPath(problem: ProblemDetails, translator: ProblemTranslator): Record<string, string> {
  return Object.fromEntries(localisedReasons(problem, translator).map(([field, reasons]) => [field, reasons.join(' ')]));
}

/** The user-facing name of a field the server named (`lines[2].receivedKg` is the received weight of line 3). */
export function fieldLabel(field: string, { t, te }: ProblemTranslator): string {
  const key = normaliseFieldName(field);
  const leaf = field.replace(/^(request|body|command)\./i, '').split('.').pop() ?? key;
  const leafKey = leaf.replace(/\[\d+\]$/, '');
  const index = /\[(\d+)\]/.exec(field)?.[1];
  const named = (k: string) => (te(`problems.fields.${k}`) ? t(`problems.fields.${k}`) : null);
  const leafLabel = leafKey !== key ? named(leafKey) : null;
  if (leafLabel && index !== undefined) return t('problems.item', { n: Number(index) + 1, field: leafLabel });
  return leafLabel ?? named(key) ?? field;
}

/**
 * One line for a refusal, in the user's language:
 * 1. a rule violation by its name (`problems.rules.<code>`),
 * 2. else each field error as "field label: reason" (reason translated when its code is known; a field the UI has
 *    no name for shows its reason alone),
 * 3. else the server's own text (detail, then title).
 * Unknown codes fall back to the server's text, so nothing is ever hidden.
 */
export function problemText(problem: ProblemDetails, translator: ProblemTranslator): string {
  const { t, te } = translator;
  const code = problemCode(problem);
  if (code && te(`problems.rules.${code}`)) return t(`problems.rules.${code}`);
  const fields = localisedReasons(problem, translator);
  if (fields.length > 0) {
    const sep = t('problems.separator');
    // A field the UI has no name for is not shown by its raw (camelCase) name: its reason stands alone.
    return fields
      .map(([field, reasons]) => {
        const label = fieldLabel(field, translator);
        return label === field ? reasons.join(' ') : `${label}${sep}${reasons.join(' ')}`;
      })
      .join(t('problems.joiner'));
  }
  return problemMessage(problem);
}
