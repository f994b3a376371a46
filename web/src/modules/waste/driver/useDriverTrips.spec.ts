import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/api/problem';
import type { DriverTrip } from './driverApi';
import { useDriverTrips } from './useDriverTrips';

const api = vi.hoisted(() => ({ todayTrips: vi.fn<(date: string) => Promise<DriverTrip[]>>() }));
vi.mock('./driverApi', () => ({ driverApi: api }));

const trip = (stops: number[]): DriverTrip => ({
  id: 'trip-1',
  date: '2026-11-21',
  status: 'Published',
  stops: stops.map((sequence) => ({ id: `s${sequence}`, sequence, generatorName: `G${sequence}`, status: 'Planned', items: [] })),
});

describe("the driver's trips of the day", () => {
  beforeEach(() => {
    localStorage.clear();
    api.todayTrips.mockReset();
  });

  it('orders stops by sequence whatever order the server sends', async () => {
    api.todayTrips.mockResolvedValue([trip([3, 1, 2])]);
    const trips = useDriverTrips('u1');
    await trips.reload();
    expect(trips.trips.value[0]!.stops.map((s) => s.sequence)).toEqual([1, 2, 3]);
  });

  it('keeps showing the last copy (marked as a copy) when the network fails', async () => {
    api.todayTrips.mockResolvedValueOnce([trip([1, 2])]);
    await useDriverTrips('u1').reload();

    api.todayTrips.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const reopened = useDriverTrips('u1');
    expect(reopened.fromCache.value).toBe(true);
    await reopened.reload();
    expect(reopened.trips.value[0]!.stops).toHaveLength(2);
    expect(reopened.error.value).toBe('Failed to fetch');
    expect(reopened.fromCache.value).toBe(true);
  });

  it("never shows another user's copy", async () => {
    api.todayTrips.mockResolvedValueOnce([trip([1])]);
    await useDriverTrips('u1').reload();
    expect(useDriverTrips('u2').trips.value).toEqual([]);
  });

  it('drops the copy when the server says the driver may not see it', async () => {
    api.todayTrips.mockResolvedValueOnce([trip([1])]);
    await useDriverTrips('u1').reload();
    api.todayTrips.mockRejectedValueOnce(new ApiError(403, { status: 403, detail: 'This list is the signed-in driver’s own trips.' }));
    const trips = useDriverTrips('u1');
    await trips.reload();
    expect(trips.trips.value).toEqual([]);
    expect(trips.error.value).toContain('own trips');
  });
});
