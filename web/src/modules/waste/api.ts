import { http } from '@/api/client';
import type { Paged } from '@/api/models';
import type { components } from '@/api/schema';

/**
 * Waste endpoints used by the enterprise, dispatcher, disposal and command-centre pages. The host's OpenAPI document
 * is the authority (web/src/api/schema.d.ts): waste-core's shapes are the generated types; shapes of endpoints not yet
 * on main (logistics, oversight) are written out here from their branches and switch to generated types as they land.
 */

type Schemas = components['schemas'];

// waste-core (generated from the host's OpenAPI document).
export type CabinetCompartment = Schemas['CabinetCompartmentResponse'];
export type Cabinet = Schemas['CabinetResponse'];
export type Alert = Schemas['AlertResponse'];
export type WasteStream = Schemas['StreamResponse'];
export type Container = Schemas['ContainerResponse'];
export type PickupRequest = Schemas['PickupRequestResponse'];
export type DepositRequest = Schemas['DepositContainerRequest'];
export type RaisePickupRequest = Schemas['RaisePickupRequest'];

export interface ManifestParty {
  organisationId?: string | null;
  name: string;
}

/** waste-logistics ManifestSummary. */
export interface ManifestSummary {
  id: string;
  number: string;
  version: number;
  status: string;
  tripId?: string | null;
  generator: ManifestParty;
  carrier: ManifestParty;
  receiver: ManifestParty;
  quantityKg: number | string;
  receivedKg?: number | string | null;
  hasDiscrepancy: boolean;
  confirmationDeadline?: string | null;
  confirmationDeadlineProvisional?: boolean;
  overdue: boolean;
  createdAt: string;
}

export interface ManifestLine {
  lineNo: number;
  wasteCode: string;
  wasteName: string;
  category?: string | null;
  characteristics?: string | null;
  physicalForm?: string | null;
  packaging?: string | null;
  containerCount: number;
  quantityKg: number | string;
  measured: boolean;
  receivedKg?: number | string | null;
  acceptedKg?: number | string | null;
  deviationPercent?: number | string | null;
  discrepancy: boolean;
}

export interface ManifestEvent {
  id: number;
  version: number;
  type: string;
  from?: string | null;
  to: string;
  at: string;
  actor: string;
  /** The person's display name (the audit form for the system and its rules). */
  actorName?: string | null;
  /** The transition's own detail (a correction's reason and lines before and after, for example). */
  payload?: unknown;
}

export interface Manifest extends ManifestSummary {
  vehiclePlate?: string | null;
  vehiclePermitNumber?: string | null;
  generatorSignedAt?: string | null;
  carrierSignedAt?: string | null;
  receivedAt?: string | null;
  decidedAt?: string | null;
  refusalReason?: string | null;
  disposedAt?: string | null;
  disposalMethod?: string | null;
  tolerancePercent?: number | string | null;
  lines: ManifestLine[];
  containers?: Array<{ containerId: string; code: string; lineNo: number; shippedKg: number | string; receivedKg?: number | string | null }>;
  events: ManifestEvent[];
}

export const wasteApi = {
  cabinets: () => http.get<Cabinet[]>('/api/waste/cabinets'),
  alerts: (query: { status?: string; cabinetId?: string } = {}) => http.get<Alert[]>('/api/waste/alerts', query),
  acknowledgeAlert: (id: string) => http.post(`/api/waste/alerts/${encodeURIComponent(id)}/acknowledge`),
  closeAlert: (id: string, reason: string) => http.post(`/api/waste/alerts/${encodeURIComponent(id)}/close`, { reason }),
  streams: () => http.get<WasteStream[]>('/api/waste/streams'),
  containers: (query: { state?: string; cabinetId?: string } = {}) => http.get<Container[]>('/api/waste/containers', query),
  containerByCode: (code: string) => http.get<Container>(`/api/waste/containers/by-code/${encodeURIComponent(code)}`),
  labelUrl: (id: string) => `/api/waste/containers/${encodeURIComponent(id)}/label.pdf`,
  pickupRequests: (query: { status?: string } = {}) => http.get<PickupRequest[]>('/api/waste/pickup-requests', query),
  cancelPickupRequest: (id: string, reason: string) => http.post(`/api/waste/pickup-requests/${encodeURIComponent(id)}/cancel`, { reason }),
  manifests: (query: { status?: string; overdue?: boolean; discrepancy?: boolean } = {}) => http.get<ManifestSummary[] | Paged<ManifestSummary>>('/api/waste/manifests', query),
  manifest: (id: string) => http.get<Manifest>(`/api/waste/manifests/${encodeURIComponent(id)}`),
  manifestPdfUrl: (id: string) => `/api/waste/manifests/${encodeURIComponent(id)}/manifest.pdf`,
};

/** Lists come back either bare or paged, depending on the endpoint; pages read the items either way. */
export function itemsOf<T>(value: T[] | Paged<T> | null | undefined): T[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.items;
}



/** A published stop at the generator (requested from waste-logistics as GET /api/waste/stops/upcoming). */
export interface UpcomingStop {
  stopId: string;
  tripCode?: string | null;
  date: string;
  plannedArrival?: string | null;
  vehiclePlate?: string | null;
  driverName?: string | null;
  collectorName?: string | null;
  status: string;
  manifestId?: string | null;
  siteName?: string | null;
  /** Locked after 5 wrong codes on the driver's phone; issue a new one. */
  securityCodeLocked?: boolean;
}

