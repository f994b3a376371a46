import { describe, expect, it } from 'vitest';
import type { DayPlan, PlannedTrip } from './dispatchApi';
import { canPublish, moveTargets, tripPath, utilisation } from './planPresentation';

const stop = (id: string, sequence: number) => ({ id, sequence, generatorName: id, longitude: 120 + sequence / 100, latitude: 30 });
const trip = (id: string, stops: ReturnType<typeof stop>[], locked = false): PlannedTrip => ({
  id,
  status: 'Draft',
  locked,
  depot: { longitude: 120, latitude: 30 },
  stops,
  loadKg: '300',
  capacityKg: 1200,
});
const plan = (...trips: PlannedTrip[]): DayPlan => ({ id: 'p', date: '2026-11-21', status: 'Draft', trips });

describe('day plan presentation', () => {
  it('draws a trip from the depot through its stops in sequence and back', () => {
    const path = tripPath(trip('a', [stop('s2', 2), stop('s1', 1)]));
    expect(path.map((p) => p.longitude)).toEqual([120, 120.01, 120.02, 120]);
  });

  it('computes utilisation, null without capacity', () => {
    expect(utilisation(trip('a', []))).toBe(0.25);
    expect(utilisation({ ...trip('a', []), capacityKg: null })).toBeNull();
  });

  it('offers every unlocked trip as a move target, with the positions that change something', () => {
    const p = plan(trip('a', [stop('s1', 1), stop('s2', 2)]), trip('b', [stop('s3', 1)]), trip('c', [stop('s4', 1)], true));
    expect(moveTargets(p, 's1')).toEqual([
      { tripId: 'a', positions: [2] },
      { tripId: 'b', positions: [1, 2] },
    ]);
  });

  it('does not move stops out of a locked trip', () => {
    const p = plan(trip('a', [stop('s1', 1)], true), trip('b', []));
    expect(moveTargets(p, 's1')).toEqual([]);
  });

  it('publishes only a drafted plan with stops', () => {
    expect(canPublish(plan(trip('a', [stop('s1', 1)])))).toBe(true);
    expect(canPublish(plan(trip('a', [])))).toBe(false);
    expect(canPublish({ ...plan(trip('a', [stop('s1', 1)])), status: 'Published' })).toBe(false);
    expect(canPublish(null)).toBe(false);
  });
});
