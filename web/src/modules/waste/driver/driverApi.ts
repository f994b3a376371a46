import { http } from '@/api/client';
import type { QueueItem } from './offlineQueue';

/**
 * The driver's endpoints (waste-logistics: GET /api/waste/driver/trips, POST /api/waste/driver/stops/{id}/items and
 * /confirm, POST /api/waste/manifests/{id}/sign-carrier). Shapes are written out here until the host's OpenAPI document carries them, then replaced by the
 * generated types.
 */

/** Planned until the generator signs; Confirmed once signed (code on the phone or in its own account). */
export type StopStatus = 'Planned' | 'Confirmed' | 'Cancelled' | string;

export interface DriverStopItem {
  id?: string;
  containerId?: string;
  containerCode: string;
  wasteCode?: string | null;
  wasteName?: string | null;
  weightKg: number | string;
  weighedAt?: string | null;
}

export interface DriverStop {
  id: string;
  sequence: number;
  generatorName: string;
  siteName?: string | null;
  address?: string | null;
  longitude?: number | null;
  latitude?: number | null;
  /** `HH:mm`, China time. */
  plannedArrival?: string | null;
  openingHours?: string | null;
  categories?: string[] | null;
  estimatedKg?: number | string | null;
  status: StopStatus;
  confirmedAt?: string | null;
  manifestId?: string | null;
  manifestStatus?: string | null;
  /** Locked after 5 wrong security codes until the generator or the dispatcher issues a new one. */
  securityCodeLocked?: boolean;
  items: DriverStopItem[];
}

export interface DriverTrip {
  id: string;
  code?: string | null;
  date: string;
  status: string;
  vehiclePlate?: string | null;
  receiverName?: string | null;
  plannedStart?: string | null;
  plannedEnd?: string | null;
  stops: DriverStop[];
}

/** What each queued action carries; the queue item's kind names the action. */
export type DriverAction =
  | { kind: 'scan'; tripId: string; stopId: string; containerCode: string; weightKg: string }
  | { kind: 'confirm'; tripId: string; stopId: string; securityCode: string }
  | { kind: 'carrierSign'; tripId: string; stopId: string; manifestId: string };

export type DriverPayload = Omit<DriverAction, 'kind'> & Record<string, unknown>;

const stopPath = (stopId: string) => `/api/waste/driver/stops/${encodeURIComponent(stopId)}`;

export const driverApi = {
  todayTrips: (date: string) => http.request<DriverTrip[]>('GET', '/api/waste/driver/trips', { query: { date } }),

  /** Sends one queued action. The key travels as the `Idempotency-Key` header and is the same on every attempt. */
  perform(item: Readonly<QueueItem<DriverPayload>>): Promise<unknown> {
    const headers = { 'Idempotency-Key': item.key };
    const stopId = String(item.payload.stopId);
    // The instant of the tap, not of the sync: the server orders and dates the actions by it (and refuses the future).
    switch (item.kind) {
      case 'scan':
        return http.request('POST', `${stopPath(stopId)}/items`, {
          headers,
          body: { containerCode: item.payload.containerCode, weightKg: Number(item.payload.weightKg), weighedAt: item.createdAt },
        });
      case 'confirm':
        return http.request('POST', `${stopPath(stopId)}/confirm`, {
          headers,
          body: { securityCode: item.payload.securityCode, signedAt: item.createdAt },
        });
      case 'carrierSign':
        // The driver signs the generator's manifest as carrier: the waste is in transit.
        return http.request('POST', `/api/waste/manifests/${encodeURIComponent(String(item.payload.manifestId))}/sign-carrier`, {
          headers,
          body: { signedAt: item.createdAt },
        });
      default:
        return Promise.reject(new Error(`Unknown driver action "${item.kind}"`));
    }
  },
};
