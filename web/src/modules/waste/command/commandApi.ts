import { http } from '@/api/client';
import type { components } from '@/api/schema';

type Schemas = components['schemas'];

// Generated from the host's OpenAPI document (waste-oversight, on main).
export type TripToday = Schemas['TripToday'];
export type ManifestOverview = Schemas['ManifestOverview'];
export type OverdueManifest = Schemas['OverdueManifest'];
export type TonnageRow = Schemas['TonnageRow'];

/**
 * Command-centre read models (waste-oversight); scoped by the server to the collector's generators or the regulator's
 * jurisdiction. Cabinets, alerts and the trace are written out from waste-oversight's branch until they are on main.
 */
export type CabinetMapPoint = Schemas['CabinetPoint'];
export type CabinetMapPage = Schemas['CabinetMapPage'];

export type CabinetMapQuery = {
  townId?: string;
  minLongitude?: number;
  minLatitude?: number;
  maxLongitude?: number;
  maxLatitude?: number;
};

/** Pages through the map (keyset cursor `next`) until the last page; `maxPages` bounds a runaway loop. */
export async function loadAllCabinets(
  fetchPage: (after?: string) => Promise<CabinetMapPage>,
  maxPages = 50,
): Promise<CabinetMapPoint[]> {
  const all: CabinetMapPoint[] = [];
  let after: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(after);
    all.push(...page.cabinets);
    if (!page.next) return all;
    after = page.next;
  }
  return all;
}

/** Open (not closed) alerts: counts by kind and the latest 50, each with who acknowledged it and when. */
export type OpenAlert = Schemas['OpenAlert'];
export type AlertOverview = Schemas['AlertOverview'];
/** An alert as the acknowledge and close endpoints answer it. */
export type AlertResponse = Schemas['AlertResponse'];
/** An alert closed in the last days: who acknowledged and closed it (audit id and display name), when and why. */
export type ClosedAlert = Schemas['ClosedAlert'];
/** How far back the recently-closed list looks, in days (the server accepts 1-90). */
export const CLOSED_ALERT_DAYS = [1, 7, 30] as const;

export interface TraceEvent {
  at: string;
  kind: string;
  title: string;
  detail?: string | null;
  actor?: string | null;
  manifestNumber?: string | null;
}

export interface ContainerTrace {
  containerId: string;
  code: string;
  wasteCode: string;
  wasteName: string;
  generatorName?: string | null;
  state: string;
  events: TraceEvent[];
}

export type TonnageDimension = 'category' | 'town' | 'month';

const base = '/api/waste/command-centre';
export const commandApi = {
  cabinetPage: (query: CabinetMapQuery & { after?: string; limit?: number } = {}) => http.get<CabinetMapPage>(`${base}/cabinets`, query),
  cabinets: (query: CabinetMapQuery = {}) => loadAllCabinets((after) => commandApi.cabinetPage({ ...query, after, limit: 5000 })),
  alerts: () => http.get<AlertOverview>(`${base}/alerts`),
  closedAlerts: (days: number) => http.get<ClosedAlert[]>(`${base}/alerts/closed`, { days, limit: 200 }),
  acknowledgeAlert: (id: string) => http.post<AlertResponse>(`/api/waste/alerts/${encodeURIComponent(id)}/acknowledge`),
  closeAlert: (id: string, reason: string) => http.post<AlertResponse>(`/api/waste/alerts/${encodeURIComponent(id)}/close`, { reason }),
  tripsToday: () => http.get<TripToday[]>(`${base}/trips-today`),
  manifests: () => http.get<ManifestOverview>(`${base}/manifests`),
  tonnage: (by: TonnageDimension, year?: number) => http.get<TonnageRow[]>(`${base}/tonnage`, { by, year }),
  trace: (code: string) => http.get<ContainerTrace>(`${base}/trace/${encodeURIComponent(code)}`),
};
