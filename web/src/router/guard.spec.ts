import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createPinia, setActivePinia } from 'pinia';
import type { RouteMeta } from 'vue-router';
import { decideNavigation, safeRedirect, type AccessState } from './guard';

const signedIn = (roles: string[], mustChangePassword = false): AccessState => ({ authenticated: true, roles, mustChangePassword });
const anonymous: AccessState = { authenticated: false, roles: [], mustChangePassword: false };
const target = (name: string, fullPath: string, meta: RouteMeta = {}) => ({ name, fullPath, meta });

describe('decideNavigation', () => {
  it('sends anonymous users to login and remembers where they were going', () => {
    expect(decideNavigation(target('sites', '/sites?page=2'), anonymous)).toEqual({ name: 'login', query: { redirect: '/sites?page=2' } });
    expect(decideNavigation(target('home', '/'), anonymous)).toEqual({ name: 'login' });
  });

  it('lets anyone open public routes, but sends signed-in users away from login', () => {
    expect(decideNavigation(target('login', '/login', { public: true }), anonymous)).toBe(true);
    expect(decideNavigation(target('login', '/login', { public: true }), signedIn(['Driver']))).toEqual({ name: 'home' });
  });

  it('forbids routes restricted to other roles', () => {
    const users = target('users', '/users', { roles: ['PlatformAdmin', 'EnterpriseAdmin'] });
    expect(decideNavigation(users, signedIn(['Regulator']))).toEqual({ name: 'forbidden' });
    expect(decideNavigation(users, signedIn(['EnterpriseAdmin']))).toBe(true);
  });

  it('forces a password change before anything else', () => {
    expect(decideNavigation(target('home', '/'), signedIn(['Regulator'], true))).toEqual({ name: 'change-password' });
    expect(decideNavigation(target('change-password', '/account/password'), signedIn(['Regulator'], true))).toBe(true);
  });
});

describe('safeRedirect', () => {
  it.each([
    ['/sites?page=2', '/sites?page=2'],
    ['//evil.example.com', null],
    ['https://evil.example.com', null],
    ['/\\evil.example.com', null],
    ['/login?redirect=/x', null],
    [42, null],
  ])('%s -> %s', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });
});

const me = vi.hoisted(() => ({ current: null as null | Record<string, unknown> }));
vi.mock('@/api/endpoints', async () => {
  const { ApiError } = await import('@/api/problem');
  return {
    http: { resetAntiforgery: vi.fn() },
    authApi: {
      me: vi.fn(async () => {
        if (!me.current) throw new ApiError(401, { status: 401 });
        return me.current;
      }),
    },
  };
});

// The first navigation compiles the lazily imported views, which can take a few seconds on a cold cache.
describe('router with guard', { timeout: 30_000 }, () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  async function routerAt(path: string) {
    const { createAppRouter } = await import('./index');
    const router = createAppRouter(createMemoryHistory());
    await router.push(path);
    return router;
  }

  it('redirects an anonymous visitor of /organisations to login', async () => {
    me.current = null;
    const router = await routerAt('/organisations');
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/organisations');
  });

  it('shows 403 to a regulator opening the users page', async () => {
    me.current = { userId: '1', userName: 'r', displayName: 'R', organisationId: 'o', organisationName: 'O', organisationType: 'Regulator', roles: ['Regulator'], jurisdictionId: null, mustChangePassword: false };
    const router = await routerAt('/users');
    expect(router.currentRoute.value.name).toBe('forbidden');
  });

  it('opens the organisations page for a regulator and 404 for unknown paths', async () => {
    me.current = { userId: '1', userName: 'r', displayName: 'R', organisationId: 'o', organisationName: 'O', organisationType: 'Regulator', roles: ['Regulator'], jurisdictionId: null, mustChangePassword: false };
    const router = await routerAt('/organisations');
    expect(router.currentRoute.value.name).toBe('organisations');
    await router.push('/no/such/page');
    expect(router.currentRoute.value.name).toBe('not-found');
  });
});

describe('router when the server is down', { timeout: 30_000 }, () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('still reaches the login page and remembers why the session check failed', async () => {
    const { authApi } = await import('@/api/endpoints');
    const { ApiError } = await import('@/api/problem');
    vi.mocked(authApi.me).mockRejectedValueOnce(new ApiError(503, { status: 503, title: 'Service Unavailable' }));
    const { createAppRouter } = await import('./index');
    const { useAuthStore } = await import('@/stores/auth');
    const router = createAppRouter(createMemoryHistory());

    await router.push('/sites');

    expect(router.currentRoute.value.name).toBe('login');
    expect(useAuthStore().loadError).toBe('Service Unavailable');
  });
});
