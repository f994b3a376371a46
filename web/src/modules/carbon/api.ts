import { api, http } from '@/api/client';
import { ANTIFORGERY_PATH, readCookie, XSRF_COOKIE, XSRF_HEADER } from '@/api/http';
import { ApiError, type ProblemDetails } from '@/api/problem';
import type { components } from '@/api/schema';
import type { paths } from '@/api/schema';
import type { ResponseOf } from '@/api/typed';

export type InventorySummary = ResponseOf<paths, '/api/carbon/inventories', 'get'>[number];
export type Inventory = ResponseOf<paths, '/api/carbon/inventories/{id}', 'get'>;
export type FactorLibraryVersion = ResponseOf<paths, '/api/carbon/factor-libraries', 'get'>[number];
export type InventoryCharts = ResponseOf<paths, '/api/carbon/inventories/{id}/charts', 'get'>;
export type ProductionOutput = ResponseOf<paths, '/api/carbon/outputs', 'get'>[number];
export type SupervisionOverview = ResponseOf<paths, '/api/carbon/supervision/overview', 'get'>;
export type SupervisionTrends = ResponseOf<paths, '/api/carbon/supervision/trends', 'get'>;
export type SupervisionRenewables = ResponseOf<paths, '/api/carbon/supervision/renewables', 'get'>;

export type ActivityRecord = ResponseOf<paths, '/api/carbon/activities', 'get'>[number];
export type MeterImportReport = components['schemas']['MeterImportReport'];
export type Evidence = components['schemas']['EvidenceResponse'];

/** Activity kinds the API accepts, in the order a form offers them. */
export const ACTIVITY_KINDS = [
  'PurchasedElectricity',
  'GreenPowerContract',
  'CertificatesRetired',
  'SelfConsumedPv',
  'PvCertificatesSold',
  'StationaryCombustion',
  'MobileCombustion',
  'FugitiveRefrigerant',
] as const;

/** Kinds whose record names a fuel or gas (the factor's code). */
export const KINDS_WITH_CODE: readonly string[] = ['StationaryCombustion', 'MobileCombustion', 'FugitiveRefrigerant'];

/** The unit a kind is usually entered in (the API checks the dimension; symbols are case-sensitive). */
export function defaultUnit(kind: string): string {
  if (kind === 'CertificatesRetired' || kind === 'PvCertificatesSold') return '1';
  if (kind === 'FugitiveRefrigerant') return 'kg';
  if (kind === 'StationaryCombustion' || kind === 'MobileCombustion') return 't';
  return 'MWh';
}

/** Units a production output may be entered in (case-sensitive symbols of the unit catalogue). */
export const OUTPUT_UNITS = ['t', 'kg', 'm3', 'Nm3', 'MWh', '1'] as const;

export const GWP_SETS = ['ipcc-gwp100-ar4', 'ipcc-gwp100-ar5', 'ipcc-gwp100-ar6'] as const;

export const carbonApi = {
  inventories: () => api.get('/api/carbon/inventories'),
  inventory: (id: string) => api.get('/api/carbon/inventories/{id}', { path: { id } }),
  createInventory: (body: { name: string; year: number; siteIds: string[]; gridRegion: string; gwpSet: string }) =>
    api.post('/api/carbon/inventories', { body }),
  calculate: (id: string) => api.post('/api/carbon/inventories/{id}/calculate', { path: { id } }),
  submit: (id: string) => api.post('/api/carbon/inventories/{id}/submit', { path: { id } }),
  approve: (id: string) => api.post('/api/carbon/inventories/{id}/approve', { path: { id } }),
  libraries: () => api.get('/api/carbon/factor-libraries'),
  activities: (query: { siteId?: string; year?: number }) => api.get('/api/carbon/activities', { query }),
  createActivity: (body: { siteId: string; month: string; kind: string; activityCode: string | null; quantity: number; unit: string; note: string | null }) =>
    api.post('/api/carbon/activities', { body }),
  importMeters: (body: { siteId: string; from: string; to: string; gasMetersReportNormalVolume: boolean }) => api.post('/api/carbon/activities/import-meters', { body }),
  // The evidence routes name their parameter in a way the OpenAPI document does not describe as a path parameter.
  evidence: (recordId: string) => http.get<Evidence[]>(`/api/carbon/activities/${encodeURIComponent(recordId)}/evidence`),
  deleteEvidence: (evidenceId: string) => http.delete(`/api/carbon/evidence/${encodeURIComponent(evidenceId)}`),
  charts: (id: string) => api.get('/api/carbon/inventories/{id}/charts', { path: { id } }),
  outputs: (query: { siteId?: string; year?: number }) => api.get('/api/carbon/outputs', { query }),
  saveOutput: (body: { siteId: string; month: string; quantity: number; unit: string; product: string }) => api.put('/api/carbon/outputs', { body }),
  deleteOutput: (id: string) => api.delete('/api/carbon/outputs/{id}', { path: { id } }),
  overview: (year: number) => api.get('/api/carbon/supervision/overview', { query: { year } }),
  trends: (fromYear: number, toYear: number) => api.get('/api/carbon/supervision/trends', { query: { fromYear, toYear } }),
  renewables: (year: number) => api.get('/api/carbon/supervision/renewables', { query: { year } }),
};

/** Same-origin download links (the session cookie authenticates a plain GET). */
export const carbonDownloads = {
  reportPdf: (id: string) => `/api/carbon/inventories/${encodeURIComponent(id)}/report.pdf`,
  xlsx: (id: string) => `/api/carbon/inventories/${encodeURIComponent(id)}/export.xlsx`,
  evidence: (evidenceId: string) => `/api/carbon/evidence/${encodeURIComponent(evidenceId)}`,
};

/**
 * Uploads an evidence file as multipart/form-data (the JSON client cannot): same-origin cookie, antiforgery header,
 * ProblemDetails mapped to ApiError like every other call.
 */
export async function uploadEvidence(recordId: string, file: File): Promise<Evidence> {
  let token = readCookie(document.cookie, XSRF_COOKIE);
  if (!token) {
    await fetch(ANTIFORGERY_PATH, { credentials: 'same-origin' });
    token = readCookie(document.cookie, XSRF_COOKIE);
  }

  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(`/api/carbon/activities/${encodeURIComponent(recordId)}/evidence`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: token ? { [XSRF_HEADER]: token } : {},
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({ title: response.statusText }))) as ProblemDetails;
    throw new ApiError(response.status, problem);
  }

  return (await response.json()) as Evidence;
}

/** Tonnes shown with up to 3 decimals; exact values stay in the API and exports. */
export function tonnes(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n.toLocaleString(undefined, { maximumFractionDigits: 3 }) : String(value);
}
