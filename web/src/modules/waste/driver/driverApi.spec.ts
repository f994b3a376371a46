import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QueueItem } from './offlineQueue';
import { driverApi, type DriverPayload } from './driverApi';

const item = (kind: string, payload: Record<string, unknown>): QueueItem<DriverPayload> => ({
  key: 'key-123',
  kind,
  scope: 'stop-1',
  payload: { tripId: 'trip-1', stopId: 'stop-1', ...payload } as DriverPayload,
  createdAt: '2026-11-21T02:03:04.000Z',
  attempts: 1,
  status: 'sending',
  notBefore: null,
  lastError: null,
  rejection: null,
});

describe('driver actions on the wire', () => {
  afterEach(() => vi.unstubAllGlobals());

  function capture() {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(url.endsWith('antiforgery') ? null : '{}', { status: url.endsWith('antiforgery') ? 204 : 200, headers: { 'content-type': 'application/json' } });
    });
    return calls;
  }

  it('sends the idempotency key as a header and the tap instant in the body', async () => {
    const calls = capture();
    await driverApi.perform(item('scan', { containerCode: 'C-1', weightKg: '12.5' }));
    const call = calls.find((c) => c.url.includes('/items'))!;
    expect(call.url).toBe('/api/waste/driver/stops/stop-1/items');
    expect((call.init.headers as Record<string, string>)['Idempotency-Key']).toBe('key-123');
    expect(JSON.parse(String(call.init.body))).toEqual({ containerCode: 'C-1', weightKg: 12.5, weighedAt: '2026-11-21T02:03:04.000Z' });
    expect(String(call.init.body)).toContain('"weightKg":12.5,');
  });

  it('dates a generator confirmation with signedAt', async () => {
    const calls = capture();
    await driverApi.perform(item('confirm', { securityCode: '123456' }));
    const call = calls.find((c) => c.url.includes('/confirm'))!;
    expect(call.url).toBe('/api/waste/driver/stops/stop-1/confirm');
    expect(JSON.parse(String(call.init.body))).toEqual({ securityCode: '123456', signedAt: '2026-11-21T02:03:04.000Z' });
  });

  it("signs the generator's manifest as carrier", async () => {
    const calls = capture();
    await driverApi.perform(item('carrierSign', { manifestId: 'man-9' }));
    const call = calls.find((c) => c.url.includes('sign-carrier'))!;
    expect(call.url).toBe('/api/waste/manifests/man-9/sign-carrier');
    expect((call.init.headers as Record<string, string>)['Idempotency-Key']).toBe('key-123');
    expect(JSON.parse(String(call.init.body))).toEqual({ signedAt: '2026-11-21T02:03:04.000Z' });
  });

  it('refuses an unknown action without calling the server', async () => {
    const calls = capture();
    await expect(driverApi.perform(item('teleport', {}))).rejects.toThrow('Unknown driver action');
    expect(calls.filter((c) => !c.url.endsWith('antiforgery'))).toHaveLength(0);
  });
});
