import { http } from '@/api/client';
import type { Paged } from '@/api/models';

/**
 * Waste endpoints used by the enterprise, dispatcher, disposal and command-centre pages. The host's OpenAPI document
 * is the authority (web/src/api/schema.d.ts); shapes not yet in it are written out here from /work/team/WASTE-API.md
 * and switched to the generated types as the endpoints land.
 */

export interface Cabinet {
  id: string;
  name: string;
  organisationId?: string;
  organisationName?: string | null;
  siteId?: string;
  siteName?: string | null;
  townName?: string | null;
  longitude?: number | null;
  latitude?: number | null;
  fillRatio?: number | null;
  temperatureC?: number | null;
  vocPpm?: number | null;
  online?: boolean | null;
  lastReadingAt?: string | null;
  openAlerts?: number | null;
  compartments?: Array<{ id: string; name: string; capacityLitres?: number | null; compatibilityGroup?: string | null; fillRatio?: number | null }>;
}

export interface Alert {
  id: string;
  kind: string;
  severity?: string | null;
  status: string;
  message?: string | null;
  cabinetId?: string | null;
  cabinetName?: string | null;
  organisationName?: string | null;
  raisedAt: string;
  acknowledgedAt?: string | null;
  closedAt?: string | null;
  closeReason?: string | null;
}

export interface WasteStream {
  id: string;
  siteId: string;
  siteName?: string | null;
  code: string;
  edition: string | number;
  name: string;
  form?: string | null;
  characteristics?: string[] | null;
  packaging?: string | null;
  expectedAnnualTonnes?: number | string | null;
  tier?: string | null;
}

export interface Container {
  id: string;
  code: string;
  streamId?: string | null;
  wasteCode?: string | null;
  wasteName?: string | null;
  cabinetId?: string | null;
  cabinetName?: string | null;
  state: string;
  weightKg?: number | string | null;
  depositedAt?: string | null;
  storageDays?: number | null;
  storageLimitDays?: number | null;
}

export interface PickupRequest {
  id: string;
  status: string;
  origin?: string | null;
  generatorName?: string | null;
  siteName?: string | null;
  cabinetName?: string | null;
  townName?: string | null;
  longitude?: number | null;
  latitude?: number | null;
  requestedAt: string;
  note?: string | null;
  estimatedKg?: number | string | null;
  categories?: string[] | null;
  tripId?: string | null;
}

export interface ManifestSummary {
  id: string;
  number: string;
  version?: number;
  status: string;
  generatorName: string;
  carrierName?: string | null;
  receiverName?: string | null;
  vehiclePlate?: string | null;
  shippedKg?: number | string | null;
  receivedKg?: number | string | null;
  discrepancy?: boolean | null;
  receiveDeadline?: string | null;
  overdue?: boolean | null;
  createdAt?: string | null;
}

export interface ManifestLine {
  id: string;
  wasteCode: string;
  wasteName: string;
  characteristics?: string[] | string | null;
  form?: string | null;
  packaging?: string | null;
  containerCount?: number | null;
  quantityKg: number | string;
  measured?: boolean | null;
  receivedKg?: number | string | null;
  acceptedKg?: number | string | null;
}

export interface Manifest extends ManifestSummary {
  lines: ManifestLine[];
  events?: Array<{ at: string; from?: string | null; to: string; actor?: string | null }>;
}

export interface TraceEvent {
  at: string;
  kind: string;
  description?: string | null;
  actor?: string | null;
  place?: string | null;
  reference?: string | null;
}

export interface ContainerTrace {
  code: string;
  wasteCode?: string | null;
  wasteName?: string | null;
  generatorName?: string | null;
  state?: string | null;
  events: TraceEvent[];
}

export const wasteApi = {
  cabinets: () => http.get<Cabinet[]>('/api/waste/cabinets'),
  alerts: (query: { status?: string } = {}) => http.get<Alert[] | Paged<Alert>>('/api/waste/alerts', query),
  acknowledgeAlert: (id: string) => http.post(`/api/waste/alerts/${encodeURIComponent(id)}/acknowledge`),
  closeAlert: (id: string, reason: string) => http.post(`/api/waste/alerts/${encodeURIComponent(id)}/close`, { reason }),
  streams: () => http.get<WasteStream[]>('/api/waste/streams'),
  containers: (query: { state?: string } = {}) => http.get<Container[] | Paged<Container>>('/api/waste/containers', query),
  containerByCode: (code: string) => http.get<Container>(`/api/waste/containers/by-code/${encodeURIComponent(code)}`),
  labelUrl: (id: string) => `/api/waste/containers/${encodeURIComponent(id)}/label.pdf`,
  pickupRequests: (query: { status?: string } = {}) => http.get<PickupRequest[] | Paged<PickupRequest>>('/api/waste/pickup-requests', query),
  cancelPickupRequest: (id: string, reason: string) => http.post(`/api/waste/pickup-requests/${encodeURIComponent(id)}/cancel`, { reason }),
  manifests: (query: { status?: string } = {}) => http.get<ManifestSummary[] | Paged<ManifestSummary>>('/api/waste/manifests', query),
  manifest: (id: string) => http.get<Manifest>(`/api/waste/manifests/${encodeURIComponent(id)}`),
  manifestPdfUrl: (id: string) => `/api/waste/manifests/${encodeURIComponent(id)}/manifest.pdf`,
  trace: (code: string) => http.get<ContainerTrace>(`/api/waste/trace/${encodeURIComponent(code)}`),
};

