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
}

export interface TripToday {
  id: string;
  code?: string | null;
  collectorName?: string | null;
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

export type TonnageDimension = 'category' | 'town' | 'month';

const base = '/api/waste/command-centre';
export const commandApi = {
  cabinets: () => http.get<CabinetMapPoint[]>(`${base}/cabinets`),
  tripsToday: () => http.get<TripToday[]>(`${base}/trips-today`),
  manifests: () => http.get<ManifestOverview>(`${base}/manifests`),
  tonnage: (by: TonnageDimension, year?: number) => http.get<TonnageRow[]>(`${base}/tonnage`, { by, year }),
};
