import { http } from '@/api/client';
import type { GeoPoint } from '@/components/charts/geo';

/** Day plans of a collector (waste-logistics). */
export interface PlannedStop {
  id: string;
  sequence: number;
  pickupRequestId?: string | null;
  generatorName: string;
  siteName?: string | null;
  longitude: number;
  latitude: number;
  windowStart?: string | null;
  windowEnd?: string | null;
  arrival?: string | null;
  loadKg?: number | string | null;
  categories?: string[] | null;
}

export interface PlannedTrip {
  id: string;
  code?: string | null;
  vehicleId?: string | null;
  vehiclePlate?: string | null;
  driverName?: string | null;
  status: string;
  locked: boolean;
  depot?: GeoPoint | null;
  distanceKm?: number | string | null;
  loadKg?: number | string | null;
  capacityKg?: number | string | null;
  start?: string | null;
  end?: string | null;
  stops: PlannedStop[];
}

export interface UnplannedRequest {
  pickupRequestId: string;
  generatorName?: string | null;
  reason?: string | null;
}

export interface DayPlan {
  id: string;
  date: string;
  status: string;
  trips: PlannedTrip[];
  unplanned?: UnplannedRequest[] | null;
  publishedAt?: string | null;
}

const base = '/api/waste/dispatch';
export const dispatchApi = {
  plan: (date: string) => http.get<DayPlan | null>(`${base}/plans`, { date }),
  createPlan: (date: string) => http.post<DayPlan>(`${base}/plans`, { date }),
  replan: (planId: string) => http.post<DayPlan>(`${base}/plans/${encodeURIComponent(planId)}/replan`),
  moveStop: (planId: string, stopId: string, toTripId: string, position: number) =>
    http.post<DayPlan>(`${base}/plans/${encodeURIComponent(planId)}/stops/${encodeURIComponent(stopId)}/move`, { toTripId, position }),
  lockTrip: (planId: string, tripId: string, locked: boolean) =>
    http.post<DayPlan>(`${base}/plans/${encodeURIComponent(planId)}/trips/${encodeURIComponent(tripId)}/${locked ? 'lock' : 'unlock'}`),
  publish: (planId: string) => http.post<DayPlan>(`${base}/plans/${encodeURIComponent(planId)}/publish`),
};
