import { createHttpClient, type HttpClient } from './http';
import type { paths } from './schema';
import { createTypedClient } from './typed';

let unauthorizedHandler: () => void = () => {};

/** The application's single transport (same-origin cookie auth + antiforgery). */
export const http: HttpClient = createHttpClient({ onUnauthorized: () => unauthorizedHandler() });

/** The transport typed by the OpenAPI document: paths, parameters, bodies and responses. */
export const api = createTypedClient<paths>(http);

export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}
