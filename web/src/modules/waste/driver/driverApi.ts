import { http } from '@/api/client';
import type { QueueItem } from './offlineQueue';

/**
 * The driver's endpoints. Shapes follow the waste-logistics API (see /work/team/WASTE-API.md); they are written out
 * here until the host's OpenAPI document carries them, then replaced by the generated types.
 */

export type StopStatus = 'Planned' | 'Arrived' | 'Collected' | 'Confirmed' | 'Completed' | 'Skipped' | string;

export interface DriverStopContainer {
  code: string;
  wasteCode?: string | null;
  wasteName?: string | null;
  weightKg?: string | number | null;
}

export interface DriverStop {
  id: string;
  sequence: number;
  generatorName: string;
  siteName?: string | null;
  address?: string | null;
  longitude?: number | null;
  latitude?: number | null;
  windowStart?: string | null;
  windowEnd?: string | null;
  status: StopStatus;
  expectedContainers?: number | null;
  containers: DriverStopContainer[];
  confirmedAt?: string | null;
}

export interface DriverTrip {
  id: string;
  code?: string | null;
  date: string;
  vehiclePlate?: string | null;
  status: string;
  stops: DriverStop[];
}

/** What each queued action carries; the queue item's kind names the action. */
export type DriverAction =
  | { kind: 'arrive'; tripId: string; stopId: string }
  | { kind: 'scan'; tripId: string; stopId: string; containerCode: string; weightKg: string }
  | { kind: 'confirm'; tripId: string; stopId: string; securityCode: string }
  | { kind: 'complete'; tripId: string; stopId: string };

export type DriverPayload = Omit<DriverAction, 'kind'> & Record<string, unknown>;

const stopPath = (tripId: string, stopId: string) =>
  `/api/waste/trips/${encodeURIComponent(tripId)}/stops/${encodeURIComponent(stopId)}`;

export const driverApi = {
  todayTrips: (date: string) => http.request<DriverTrip[]>('GET', '/api/waste/driver/trips', { query: { date } }),

  /** Sends one queued action. The key travels as the `Idempotency-Key` header and is the same on every attempt. */
  perform(item: Readonly<QueueItem<DriverPayload>>): Promise<unknown> {
    const { tripId, stopId, ...rest } = item.payload as DriverPayload & { tripId: string; stopId: string };
    const headers = { 'Idempotency-Key': item.key };
    // The instant of the tap, not of the sync: the server orders and dates the actions by it (and refuses the future).
    const body = item.kind === 'confirm' ? { ...rest, signedAt: item.createdAt } : { ...rest, at: item.createdAt };
    const base = stopPath(tripId, stopId);
    switch (item.kind) {
      case 'arrive':
        return http.request('POST', `${base}/arrive`, { body, headers });
      case 'scan':
        return http.request('POST', `${base}/containers`, { body, headers });
      case 'confirm':
        return http.request('POST', `${base}/confirm`, { body, headers });
      case 'complete':
        return http.request('POST', `${base}/complete`, { body, headers });
      default:
        return Promise.reject(new Error(`Unknown driver action "${item.kind}"`));
    }
  },
};
