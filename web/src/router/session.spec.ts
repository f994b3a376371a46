import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { sessionExpiredHandler } from './session';

const page = { template: '<div />' };

async function routerAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: page },
      { path: '/sites', name: 'sites', component: page },
    ],
  });
  await router.push(path);
  return router;
}

describe('session expiry', () => {
  it('forgets the session and returns to the same page after signing in again', async () => {
    const router = await routerAt('/sites?page=3');
    const session = { isAuthenticated: true, forget: vi.fn() };

    sessionExpiredHandler(router, () => session)();
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'));

    expect(session.forget).toHaveBeenCalledTimes(1);
    expect(router.currentRoute.value.query).toEqual({ redirect: '/sites?page=3', expired: '1' });
  });

  it('ignores a 401 while nobody is signed in', async () => {
    const router = await routerAt('/sites');
    const session = { isAuthenticated: false, forget: vi.fn() };

    sessionExpiredHandler(router, () => session)();
    await Promise.resolve();

    expect(session.forget).not.toHaveBeenCalled();
    expect(router.currentRoute.value.name).toBe('sites');
  });
});
