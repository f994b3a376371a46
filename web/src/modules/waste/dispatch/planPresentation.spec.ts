import { describe, expect, it } from 'vitest';
import type { PlannedTrip } from './dispatchApi';
import { canPublish, mergeTrips, moveTargets, tripPath, utilisation } from './planPresentation';

const stop = (id: string, sequence: number) => ({ id, sequence, generatorName: id, longitude: 120 + sequence / 100, latitude: 30 });
const trip = (id: string, stops: ReturnType<typeof stop>[], over: Partial<PlannedTrip> = {}): PlannedTrip => ({
  id,
  code: id.toUpperCase(),
  date: '2026-11-21',
  status: 'Draft',
  locked: false,
  vehicleId: 'v',
  depotLongitude: 120,
  depotLatitude: 30,
  stops,
  loadKg: 300,
  ...over,
});

describe('day plan presentation', () => {
  it('draws a trip from the depot through its stops in sequence and back', () => {
    const path = tripPath(trip('a', [stop('s2', 2), stop('s1', 1)]));
    expect(path.map((p) => p.longitude)).toEqual([120, 120.01, 120.02, 120]);
  });

  it('leaves out a depot the server does not know (0, 0)', () => {
    expect(tripPath(trip('a', [stop('s1', 1)], { depotLongitude: 0, depotLatitude: 0 }))).toHaveLength(1);
  });

  it('computes utilisation against the vehicle capacity, null without one', () => {
    expect(utilisation(trip('a', []), 1200)).toBe(0.25);
    expect(utilisation(trip('a', []), null)).toBeNull();
  });

  it('offers every draft unlocked trip as a move target, with the positions that change something', () => {
    const trips = [trip('a', [stop('s1', 1), stop('s2', 2)]), trip('b', [stop('s3', 1)]), trip('c', [stop('s4', 1)], { locked: true }), trip('d', [], { status: 'Published' })];
    expect(moveTargets(trips, 's1')).toEqual([
      { tripId: 'a', positions: [2] },
      { tripId: 'b', positions: [1, 2] },
    ]);
  });

  it('does not move stops out of a locked or published trip', () => {
    expect(moveTargets([trip('a', [stop('s1', 1)], { locked: true }), trip('b', [])], 's1')).toEqual([]);
    expect(moveTargets([trip('a', [stop('s1', 1)], { status: 'Published' }), trip('b', [])], 's1')).toEqual([]);
  });

  it('publishes only a draft trip with stops', () => {
    expect(canPublish(trip('a', [stop('s1', 1)]))).toBe(true);
    expect(canPublish(trip('a', []))).toBe(false);
    expect(canPublish(trip('a', [stop('s1', 1)], { status: 'Published' }))).toBe(false);
  });

  it('merges updated trips by id and appends new ones', () => {
    const merged = mergeTrips([trip('a', []), trip('b', [])], [trip('b', [], { locked: true }), trip('c', [])]);
    expect(merged.map((t) => [t.id, t.locked])).toEqual([
      ['a', false],
      ['b', true],
      ['c', false],
    ]);
  });
});
