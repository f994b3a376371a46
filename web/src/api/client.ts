import { createHttpClient, type HttpClient } from './http';

let unauthorizedHandler: () => void = () => {};

/** The application's single API client (same-origin cookie auth + antiforgery). */
export const http: HttpClient = createHttpClient({ onUnauthorized: () => unauthorizedHandler() });

export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}
