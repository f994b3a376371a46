import { http } from '@/api/client';

/** Command-centre read models (waste-oversight); scoped by the server to the collector's generators or the regulator's jurisdiction. */
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

export interface TripToday {
  id: string;
  code?: string | null;
  vehiclePlate?: string | null;
  driverName?: string | null;
  status: string;
  stops: number;
  completedStops?: number | null;
  plannedKg?: number | string | null;
  collectedKg?: number | string | null;
}

export interface ManifestStateCount {
  status: string;
  count: number;
}

export interface OverdueManifest {
  id: string;
  number: string;
  generatorName: string;
  receiverName?: string | null;
  status: string;
  receivedAt?: string | null;
  deadline?: string | null;
  deadlineProvisional?: boolean;
}

export interface ManifestOverview {
  byState: ManifestStateCount[];
  overdue: OverdueManifest[];
}

export interface TonnageRow {
  key: string;
  label?: string | null;
  tonnes: number | string;
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
