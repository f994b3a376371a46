import type { GeoPoint } from '@/components/charts/geo';
import { paletteColour } from '@/components/charts/echarts';
import type { PlannedTrip } from './dispatchApi';

/** A trip's path for the map: depot, its stops in sequence, back to the depot. */
export function tripPath(trip: PlannedTrip): GeoPoint[] {
  const stops = [...trip.stops].sort((a, b) => a.sequence - b.sequence).map((s) => ({ longitude: s.longitude, latitude: s.latitude }));
  const hasDepot = typeof trip.depotLongitude === 'number' && typeof trip.depotLatitude === 'number' && (trip.depotLongitude !== 0 || trip.depotLatitude !== 0);
  if (!hasDepot) return stops;
  const depot = { longitude: trip.depotLongitude!, latitude: trip.depotLatitude! };
  return [depot, ...stops, depot];
}

/** Stable colour per trip (by its position in the day). */
export function tripColour(trips: readonly PlannedTrip[], tripId: string): string {
  return paletteColour(Math.max(0, trips.findIndex((t) => t.id === tripId)));
}

/** Load as a share of capacity (0..), or null when either is unknown. */
export function utilisation(trip: PlannedTrip, capacityKg: number | null | undefined): number | null {
  const load = Number(trip.loadKg);
  return Number.isFinite(load) && typeof capacityKg === 'number' && capacityKg > 0 ? load / capacityKg : null;
}

export const isDraft = (trip: PlannedTrip) => trip.status === 'Draft';

/**
 * Where a stop may move: every draft, unlocked trip at any position 1..n+1, or its own trip at another position.
 * Locked and published trips neither give nor take stops.
 */
export function moveTargets(trips: readonly PlannedTrip[], stopId: string): Array<{ tripId: string; positions: number[] }> {
  const source = trips.find((t) => t.stops.some((s) => s.id === stopId));
  if (!source || source.locked || !isDraft(source)) return [];
  return trips
    .filter((t) => !t.locked && isDraft(t))
    .map((t) => {
      const count = t.id === source.id ? t.stops.length : t.stops.length + 1;
      const current = t.id === source.id ? (t.stops.find((s) => s.id === stopId)?.sequence ?? 0) : 0;
      const positions = Array.from({ length: count }, (_, i) => i + 1).filter((p) => p !== current);
      return { tripId: t.id, positions };
    })
    .filter((target) => target.positions.length > 0);
}

/** A draft trip with stops can go to a driver. */
export function canPublish(trip: PlannedTrip): boolean {
  return isDraft(trip) && trip.stops.length > 0;
}

/** Replaces trips by id with newer versions (lock/publish answer one trip; move answers the day). */
export function mergeTrips(current: readonly PlannedTrip[], updated: readonly PlannedTrip[]): PlannedTrip[] {
  const byId = new Map(updated.map((t) => [t.id, t]));
  const merged = current.map((t) => byId.get(t.id) ?? t);
  for (const t of updated) if (!current.some((c) => c.id === t.id)) merged.push(t);
  return merged;
}
