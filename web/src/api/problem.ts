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
