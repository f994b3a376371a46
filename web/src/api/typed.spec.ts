import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { createTypedClient, fillPath } from './typed';
import type { HttpClient } from './http';

// A hand-written excerpt in the shape openapi-typescript generates.
interface TestPaths {
  '/api/things': {
    get: {
      parameters: { query?: { q?: string; page?: number } };
      responses: { 200: { content: { 'application/json': { items: { id: string }[] } } } };
    };
    post: {
      parameters: { query?: never };
      requestBody: { content: { 'application/json': { name: string } } };
      responses: { 201: { content: { 'application/json': { id: string } } }; 400: { content: { 'application/problem+json': unknown } } };
    };
  };
  '/api/things/{id}': {
    get: {
      parameters: { query?: never; path: { id: string } };
      requestBody?: never;
      responses: { 200: { content: { 'application/json': { id: string; name: string } } } };
    };
    delete: {
      parameters: { path: { id: string } };
      responses: { 204: { content?: never } };
    };
  };
}

function fakeHttp() {
  const request = vi.fn(async () => ({ ok: true }));
  const http = { request } as unknown as HttpClient;
  return { http, request };
}

describe('typed client', () => {
  it('fills path parameters and passes query and body through', async () => {
    const { http, request } = fakeHttp();
    const api = createTypedClient<TestPaths>(http);

    await api.get('/api/things', { query: { q: 'x', page: 2 } });
    await api.get('/api/things/{id}', { path: { id: 'a/b' } });
    await api.post('/api/things', { body: { name: 'n' } });
    await api.delete('/api/things/{id}', { path: { id: '7' } });

    expect(request.mock.calls).toEqual([
      ['GET', '/api/things', { query: { q: 'x', page: 2 }, body: undefined }],
      ['GET', '/api/things/a%2Fb', { query: undefined, body: undefined }],
      ['POST', '/api/things', { query: undefined, body: { name: 'n' } }],
      ['DELETE', '/api/things/7', { query: undefined, body: undefined }],
    ]);
  });

  it('derives response types from the paths', () => {
    const api = createTypedClient<TestPaths>(fakeHttp().http);
    expectTypeOf(api.get<'/api/things'>).returns.resolves.toEqualTypeOf<{ items: { id: string }[] }>();
    expectTypeOf(api.post<'/api/things'>).returns.resolves.toEqualTypeOf<{ id: string }>();
    expectTypeOf(api.delete<'/api/things/{id}'>).returns.resolves.toEqualTypeOf<void>();
  });

  it('rejects calls that do not match the document (checked by vue-tsc)', () => {
    const api = createTypedClient<TestPaths>(fakeHttp().http);
    const rejected = () => {
      // @ts-expect-error the path parameter is required
      void api.get('/api/things/{id}');
      // @ts-expect-error the body is required
      void api.post('/api/things');
      // @ts-expect-error wrong body shape
      void api.post('/api/things', { body: { title: 'x' } });
      // @ts-expect-error no such path
      void api.get('/api/nothing');
      // @ts-expect-error no PUT on this path
      void api.put('/api/things', { body: { name: 'n' } });
    };
    expect(typeof rejected).toBe('function');
  });

  it('refuses to build a path with a missing parameter', () => {
    expect(() => fillPath('/api/things/{id}', {})).toThrow(/id/);
  });
});
