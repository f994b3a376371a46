import { api } from '@/api/client';
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
};

/** Tonnes shown with up to 3 decimals; exact values stay in the API and exports. */
export function tonnes(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n.toLocaleString(undefined, { maximumFractionDigits: 3 }) : String(value);
}
