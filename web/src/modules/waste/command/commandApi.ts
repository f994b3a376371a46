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
export interface CabinetMapPoint {
  cabinetId: string;
  name: string;
  organisationName?: string | null;
  siteName?: string | null;
  townName?: string | null;
  longitude: number;
  latitude: number;
  fillRatio?: number | null;
  online?: boolean | null;
  openAlerts?: number | null;
  lastReadingAt?: string | null;
}

export interface OpenAlert {
  id: string;
  kind: string;
  status: string;
  message?: string | null;
  cabinetId?: string | null;
  cabinetName?: string | null;
  raisedAt: string;
}

export interface AlertOverview {
  byKind: Array<{ kind: string; count: number }>;
  latest: OpenAlert[];
}






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
  cabinets: () => http.get<CabinetMapPoint[]>(`${base}/cabinets`),
  alerts: () => http.get<AlertOverview>(`${base}/alerts`),
  tripsToday: () => http.get<TripToday[]>(`${base}/trips-today`),
  manifests: () => http.get<ManifestOverview>(`${base}/manifests`),
  tonnage: (by: TonnageDimension, year?: number) => http.get<TonnageRow[]>(`${base}/tonnage`, { by, year }),
  trace: (code: string) => http.get<ContainerTrace>(`${base}/trace/${encodeURIComponent(code)}`),
};
