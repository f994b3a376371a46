import type { RouteLocationRaw, RouteMeta } from 'vue-router';

export interface AccessState {
  authenticated: boolean;
  roles: readonly string[];
  mustChangePassword: boolean;
}

export interface Target {
  name?: string | symbol | null;
  fullPath: string;
  meta: RouteMeta;
}

export const CHANGE_PASSWORD_ROUTE = 'change-password';

/** Pure decision for the global route guard: `true` lets navigation through, otherwise where to go instead. */
export function decideNavigation(to: Target, state: AccessState): true | RouteLocationRaw {
  if (to.meta.public) {
    if (to.name === 'login' && state.authenticated) return { name: 'home' };
    return true;
  }
  if (!state.authenticated) {
    return to.fullPath === '/' ? { name: 'login' } : { name: 'login', query: { redirect: to.fullPath } };
  }
  if (state.mustChangePassword && to.name !== CHANGE_PASSWORD_ROUTE) {
    return { name: CHANGE_PASSWORD_ROUTE };
  }
  const required = to.meta.roles;
  if (required && !required.some((role) => state.roles.includes(role))) {
    return { name: 'forbidden' };
  }
  return true;
}

/** Only same-app absolute paths are accepted as post-login redirects (no open redirects). */
export function safeRedirect(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (value.startsWith('/login')) return null;
  return value;
}
