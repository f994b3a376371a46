import type { GeoPoint } from '@/components/charts/geo';
import { paletteColour } from '@/components/charts/echarts';
import type { DayPlan, PlannedTrip } from './dispatchApi';

/** A trip's path for the map: depot, its stops in sequence, back to the depot. */
export function tripPath(trip: PlannedTrip): GeoPoint[] {
  const stops = [...trip.stops].sort((a, b) => a.sequence - b.sequence).map((s) => ({ longitude: s.longitude, latitude: s.latitude }));
  return trip.depot ? [trip.depot, ...stops, trip.depot] : stops;
}

/** Stable colour per trip (by its position in the plan). */
export function tripColour(plan: DayPlan, tripId: string): string {
  return paletteColour(Math.max(0, plan.trips.findIndex((t) => t.id === tripId)));
}

/** Load as a share of capacity (0..), or null when either is unknown. */
export function utilisation(trip: PlannedTrip): number | null {
  const load = Number(trip.loadKg);
  const capacity = Number(trip.capacityKg);
  return Number.isFinite(load) && Number.isFinite(capacity) && capacity > 0 ? load / capacity : null;
}

/**
 * Where a stop may move: every other unlocked trip at any position 1..n+1, or its own trip at another position.
 * Locked trips neither give nor take stops (the planner keeps them as they are).
 */
export function moveTargets(plan: DayPlan, stopId: string): Array<{ tripId: string; positions: number[] }> {
  const source = plan.trips.find((t) => t.stops.some((s) => s.id === stopId));
  if (!source || source.locked) return [];
  return plan.trips
    .filter((t) => !t.locked)
    .map((t) => {
      const count = t.id === source.id ? t.stops.length : t.stops.length + 1;
      const current = t.id === source.id ? (t.stops.find((s) => s.id === stopId)?.sequence ?? 0) : 0;
      const positions = Array.from({ length: count }, (_, i) => i + 1).filter((p) => p !== current);
      return { tripId: t.id, positions };
    })
    .filter((target) => target.positions.length > 0);
}

/** A plan can be published once drafted, with at least one trip that has stops. */
export function canPublish(plan: DayPlan | null | undefined): boolean {
  return !!plan && plan.status !== 'Published' && plan.trips.some((t) => t.stops.length > 0);
}
