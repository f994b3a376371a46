import { ApiError, parseProblem } from './problem';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const ANTIFORGERY_PATH = '/api/auth/antiforgery';
export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'X-XSRF-TOKEN';

/** Requests whose 401 means "not signed in / bad credentials", not "session expired". */
const AUTH_PROBE_PATHS = ['/api/auth/login', '/api/auth/me', '/api/auth/token'];

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface HttpClientOptions {
  fetch?: typeof fetch;
  /** Reads `document.cookie`-formatted text; injectable for tests. */
  readCookies?: () => string;
  /** Called when an authenticated request comes back 401 (session expired or signed out elsewhere). */
  onUnauthorized?: () => void;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers (e.g. `Idempotency-Key` on replayable actions). */
  headers?: Record<string, string>;
}

export interface HttpClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  delete<T = void>(path: string): Promise<T>;
  /** Drops the cached antiforgery token: tokens are bound to the signed-in identity. */
  resetAntiforgery(): void;
}

export function readCookie(cookieText: string, name: string): string | null {
  for (const part of cookieText.split(';')) {
    const [rawKey, ...rest] = part.trim().split('=');
    if (rawKey === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined;
  const text = await response.text();
  if (text.length === 0) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const readCookies = options.readCookies ?? (() => (typeof document === 'undefined' ? '' : document.cookie));
  let antiforgery: Promise<string | null> | null = null;

  function fetchAntiforgery(): Promise<string | null> {
    antiforgery ??= doFetch(ANTIFORGERY_PATH, { method: 'GET', credentials: 'same-origin' })
      .then((response) => {
        if (!response.ok) throw new ApiError(response.status, parseProblem(response.status, null, response.statusText));
        return readCookie(readCookies(), XSRF_COOKIE);
      })
      .catch((error: unknown) => {
        antiforgery = null;
        throw error;
      });
    return antiforgery;
  }

  async function request<T>(method: string, path: string, requestOptions: RequestOptions = {}): Promise<T> {
    const upper = method.toUpperCase();
    const headers: Record<string, string> = { Accept: 'application/json', ...requestOptions.headers };
    if (UNSAFE_METHODS.has(upper)) {
      await fetchAntiforgery();
      // The cookie is the source of truth: the server may refresh it on any response.
      const token = readCookie(readCookies(), XSRF_COOKIE);
      if (token) headers[XSRF_HEADER] = token;
    }
    let body: string | undefined;
    if (requestOptions.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(requestOptions.body);
    }
    const response = await doFetch(buildUrl(path, requestOptions.query), {
      method: upper,
      headers,
      body,
      credentials: 'same-origin',
      signal: requestOptions.signal,
    });
    const payload = await readBody(response);
    if (!response.ok) {
      if (response.status === 401 && !AUTH_PROBE_PATHS.includes(path)) options.onUnauthorized?.();
      throw new ApiError(response.status, parseProblem(response.status, payload, response.statusText));
    }
    return payload as T;
  }

  return {
    request,
    get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
    put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
    delete: <T = void>(path: string) => request<T>('DELETE', path),
    resetAntiforgery: () => {
      antiforgery = null;
    },
  };
}
