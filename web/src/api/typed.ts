import type { HttpClient, Query } from './http';

// Types that read request and response shapes out of an openapi-typescript `paths` interface, so the
// endpoint functions cannot drift from the host's OpenAPI document.

type JsonContent<R> = R extends { content: { 'application/json': infer T } } ? T : R extends { content: { 'application/problem+json': unknown } } ? never : void;

type SuccessResponse<Responses> = 200 extends keyof Responses
  ? JsonContent<Responses[200]>
  : 201 extends keyof Responses
    ? JsonContent<Responses[201]>
    : 204 extends keyof Responses
      ? void
      : unknown;

export type Method = 'get' | 'post' | 'put' | 'delete';

type Operation<Paths, P extends keyof Paths, M extends Method> = Paths[P] extends { [K in M]: infer O } ? O : never;

/** Paths of `Paths` that support method `M`. */
export type PathsWith<Paths, M extends Method> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: infer O } ? ([O] extends [never] ? never : O extends undefined ? never : P) : never;
}[keyof Paths];

export type ResponseOf<Paths, P extends keyof Paths, M extends Method> =
  Operation<Paths, P, M> extends { responses: infer R } ? SuccessResponse<R> : never;

type ParametersOf<O> = O extends { parameters: infer Params } ? Params : Record<string, never>;
type QueryParams<O> = ParametersOf<O> extends { query?: infer Q } ? ([Q] extends [undefined] ? never : NonNullable<Q>) : never;
type PathParams<O> = ParametersOf<O> extends { path?: infer Pp } ? ([Pp] extends [undefined] ? never : NonNullable<Pp>) : never;
type JsonBody<RB> = RB extends { content: { 'application/json': infer B } } ? B : never;
type RequestBody<O> = O extends { requestBody?: infer RB } ? ([NonNullable<RB>] extends [never] ? never : JsonBody<NonNullable<RB>>) : never;

type Options<O> = ([QueryParams<O>] extends [never] ? { query?: never } : { query?: QueryParams<O> }) &
  ([PathParams<O>] extends [never] ? { path?: never } : { path: PathParams<O> }) &
  ([RequestBody<O>] extends [never] ? { body?: never } : { body: RequestBody<O> });

type Args<O> = [PathParams<O>] extends [never]
  ? [RequestBody<O>] extends [never]
    ? [options?: Options<O>]
    : [options: Options<O>]
  : [options: Options<O>];

/** Replaces `{name}` segments with encoded values. */
export function fillPath(template: string, values: Record<string, unknown> | undefined): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values?.[name];
    if (value === undefined || value === null) throw new Error(`Missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(String(value));
  });
}

export interface TypedClient<Paths> {
  get<P extends PathsWith<Paths, 'get'>>(path: P, ...args: Args<Operation<Paths, P, 'get'>>): Promise<ResponseOf<Paths, P, 'get'>>;
  post<P extends PathsWith<Paths, 'post'>>(path: P, ...args: Args<Operation<Paths, P, 'post'>>): Promise<ResponseOf<Paths, P, 'post'>>;
  put<P extends PathsWith<Paths, 'put'>>(path: P, ...args: Args<Operation<Paths, P, 'put'>>): Promise<ResponseOf<Paths, P, 'put'>>;
  delete<P extends PathsWith<Paths, 'delete'>>(path: P, ...args: Args<Operation<Paths, P, 'delete'>>): Promise<ResponseOf<Paths, P, 'delete'>>;
}

interface LooseOptions {
  query?: object;
  path?: object;
  body?: unknown;
}

export function createTypedClient<Paths>(http: HttpClient): TypedClient<Paths> {
  const call = (method: string) => (path: PropertyKey, options?: LooseOptions) =>
    http.request(method, fillPath(String(path), options?.path as Record<string, unknown> | undefined), {
      query: options?.query as Query | undefined,
      body: options?.body,
    });
  // The generic signatures above are the contract; at run time every method is the same request call.
  return {
    get: call('GET'),
    post: call('POST'),
    put: call('PUT'),
    delete: call('DELETE'),
  } as unknown as TypedClient<Paths>;
}
