import { expect, type APIRequestContext } from '@playwright/test';
import { demoAccount } from './app';
import { apiAs, type ApiSession } from './api';

// Arranging a container in the demo collector's transfer warehouse through the real API, as the demo accounts would:
// the enterprise deposits and asks for a pickup, the dispatcher plans today (to its own warehouse) and publishes to
// the demo driver, the driver weighs, the generator's code confirms, the driver signs as carrier, and the dispatcher
// receives the container at the warehouse and accepts. (waste.spec.ts arranges a published stop the same way up to
// the publication.)

interface Me {
  organisationId: string;
}
interface Cabinet {
  id: string;
  activePickupRequestId?: string | null;
  compartments?: Array<{ number: number; allowedGroup?: string | null }>;
}
interface Stream {
  id: string;
  isActive: boolean;
  compatibilityGroup?: string;
}
interface Trip {
  id: string;
  status: string;
  stops: Array<{ id: string; pickupRequestId: string }>;
}

/** China date of now: the host plans and lists trips by it. */
export function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** ISO weekday (1 = Monday) of a China date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00+08:00`).getUTCDay();
  return day === 0 ? 7 : day;
}

async function driverAction<T>(api: ApiSession, path: string, key: string, body: unknown): Promise<T> {
  return api.post<T>(path, body, { 'Idempotency-Key': key });
}

export interface WarehouseContainer {
  containerId: string;
  code: string;
  weightKg: number;
  collectionManifestId: string;
}

export async function arrangeContainerInWarehouse(baseURL: string, request: APIRequestContext, weightKg: number): Promise<WarehouseContainer> {
  const enterprise = await apiAs(baseURL, await demoAccount(request, 'EnterpriseAdmin'));
  const dispatcher = await apiAs(baseURL, await demoAccount(request, 'CollectorDispatcher'));
  const driver = await apiAs(baseURL, await demoAccount(request, 'Driver'));
  try {
    const cabinets = await enterprise.get<Cabinet[]>('/api/waste/cabinets');
    expect(cabinets.length, 'the demo enterprise has a demo cabinet').toBeGreaterThan(0);
    const cabinet = cabinets[0]!;
    const streams = (await enterprise.get<Stream[]>('/api/waste/streams')).filter((s) => s.isActive);
    expect(streams.length, 'the demo enterprise has a waste stream').toBeGreaterThan(0);
    const stream = streams[0]!;
    const group = stream.compatibilityGroup ?? 'General';
    const compartment = (cabinet.compartments ?? []).find((c) => (c.allowedGroup ?? 'General') === group) ?? cabinet.compartments?.[0];
    const container = await enterprise.post<{ id: string; code: string }>('/api/waste/containers', {
      cabinetId: cabinet.id,
      compartmentNumber: compartment?.number ?? 1,
      streamId: stream.id,
      weightKg,
      volumeLitres: 20,
      generatedOn: chinaToday(),
    });

    const requests = await enterprise.get<Array<{ id: string; status: string }>>(`/api/waste/pickup-requests?cabinetId=${cabinet.id}`);
    const active = requests.find((r) => r.status === 'Open' || r.status === 'Planned');
    const pickup = active ?? (await enterprise.post<{ id: string; status: string }>('/api/waste/pickup-requests', { cabinetId: cabinet.id, note: 'e2e warehouse' }));

    const hasStop = (t: Trip) => t.stops.some((s) => s.pickupRequestId === pickup.id);
    let trip = pickup.status === 'Planned' ? (await dispatcher.get<Trip[]>(`/api/waste/dispatch/trips?date=${chinaToday()}`)).find(hasStop) : undefined;
    if (!trip) {
      // No receiver named: the trip goes to the collector's own transfer warehouse.
      const plan = await dispatcher.post<{ trips: Trip[]; unplanned: unknown[] }>('/api/waste/dispatch/plans', { date: chinaToday() });
      trip = plan.trips.find(hasStop);
      expect(trip, `the request is planned today: ${JSON.stringify(plan.unplanned)}`).toBeDefined();
    }
    const disp = await dispatcher.get<Me>('/api/auth/me');
    const driverAccount = await demoAccount(request, 'Driver');
    const users = await dispatcher.get<{ items: Array<{ id: string; userName: string }> }>(`/api/users?organisationId=${disp.organisationId}&pageSize=200`);
    const driverUser = users.items.find((u) => u.userName === driverAccount.userName)!;
    const published = trip!.status === 'Draft' ? await dispatcher.post<Trip>(`/api/waste/dispatch/trips/${trip!.id}/publish`, { driverUserId: driverUser.id }) : trip!;
    const stop = published.stops.find((s) => s.pickupRequestId === pickup.id)!;

    const tag = `${container.code}-${Date.now()}`;
    await driverAction(driver, `/api/waste/driver/stops/${stop.id}/items`, `wh-weigh-${tag}`, { containerCode: container.code, weightKg, weighedAt: new Date().toISOString() });
    const { securityCode } = await enterprise.get<{ securityCode: string }>(`/api/waste/stops/${stop.id}/security-code`);
    const manifest = await driverAction<{ id: string }>(driver, `/api/waste/driver/stops/${stop.id}/confirm`, `wh-confirm-${tag}`, { securityCode, signedAt: new Date().toISOString() });
    await driverAction(driver, `/api/waste/manifests/${manifest.id}/sign-carrier`, `wh-carrier-${tag}`, { signedAt: new Date().toISOString() });
    await dispatcher.post(`/api/waste/manifests/${manifest.id}/receive`, {
      receivedAt: new Date().toISOString(),
      containers: [{ containerId: container.id, receivedKg: weightKg }],
    });
    await dispatcher.post(`/api/waste/manifests/${manifest.id}/decision`, { decidedAt: new Date().toISOString(), decision: 'Accepted' });
    return { containerId: container.id, code: container.code, weightKg, collectionManifestId: manifest.id };
  } finally {
    await enterprise.dispose();
    await dispatcher.dispose();
    await driver.dispose();
  }
}
