import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ElementPlus from 'element-plus';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '@/i18n';
import { ApiError } from '@/api/problem';
import { useAuthStore } from '@/stores/auth';
import type { Me } from '@/api/models';
import type { QueueItem } from './offlineQueue';
import type { DriverPayload, DriverTrip } from './driverApi';
import DriverStopView from './DriverStopView.vue';

const api = vi.hoisted(() => ({
  todayTrips: vi.fn<(date: string) => Promise<DriverTrip[]>>(),
  perform: vi.fn<(item: Readonly<QueueItem<DriverPayload>>) => Promise<unknown>>(),
}));
vi.mock('./driverApi', () => ({ driverApi: api }));

const trip = (): DriverTrip => ({
  id: 'trip-1',
  code: 'T-001',
  date: '2026-11-21',
  status: 'Published',
  stops: [
    { id: 'stop-1', sequence: 1, generatorName: '演示电镀厂', status: 'Planned', plannedArrival: '09:30', manifestId: 'm-1', manifestStatus: 'Draft', items: [] },
    { id: 'stop-2', sequence: 2, generatorName: '演示喷涂厂', status: 'Planned', plannedArrival: '10:10', manifestId: 'm-2', manifestStatus: 'Draft', items: [] },
  ],
});

let userCounter = 0;
async function mountStop() {
  const pinia = createPinia();
  setActivePinia(pinia);
  // A fresh user per test: the queue is one per user for the life of the page.
  useAuthStore().me = { userId: `driver-${++userCounter}`, roles: ['Driver'] } as unknown as Me;
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/waste/driver', name: 'waste-driver', component: { template: '<div />' } },
      { path: '/waste/driver/trips/:tripId/stops/:stopId', name: 'waste-driver-stop', component: DriverStopView },
    ],
  });
  await router.push('/waste/driver/trips/trip-1/stops/stop-1');
  await router.isReady();
  const wrapper = mount(DriverStopView, { global: { plugins: [pinia, createAppI18n('zh-CN'), router, ElementPlus] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

/** Element Plus puts a test id on the inner <input> or on its wrapper, depending on the component. */
function input(wrapper: Awaited<ReturnType<typeof mountStop>>, testId: string) {
  const el = wrapper.get(`[data-testid="${testId}"]`);
  return el.element.tagName === 'INPUT' ? el : el.get('input');
}

async function scan(wrapper: Awaited<ReturnType<typeof mountStop>>, code: string) {
  await input(wrapper, 'scan-input').setValue(code);
  input(wrapper, 'scan-input').element.closest('form')!.dispatchEvent(new Event('submit'));
  await flushPromises();
}

async function weigh(wrapper: Awaited<ReturnType<typeof mountStop>>, kg: string) {
  await input(wrapper, 'driver-weight').setValue(kg);
  await wrapper.get('[data-testid="driver-weigh"]').trigger('submit');
  await flushPromises();
}

describe('driver stop page', () => {
  beforeEach(() => {
    localStorage.clear();
    // A tiny stand-in for the server: accepted actions change the trip it returns next.
    const server = trip();
    api.todayTrips.mockReset().mockImplementation(async () => structuredClone([server]));
    api.perform.mockReset().mockImplementation(async (item) => {
      const s = server.stops.find((x) => x.id === item.payload.stopId)!;
      if (item.kind === 'scan') s.items.push({ containerCode: String(item.payload.containerCode), weightKg: Number(item.payload.weightKg) });
      if (item.kind === 'confirm') {
        s.status = 'Confirmed';
        s.manifestStatus = 'SignedByGenerator';
      }
      if (item.kind === 'carrierSign') s.manifestStatus = 'InTransit';
      return {};
    });
  });

  it('scans a typed code, refuses a zero weight, then queues and sends the scan with its weight', async () => {
    const wrapper = await mountStop();
    expect(wrapper.get('[data-testid="driver-stop-name"]').text()).toBe('演示电镀厂');

    await scan(wrapper, ' gi-c-0001 ');
    expect(wrapper.text()).toContain('GI-C-0001');

    await weigh(wrapper, '0');
    expect(wrapper.get('[data-testid="driver-weight-error"]').text()).toBe('重量必须大于 0');
    expect(api.perform).not.toHaveBeenCalled();

    await weigh(wrapper, '12,5');
    expect(api.perform).toHaveBeenCalledTimes(1);
    const sent = api.perform.mock.calls[0]![0];
    expect(sent.kind).toBe('scan');
    expect(sent.payload).toMatchObject({ tripId: 'trip-1', stopId: 'stop-1', containerCode: 'GI-C-0001', weightKg: '12.5' });
    expect(sent.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(wrapper.get('[data-testid="driver-total"]').text()).toContain('12.5 kg');
    wrapper.unmount();
  });

  it('keeps a confirmation queued while offline and shows it pending, then sends it with the same key', async () => {
    const wrapper = await mountStop();
    await scan(wrapper, 'GI-C-0002');
    await weigh(wrapper, '3');

    api.perform.mockImplementationOnce(() => Promise.reject(new TypeError('Failed to fetch')));
    await input(wrapper, 'driver-code-input').setValue('123456');
    await wrapper.get('[data-testid="driver-confirm-submit"]').element.closest('form')!.dispatchEvent(new Event('submit'));
    await flushPromises();

    expect(wrapper.get('[data-testid="driver-queue"]').attributes('data-pending')).toBe('1');
    expect(wrapper.get('[data-testid="driver-queue-pending"]').text()).toBe('1 项操作待同步');
    // The flow goes on offline: the driver can sign as carrier; both wait in order.
    expect(wrapper.find('[data-testid="driver-confirmation-queued"]').exists()).toBe(true);
    await wrapper.get('[data-testid="driver-carrier-sign"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="driver-queue"]').attributes('data-pending')).toBe('2');
    expect(wrapper.find('[data-testid="driver-done-queued"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="driver-next-stop"]').text()).toContain('演示喷涂厂');
    const firstKey = api.perform.mock.calls[1]![0].key;

    await wrapper.get('[data-testid="driver-queue-sync"]').trigger('click');
    await flushPromises();
    expect(api.perform.mock.calls[2]![0].key).toBe(firstKey);
    expect(api.perform.mock.calls.slice(2).map((c) => c[0].kind)).toEqual(['confirm', 'carrierSign']);
    expect(wrapper.get('[data-testid="driver-queue"]').attributes('data-pending')).toBe('0');
    expect(wrapper.find('[data-testid="driver-done"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it("shows the server's reason when it refuses an action, and lets the driver discard it", async () => {
    const wrapper = await mountStop();
    api.perform.mockImplementationOnce(() => Promise.reject(new ApiError(409, { status: 409, title: 'Conflict', detail: '该容器已被其他站点收运。' })));
    await scan(wrapper, 'GI-C-0003');
    await weigh(wrapper, '2');

    expect(wrapper.get('[data-testid="queue-failed-reason"]').text()).toContain('该容器已被其他站点收运。');
    expect(wrapper.get('[data-testid="driver-containers"]').text()).toContain('被拒绝');
    // A refused scan does not count towards the stop.
    expect(wrapper.get('[data-testid="driver-total"]').text()).toContain('0 kg');

    await wrapper.get('[data-testid="queue-failed-scan"]').findAll('button')[1]!.trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="queue-failed-scan"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('refuses a security code that is not six digits before queueing anything', async () => {
    const wrapper = await mountStop();
    await scan(wrapper, 'GI-C-0004');
    await weigh(wrapper, '1');
    api.perform.mockClear();
    await input(wrapper, 'driver-code-input').setValue('12ab');
    await wrapper.get('[data-testid="driver-confirm-submit"]').element.closest('form')!.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(wrapper.text()).toContain('确认码为 6 位数字');
    expect(api.perform).not.toHaveBeenCalled();
    wrapper.unmount();
  });
});
