import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import LoginView from './LoginView.vue';
import { mountWithApp } from '@/test/mountApp';
import { ApiError } from '@/api/problem';
import type { Me, SystemInfo } from '@/api/models';

const api = vi.hoisted(() => ({
  info: vi.fn<() => Promise<SystemInfo>>(),
  login: vi.fn<(body: { userName: string; password: string }) => Promise<Me>>(),
}));
vi.mock('@/api/endpoints', () => ({
  http: { resetAntiforgery: vi.fn() },
  systemApi: { info: api.info },
  authApi: { login: api.login, me: vi.fn(), logout: vi.fn() },
}));

const demoInfo: SystemInfo = {
  product: 'GreenIsland',
  version: '1.0.0',
  isDemo: true,
  districtName: '演示区',
  demoAccounts: [
    { userName: 'regulator', password: 'Demo#2026!reg', role: 'Regulator', organisationName: '演示区生态环境分局' },
    { userName: 'ent.admin', password: 'Demo#2026!ent', role: 'EnterpriseAdmin', organisationName: '演示电镀厂' },
  ],
};

const me = (overrides: Partial<Me> = {}): Me => ({
  userId: 'u1',
  userName: 'regulator',
  displayName: '王监管',
  organisationId: 'o1',
  organisationName: '演示区生态环境分局',
  organisationType: 'Regulator',
  roles: ['Regulator'],
  jurisdictionId: 'j1',
  mustChangePassword: false,
  ...overrides,
});

afterEach(() => {
  vi.clearAllMocks();
  document.body.innerHTML = '';
});

describe('LoginView', () => {
  it('lists demo accounts and fills the form when one is clicked', async () => {
    api.info.mockResolvedValue(demoInfo);
    const { wrapper } = await mountWithApp(LoginView);
    await flushPromises();

    expect(wrapper.find('[data-testid="demo-badge"]').exists()).toBe(true);
    await wrapper.find('[data-testid="demo-account-ent.admin"]').trigger('click');

    const userName = wrapper.find<HTMLInputElement>('input[data-testid="login-username"]');
    const password = wrapper.find<HTMLInputElement>('input[data-testid="login-password"]');
    expect(userName.element.value).toBe('ent.admin');
    expect(password.element.value).toBe('Demo#2026!ent');
  });

  it('hides demo accounts outside demo mode', async () => {
    api.info.mockResolvedValue({ ...demoInfo, isDemo: false, demoAccounts: null });
    const { wrapper } = await mountWithApp(LoginView);
    await flushPromises();

    expect(wrapper.find('[data-testid="demo-accounts"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="demo-badge"]').exists()).toBe(false);
  });

  it('signs in and follows a safe redirect', async () => {
    api.info.mockResolvedValue(demoInfo);
    api.login.mockResolvedValue(me());
    const { wrapper, router } = await mountWithApp(LoginView, { path: '/login?redirect=/sites' });
    await flushPromises();

    await wrapper.find('[data-testid="demo-account-regulator"]').trigger('click');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(api.login).toHaveBeenCalledWith({ userName: 'regulator', password: 'Demo#2026!reg' });
    expect(router.currentRoute.value.fullPath).toBe('/sites');
  });

  it('shows the server problem detail when sign-in is refused', async () => {
    api.info.mockResolvedValue(demoInfo);
    api.login.mockRejectedValue(new ApiError(423, { status: 423, title: 'Locked', detail: '账号已锁定，请于 10:30 后重试。' }));
    const { wrapper, router } = await mountWithApp(LoginView);
    await flushPromises();

    await wrapper.find('[data-testid="demo-account-regulator"]').trigger('click');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(wrapper.find('[data-testid="login-error"]').text()).toContain('账号已锁定，请于 10:30 后重试。');
    expect(router.currentRoute.value.name).toBe('login');
  });

  it('sends a user who must change their password to the password page', async () => {
    api.info.mockResolvedValue(demoInfo);
    api.login.mockResolvedValue(me({ mustChangePassword: true }));
    const { wrapper, router } = await mountWithApp(LoginView, { path: '/login?redirect=/sites' });
    await flushPromises();

    await wrapper.find('[data-testid="demo-account-regulator"]').trigger('click');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(router.currentRoute.value.name).toBe('change-password');
  });

  it('renders in English when the locale is en', async () => {
    api.info.mockResolvedValue(demoInfo);
    const { wrapper } = await mountWithApp(LoginView, { locale: 'en' });
    await flushPromises();

    expect(wrapper.find('h1').text()).toBe('Sign in');
    expect(wrapper.find('[data-testid="demo-badge"]').text()).toBe('Demo data');
  });
});