/** Lists come back either bare or paged, depending on the endpoint; pages read the items either way. */
export function itemsOf<T>(value: T[] | Paged<T> | null | undefined): T[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.items;
}

export interface DepositRequest {
  streamId: string;
  cabinetId: string;
  compartmentId?: string | null;
  weightKg: string;
  volumeLitres?: number | null;
  mainComponents: string;
  precautions: string;
  contactName?: string | null;
  contactPhone?: string | null;
}

export interface RaisePickupRequest {
  siteId?: string | null;
  cabinetId?: string | null;
  note?: string | null;
}

export interface UpcomingStop {
  stopId: string;
  tripCode?: string | null;
  date: string;
  collectorName?: string | null;
  vehiclePlate?: string | null;
  windowStart?: string | null;
  windowEnd?: string | null;
  status: string;
}

export interface LedgerRow {
  id?: string;
  at: string;
  kind: string;
  wasteCode?: string | null;
  wasteName?: string | null;
  containerCode?: string | null;
  quantityKg?: number | string | null;
  reference?: string | null;
}

export interface Declaration {
  id: string;
  period: string;
  frequency?: string | null;
  status: string;
  dueDate?: string | null;
  submittedAt?: string | null;
  lines?: Array<{ wasteCode: string; wasteName?: string | null; generatedKg?: number | string | null; transferredKg?: number | string | null; storedKg?: number | string | null }>;
}

export interface EvaluationResult {
  organisationId?: string;
  organisationName?: string | null;
  score: number;
  maxScore?: number | null;
  rank?: number | null;
  evaluatedAt?: string | null;
  indicators: Array<{ code: string; name?: string | null; points: number; maxPoints: number; reasons?: string[] | null }>;
}

export const enterpriseApi = {
  deposit: (body: DepositRequest) => http.post<Container>('/api/waste/containers', body),
  raisePickup: (body: RaisePickupRequest) => http.post<PickupRequest>('/api/waste/pickup-requests', body),
  upcomingStops: () => http.get<UpcomingStop[]>('/api/waste/stops/upcoming'),
  securityCode: (stopId: string) => http.get<{ code: string }>(`/api/waste/stops/${encodeURIComponent(stopId)}/security-code`),
  signStop: (stopId: string) => http.post(`/api/waste/stops/${encodeURIComponent(stopId)}/sign`, { signedAt: new Date().toISOString() }),
  signManifest: (id: string) => http.post<Manifest>(`/api/waste/manifests/${encodeURIComponent(id)}/sign`, { signedAt: new Date().toISOString() }),
  ledger: (year: number) => http.get<LedgerRow[] | Paged<LedgerRow>>('/api/waste/ledger', { year }),
  ledgerExportUrl: (year: number, format: 'csv' | 'xlsx') => `/api/waste/ledger/export?year=${year}&format=${format}`,
  declarations: () => http.get<Declaration[]>('/api/waste/declarations'),
  submitDeclaration: (id: string) => http.post<Declaration>(`/api/waste/declarations/${encodeURIComponent(id)}/submit`),
  evaluation: () => http.get<EvaluationResult>('/api/waste/evaluation'),
  ranking: () => http.get<EvaluationResult[]>('/api/waste/evaluation/ranking'),
};

export interface ReceiveLine {
  lineId: string;
  receivedKg: string;
}

export const disposalApi = {
  receive: (id: string, lines: ReceiveLine[]) => http.post<Manifest>(`/api/waste/manifests/${encodeURIComponent(id)}/receive`, { lines, receivedAt: new Date().toISOString() }),
  decide: (id: string, body: { decision: 'Accepted' | 'PartiallyRefused' | 'Refused'; reason?: string | null; lines?: Array<{ lineId: string; acceptedKg: string }> }) =>
    http.post<Manifest>(`/api/waste/manifests/${encodeURIComponent(id)}/decision`, { ...body, decidedAt: new Date().toISOString() }),
  dispose: (id: string, body: { method: string }) => http.post<Manifest>(`/api/waste/manifests/${encodeURIComponent(id)}/dispose`, { ...body, disposedAt: new Date().toISOString() }),
};
