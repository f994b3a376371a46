import { ref, shallowRef } from 'vue';
import { errorText } from '@/composables/useAsyncData';
import { ApiError } from '@/api/problem';
import { districtDate } from '../shared/dates';
import { driverApi, type DriverTrip } from './driverApi';

interface CachedTrips {
  date: string;
  fetchedAt: string;
  trips: DriverTrip[];
}

const CACHE_PREFIX = 'gi.waste.driverTrips.v1';

/**
 * Today's trips for the signed-in driver. The last answer from the server is kept on the phone so the stop list
 * stays usable in a dead zone; the page says when it was fetched. Nothing is invented: with no answer and no copy
 * the page shows the error.
 */
export function useDriverTrips(userId: string) {
  const key = `${CACHE_PREFIX}.${userId}`;
  const trips = shallowRef<DriverTrip[]>([]);
  const fetchedAt = ref<string | null>(null);
  const fromCache = ref(false);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const date = districtDate();

  function readCache(): CachedTrips | null {
    try {
      const raw = globalThis.localStorage?.getItem(key);
      if (!raw) return null;
      const cached = JSON.parse(raw) as CachedTrips;
      return cached.date === date && Array.isArray(cached.trips) ? cached : null;
    } catch {
      return null;
    }
  }

  const cached = readCache();
  if (cached) {
    trips.value = cached.trips;
    fetchedAt.value = cached.fetchedAt;
    fromCache.value = true;
  }

  /** When the last successful fetch was started (ms since epoch). */
  const lastFetchStartedAt = ref(0);

  async function reload(): Promise<void> {
    const started = Date.now();
    loading.value = true;
    error.value = null;
    try {
      const result = await driverApi.todayTrips(date);
      trips.value = [...result].map((trip) => ({ ...trip, stops: [...trip.stops].sort((a, b) => a.sequence - b.sequence) }));
      fetchedAt.value = new Date().toISOString();
      fromCache.value = false;
      lastFetchStartedAt.value = started;
      try {
        globalThis.localStorage?.setItem(key, JSON.stringify({ date, fetchedAt: fetchedAt.value, trips: trips.value } satisfies CachedTrips));
      } catch {
        // Storage full or disabled: the list still works while the page is open.
      }
    } catch (reason) {
      // Authorisation problems are not hidden behind a stale copy.
      if (reason instanceof ApiError && (reason.status === 401 || reason.status === 403)) {
        trips.value = [];
        fromCache.value = false;
      }
      error.value = errorText(reason);
    } finally {
      loading.value = false;
    }
  }

  function stop(tripId: string, stopId: string) {
    const trip = trips.value.find((t) => t.id === tripId);
    return { trip, stop: trip?.stops.find((s) => s.id === stopId) };
  }

  return { date, trips, fetchedAt, fromCache, loading, error, reload, stop, lastFetchStartedAt };
}
