import { http } from '@/api/client';
import type { Paged, User } from '@/api/models';

/** Day plans of a collector (waste-logistics: /api/waste/dispatch/...). */
export interface PlannedStop {
  id: string;
  sequence: number;
  pickupRequestId?: string | null;
  generatorId?: string;
  generatorName: string;
  siteName?: string | null;
  address?: string | null;
  longitude: number;
  latitude: number;
  estimatedKg?: number | string | null;
  categories?: string[] | null;
  openingHours?: string | null;
  /** `HH:mm`, China time. */
  plannedArrival?: string | null;
  status?: string | null;
  manifestId?: string | null;
  /** Locked after 5 wrong security codes on the driver's phone; the dispatcher may issue a new code (the generator sees it). */
  securityCodeLocked?: boolean;
}

export interface PlannedTrip {
  id: string;
  code: string;
  date: string;
  status: string;
  locked: boolean;
  vehicleId: string;
  vehiclePlate?: string | null;
  driverUserId?: string | null;
  driverName?: string | null;
  receiverName?: string | null;
  distanceKm?: number | null;
  plannedStart?: string | null;
  plannedEnd?: string | null;
  loadKg?: number | string | null;
  depotLongitude?: number | null;
  depotLatitude?: number | null;
  stops: PlannedStop[];
}

export interface UnplannedRequest {
  pickupRequestId: string;
  generatorName?: string | null;
  longitude?: number | null;
  latitude?: number | null;
  estimatedKg?: number | string | null;
  reason?: string | null;
}

export interface PlanResult {
  date: string;
  trips: PlannedTrip[];
  unplanned: UnplannedRequest[];
  feasible: boolean;
  violations: string[];
  distanceKm: number;
}

export interface Vehicle {
  id: string;
  plate: string;
  capacityKg: number;
  isActive?: boolean;
}

const base = '/api/waste/dispatch';
const trip = (id: string) => `${base}/trips/${encodeURIComponent(id)}`;
export const dispatchApi = {
  trips: (date: string) => http.get<PlannedTrip[]>(`${base}/trips`, { date }),
  /** Plans the day from the open requests: draft trips are replaced, locked and published ones kept. */
  plan: (date: string) => http.post<PlanResult>(`${base}/plans`, { date }),
  /** Moves a stop of the day into this trip at a 1-based position; the answer is the whole day, re-checked. */
  moveStop: (toTripId: string, stopId: string, position: number) => http.post<PlannedTrip[]>(`${trip(toTripId)}/stops`, { stopId, position }),
  lock: (tripId: string, locked: boolean) => http.post<PlannedTrip>(`${trip(tripId)}/lock`, { locked }),
  publish: (tripId: string, driverUserId: string) => http.post<PlannedTrip>(`${trip(tripId)}/publish`, { driverUserId }),
  /** Issues a new security code for a published stop (the dispatcher does not see it; the generator does, in its account). */
  reissueSecurityCode: (stopId: string) => http.post<unknown>(`/api/waste/stops/${encodeURIComponent(stopId)}/security-code`, {}),
  vehicles: () => http.get<Vehicle[]>('/api/waste/vehicles'),
  /** The company's accounts (a dispatcher administers its own organisation); drivers are picked from them. */
  users: (organisationId: string) => http.get<Paged<User>>('/api/users', { organisationId, pageSize: 200 }),
};
