import { mount, type ComponentMountingOptions } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ElementPlus from 'element-plus';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Component } from 'vue';
import { createAppI18n, type AppLocale } from '@/i18n';

/** Mounts a component with the app's real plugins (Element Plus, i18n, Pinia, a memory router). */
export async function mountWithApp<C extends Component>(
  component: C,
  options: { locale?: AppLocale; path?: string; mount?: ComponentMountingOptions<C> } = {},
) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const i18n = createAppI18n(options.locale ?? 'zh-CN');
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: { template: '<div>home</div>' } },
      { path: '/login', name: 'login', component: { template: '<div>login</div>' } },
      { path: '/sites', name: 'sites', component: { template: '<div>sites</div>' } },
      { path: '/account/password', name: 'change-password', component: { template: '<div>pw</div>' } },
    ],
  });
  await router.push(options.path ?? '/login');
  await router.isReady();
  const wrapper = mount(component, {
    ...options.mount,
    global: { plugins: [pinia, i18n, router, ElementPlus] },
    attachTo: document.body,
  } as ComponentMountingOptions<C>);
  return { wrapper, router, i18n, pinia };
}

export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
