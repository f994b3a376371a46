import { describe, expect, it, vi } from 'vitest';
import { createHttpClient, buildUrl, readCookie, XSRF_HEADER } from './http';
import { ApiError } from './problem';

interface Call {
  url: string;
  init: RequestInit;
}

function json(status: number, body: unknown, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } });
}

/** A fake server: the antiforgery endpoint "sets" a cookie by changing what readCookies returns. */
function fakeServer(handler: (url: string, init: RequestInit) => Response = () => json(200, { ok: true })) {
  const calls: Call[] = [];
  let cookies = 'other=1';
  let issued = 0;
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init });
    if (url === '/api/auth/antiforgery') {
      issued += 1;
      cookies = `other=1; XSRF-TOKEN=token-${issued}`;
      return new Response(null, { status: 204 });
    }
    return handler(url, init);
  });
  return { calls, fetchMock, readCookies: () => cookies };
}

const headerOf = (call: Call | undefined, name: string) => (call?.init.headers as Record<string, string> | undefined)?.[name];

describe('createHttpClient antiforgery', () => {
  it('fetches the antiforgery token once and sends it on unsafe methods', async () => {
    const server = fakeServer();
    const client = createHttpClient({ fetch: server.fetchMock, readCookies: server.readCookies });

    await client.post('/api/organisations', { name: 'A' });
    await client.put('/api/organisations/1', { name: 'B' });
    await client.delete('/api/devices/1/keys/2');

    const antiforgeryCalls = server.calls.filter((c) => c.url === '/api/auth/antiforgery');
    expect(antiforgeryCalls).toHaveLength(1);
    const writes = server.calls.filter((c) => c.url !== '/api/auth/antiforgery');
    expect(writes.map((c) => headerOf(c, XSRF_HEADER))).toEqual(['token-1', 'token-1', 'token-1']);
    expect(writes.every((c) => c.init.credentials === 'same-origin')).toBe(true);
  });

  it('does not fetch a token or send the header for GET', async () => {
    const server = fakeServer();
    const client = createHttpClient({ fetch: server.fetchMock, readCookies: server.readCookies });

    await client.get('/api/sites', { page: 1, q: '' });

    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.url).toBe('/api/sites?page=1');
    expect(headerOf(server.calls[0], XSRF_HEADER)).toBeUndefined();
  });

  it('fetches a fresh token after resetAntiforgery (the identity changed)', async () => {
    const server = fakeServer();
    const client = createHttpClient({ fetch: server.fetchMock, readCookies: server.readCookies });

    await client.post('/api/auth/login', { userName: 'u', password: 'p' });
    client.resetAntiforgery();
    await client.post('/api/users', {});

    const last = server.calls.at(-1);
    expect(headerOf(last, XSRF_HEADER)).toBe('token-2');
  });

  it('serialises JSON bodies with a content type', async () => {
    const server = fakeServer();
    const client = createHttpClient({ fetch: server.fetchMock, readCookies: server.readCookies });

    await client.post('/api/sites', { latitude: 30.1 });

    const last = server.calls.at(-1);
    expect(last?.init.body).toBe('{"latitude":30.1}');
    expect(headerOf(last, 'Content-Type')).toBe('application/json');
  });
});

describe('createHttpClient errors', () => {
  it('turns a validation problem into an ApiError with per-field messages', async () => {
    const server = fakeServer(() =>
      json(
        400,
        {
          type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
          title: 'One or more validation errors occurred.',
          status: 400,
          errors: { CreditCode: ['The credit code check digit is wrong.'], name: ['Required.', 'Too short.'] },
        },
        'application/problem+json',
      ),
    );
    const client = createHttpClient({ fetch: server.fetchMock, readCookies: server.readCookies });

    const error = await client.post('/api/organisations', {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.fieldErrors).toEqual({
      creditCode: 'The credit code check digit is wrong.',
      name: 'Required. Too short.',
    });
  });

  it('keeps title and detail of non-validation problems', async () => {
    const server = fakeServer(() => json(423, { title: 'Locked out', detail: 'Try again after 10:30.', status: 423 }, 'application/problem+json'));
    const client = createHttpClient({ fetch: server.fetchMock, readCookies: server.readCookies });

    const error = (await client.post('/api/auth/login', {}).catch((e: unknown) => e)) as ApiError;

    expect(error.status).toBe(423);
    expect(error.message).toBe('Try again after 10:30.');
    expect(error.fieldErrors).toEqual({});
  });

  it('survives a non-JSON error body', async () => {
    const server = fakeServer(() => new Response('Bad gateway', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/plain' } }));
    const client = createHttpClient({ fetch: server.fetchMock, readCookies: server.readCookies });

    const error = (await client.get('/api/sites').catch((e: unknown) => e)) as ApiError;

    expect(error.status).toBe(502);
    expect(error.problem.title).toBe('Bad Gateway');
  });

  it('calls onUnauthorized when an authenticated request returns 401', async () => {
    const onUnauthorized = vi.fn();
    const server = fakeServer(() => new Response(null, { status: 401 }));
    const client = createHttpClient({ fetch: server.fetchMock, readCookies: server.readCookies, onUnauthorized });

    await expect(client.get('/api/organisations')).rejects.toBeInstanceOf(ApiError);

    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not treat a 401 from login or me as an expired session', async () => {
    const onUnauthorized = vi.fn();
    const server = fakeServer(() => json(401, { title: 'Invalid user name or password.' }));
    const client = createHttpClient({ fetch: server.fetchMock, readCookies: server.readCookies, onUnauthorized });

    await expect(client.get('/api/auth/me')).rejects.toMatchObject({ status: 401 });
    await expect(client.post('/api/auth/login', {})).rejects.toMatchObject({ status: 401 });

    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('returns undefined for 204 responses', async () => {
    const server = fakeServer(() => new Response(null, { status: 204 }));
    const client = createHttpClient({ fetch: server.fetchMock, readCookies: server.readCookies });

    await expect(client.post('/api/auth/logout')).resolves.toBeUndefined();
  });
});

describe('helpers', () => {
  it('reads and decodes a cookie by exact name', () => {
    expect(readCookie('a=1; XSRF-TOKEN=abc%3D%3D; XSRF-TOKEN2=no', 'XSRF-TOKEN')).toBe('abc==');
    expect(readCookie('a=1', 'XSRF-TOKEN')).toBeNull();
  });

  it('drops empty query values', () => {
    expect(buildUrl('/api/x', { a: '', b: null, c: undefined, d: 0, e: 'z y' })).toBe('/api/x?d=0&e=z+y');
    expect(buildUrl('/api/x', {})).toBe('/api/x');
  });
});
