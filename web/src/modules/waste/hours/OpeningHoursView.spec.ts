import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ElementPlus from 'element-plus';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth';
import type { Me } from '@/api/models';
import type { OpeningHoursResponse } from './openingHours';
import OpeningHoursView from './OpeningHoursView.vue';

const sites = vi.hoisted(() => ({ list: vi.fn(), get: vi.fn() }));
const hours = vi.hoisted(() => ({ get: vi.fn<(siteId: string) => Promise<OpeningHoursResponse>>(), put: vi.fn() }));
vi.mock('@/api/endpoints', () => ({ sitesApi: sites }));
vi.mock('./openingHours', async (actual) => ({ ...(await actual<typeof import('./openingHours')>()), openingHoursApi: hours }));

// The enterprise's sites as the API lists them: a site without recorded hours first (as one added later, named
// 二号厂区, sorts), then the works with hours.
const added = { id: 'site-added', name: '二号厂区', organisationName: '演示热处理厂', address: '纬二路88号' };
const works = { id: 'site-works', name: '演示热处理厂 厂区', organisationName: '演示热处理厂', address: '经一路1号' };
const none = (siteId: string): OpeningHoursResponse => ({ siteId, days: [] }) as unknown as OpeningHoursResponse;
// One open day and one closed.
const withHours = (siteId: string): OpeningHoursResponse =>
  ({
    siteId,
    days: [
      { weekday: 1, intervals: ['08:00-11:30'], closed: false },
      { weekday: 7, intervals: [], closed: true },
    ],
  }) as unknown as OpeningHoursResponse;

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function mountAt(path: string) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useAuthStore().me = { userId: 'enterprise-admin', roles: ['EnterpriseAdmin'] } as unknown as Me;
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/waste/opening-hours', name: 'waste-opening-hours', component: OpeningHoursView }],
  });
  await router.push(path);
  await router.isReady();
  // The time fields are stubbed: each is a select of 70-odd times, very slow to render in a test DOM.
  const wrapper = mount(OpeningHoursView, {
    global: { plugins: [pinia, createAppI18n('zh-CN'), router, ElementPlus], stubs: { ElTimeSelect: true } },
    attachTo: document.body,
  });
  await flushPromises();
  return { wrapper, router };
}

const intervals = (wrapper: Awaited<ReturnType<typeof mountAt>>['wrapper']) => wrapper.findAll('[data-testid^="hours-interval-"]').length;

describe('opening hours page', { timeout: 30_000 }, () => {
  beforeEach(() => {
    sites.list.mockReset().mockResolvedValue({ items: [added, works], total: 2, page: 1, pageSize: 100 });
    sites.get.mockReset();
    hours.get.mockReset().mockImplementation(async (id) => (id === works.id ? withHours(id) : none(id)));
    hours.put.mockReset();
  });

  it("opens on the enterprise's first site and keeps the choice in the address", async () => {
    const { wrapper, router } = await mountAt('/waste/opening-hours');
    expect(hours.get).toHaveBeenCalledWith(added.id);
    expect(router.currentRoute.value.query.site).toBe(added.id);
    expect(intervals(wrapper)).toBe(0);
    wrapper.unmount();
  });

  it('opens the site named in the address (a reload), not the first one', async () => {
    const { wrapper, router } = await mountAt(`/waste/opening-hours?site=${works.id}`);
    expect(hours.get.mock.calls.map((c) => c[0])).toEqual([works.id]);
    expect(router.currentRoute.value.query.site).toBe(works.id);
    expect(intervals(wrapper)).toBe(1);
    wrapper.unmount();
  });

  it('shows the chosen site even when the first site answers last', async () => {
    const first = deferred<OpeningHoursResponse>();
    hours.get.mockImplementation((id) => (id === added.id ? first.promise : Promise.resolve(withHours(id))));
    const { wrapper, router } = await mountAt('/waste/opening-hours');
    expect(hours.get).toHaveBeenCalledWith(added.id);

    // The user picks the works before the first site's week has come back.
    const select = wrapper.findComponent({ name: 'ElSelect' });
    select.vm.$emit('update:modelValue', works.id);
    await flushPromises();
    expect(intervals(wrapper)).toBe(1);

    first.resolve(none(added.id));
    await flushPromises();
    expect(router.currentRoute.value.query.site).toBe(works.id);
    expect(intervals(wrapper)).toBe(1);
    wrapper.unmount();
  });

  it('replaces a site the enterprise does not have (an old link) with its first site', async () => {
    hours.get.mockImplementation(async (id) => {
      if (id === 'gone') throw new Error('not found');
      return id === works.id ? withHours(id) : none(id);
    });
    const { wrapper, router } = await mountAt('/waste/opening-hours?site=gone');
    expect(router.currentRoute.value.query.site).toBe(added.id);
    expect(wrapper.find('.el-alert--error').exists()).toBe(false);
    wrapper.unmount();
  });
});
