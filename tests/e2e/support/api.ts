import { expect, request as playwrightRequest, type APIRequestContext, type APIResponse } from '@playwright/test';
import type { DemoAccount } from './app';

/**
 * An API session for arranging data as a given demo account (cookie + antiforgery, as the web UI does). Browser
 * tests drive the UI; this only sets the stage through the real host.
 */
export interface ApiSession {
  context: APIRequestContext;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  raw(method: 'GET' | 'POST', path: string, body?: unknown, headers?: Record<string, string>): Promise<APIResponse>;
  dispose(): Promise<void>;
}

export async function apiAs(baseURL: string, account: DemoAccount): Promise<ApiSession> {
  const context = await playwrightRequest.newContext({ baseURL });
  const login = await context.post('/api/auth/login', { data: { userName: account.userName, password: account.password } });
  expect(login.status(), `sign-in of ${account.userName}`).toBe(200);
  const anti = await context.get('/api/auth/antiforgery');
  expect(anti.ok()).toBe(true);
  const token = async () => (await context.storageState()).cookies.find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';

  async function raw(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}) {
    return method === 'GET'
      ? context.get(path)
      : context.post(path, { data: body ?? {}, headers: { 'X-XSRF-TOKEN': await token(), ...headers } });
  }
  async function json<T>(response: APIResponse, what: string): Promise<T> {
    expect(response.ok(), `${what} -> ${response.status()} ${await response.text()}`).toBe(true);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return {
    context,
    raw,
    get: async <T>(path: string) => json<T>(await raw('GET', path), `GET ${path}`),
    post: async <T>(path: string, body?: unknown, headers?: Record<string, string>) => json<T>(await raw('POST', path, body, headers), `POST ${path}`),
    dispose: () => context.dispose(),
  };
}

/** Lists come back bare or paged. */
export function itemsOf<T>(value: T[] | { items: T[] }): T[] {
  return Array.isArray(value) ? value : value.items;
}