/** waste-oversight: the enterprise's waste ledger (台账) for a period. */
export interface LedgerEntry {
  at: string;
  date: string;
  kind: string;
  wasteCode?: string | null;
  wasteName?: string | null;
  category?: string | null;
  containerCode?: string | null;
  manifestNumber?: string | null;
  inKg?: number | string | null;
  outKg?: number | string | null;
  stockAfterKg?: number | string | null;
  note?: string | null;
}

export interface LedgerTotals {
  wasteCode: string;
  wasteName: string;
  category: string;
  openingKg: number | string;
  generatedKg: number | string;
  /** 称重差异: measured at pickup minus deposited, for what left; opening + generated + difference - transferred = closing. */
  weighingDifferenceKg?: number | string;
  transferredKg: number | string;
  closingKg: number | string;
}

export interface Ledger {
  organisationId: string;
  organisationName: string;
  from: string;
  to: string;
  totals: LedgerTotals[];
  entries: LedgerEntry[];
}

export interface DeclarationPeriod {
  period: string;
  periodIndex: number;
  periodFrom: string;
  periodTo: string;
  dueOn: string;
  state: string;
  declarationId?: string | null;
}

export interface DeclarationSchedule {
  organisationId: string;
  year: number;
  frequency: string;
  expectedAnnualKg: number | string;
  periods: DeclarationPeriod[];
}

export interface Declaration {
  id: string;
  year: number;
  frequency: string;
  periodIndex: number;
  period: string;
  dueOn: string;
  status: string;
  late: boolean;
  prefilledAt: string;
  submittedAt?: string | null;
  submittedBy?: string | null;
  note?: string | null;
  lines: Array<{ lineNo: number; wasteCode: string; wasteName: string; category: string; openingKg: number | string; generatedKg: number | string; weighingDifferenceKg?: number | string; transferredKg: number | string; closingKg: number | string }>;
}

export interface EvaluationIndicator {
  code: string;
  name: string;
  nameEn: string;
  weight: number;
  points: number;
  lost: Array<{ points: number; reason: string; reasonEn: string }>;
}

export interface Evaluation {
  organisationId: string;
  organisationName: string;
  year: number;
  evaluatedOn: string;
  score: number;
  indicatorSetVersion: string;
  indicators: EvaluationIndicator[];
}

export interface RankingEntry {
  rank: number;
  organisationId: string;
  organisationName: string;
  townId?: string;
  score: number;
  pointsLost: Array<{ code: string; points: number }>;
}

export interface SecurityCodeState {
  stopId: string;
  securityCode?: string | null;
  locked: boolean;
  attemptsLeft: number;
}

export const enterpriseApi = {
  deposit: (body: DepositRequest) => http.post<Container>('/api/waste/containers', body),
  raisePickup: (body: RaisePickupRequest) => http.post<PickupRequest>('/api/waste/pickup-requests', body),
  upcomingStops: () => http.get<UpcomingStop[]>('/api/waste/stops/upcoming'),
  securityCode: (stopId: string) => http.get<SecurityCodeState>(`/api/waste/stops/${encodeURIComponent(stopId)}/security-code`),
  /** A new code (the old one stops working, the count of wrong codes starts again). */
  reissueSecurityCode: (stopId: string) => http.post<SecurityCodeState>(`/api/waste/stops/${encodeURIComponent(stopId)}/security-code`, {}),
  /** The generator signs in its own account; the key makes a double click harmless. */
  signManifest: (id: string, idempotencyKey: string) =>
    http.request<Manifest>('POST', `/api/waste/manifests/${encodeURIComponent(id)}/sign-generator`, {
      body: { signedAt: new Date().toISOString() },
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  ledger: (year: number) => http.get<Ledger>('/api/waste/ledger', { year }),
  ledgerExportUrl: (year: number, format: 'csv' | 'xlsx') => `/api/waste/ledger/export?year=${year}&format=${format}`,
  declarationSchedule: (year: number) => http.get<DeclarationSchedule>('/api/waste/declarations/schedule', { year }),
  /** Opens (pre-fills from the ledger) the declaration of a period. */
  openDeclaration: (year: number, periodIndex: number) => http.post<Declaration>('/api/waste/declarations', { year, periodIndex }),
  declaration: (id: string) => http.get<Declaration>(`/api/waste/declarations/${encodeURIComponent(id)}`),
  submitDeclaration: (id: string, note: string | null) => http.post<Declaration>(`/api/waste/declarations/${encodeURIComponent(id)}/submit`, { note }),
  declarationExportUrl: (id: string) => `/api/waste/declarations/${encodeURIComponent(id)}/export`,
  evaluation: (organisationId?: string) => http.get<Evaluation>('/api/waste/evaluation', { organisationId }),
  ranking: () => http.get<RankingEntry[]>('/api/waste/evaluation/ranking'),
};

export interface ReceiveLine {
  lineNo: number;
  receivedKg: string;
}

export const disposalApi = {
  receive: (id: string, lines: ReceiveLine[]) => http.post<Manifest>(`/api/waste/manifests/${encodeURIComponent(id)}/receive`, { lines, receivedAt: new Date().toISOString() }),
  decide: (id: string, body: { decision: 'Accepted' | 'PartiallyRefused' | 'Refused'; reason?: string | null; lines?: Array<{ lineNo: number; acceptedKg: string }> }) =>
    http.post<Manifest>(`/api/waste/manifests/${encodeURIComponent(id)}/decision`, { ...body, decidedAt: new Date().toISOString() }),
  dispose: (id: string, body: { method: string }) => http.post<Manifest>(`/api/waste/manifests/${encodeURIComponent(id)}/dispose`, { ...body, disposedAt: new Date().toISOString() }),
};
