import { createRouter, createWebHistory, type RouteRecordRaw, type RouterHistory } from 'vue-router';
import { moduleRoutes } from '@/modules';
import { useAuthStore } from '@/stores/auth';
import { decideNavigation } from './guard';

export function buildRoutes(children: RouteRecordRaw[] = moduleRoutes): RouteRecordRaw[] {
  return [
    {
      path: '/login',
      name: 'login',
      component: () => import('@/views/LoginView.vue'),
      meta: { public: true, titleKey: 'login.title' },
    },
    {
      path: '/',
      component: () => import('@/layouts/AppLayout.vue'),
      children: [
        ...children,
        {
          path: 'account/password',
          name: 'change-password',
          component: () => import('@/views/ChangePasswordView.vue'),
          meta: { titleKey: 'password.title' },
        },
        {
          path: 'forbidden',
          name: 'forbidden',
          component: () => import('@/views/ForbiddenView.vue'),
          meta: { titleKey: 'errors.forbiddenTitle' },
        },
        {
          path: ':pathMatch(.*)*',
          name: 'not-found',
          component: () => import('@/views/NotFoundView.vue'),
          meta: { titleKey: 'errors.notFoundTitle' },
        },
      ],
    },
  ];
}

export function createAppRouter(history: RouterHistory = createWebHistory()) {
  const router = createRouter({ history, routes: buildRoutes(), scrollBehavior: () => ({ top: 0 }) });
  router.beforeEach(async (to) => {
    const auth = useAuthStore();
    await auth.ensureLoaded();
    return decideNavigation(to, {
      authenticated: auth.isAuthenticated,
      roles: auth.roles,
      mustChangePassword: auth.me?.mustChangePassword === true,
    });
  });
  return router;
}
