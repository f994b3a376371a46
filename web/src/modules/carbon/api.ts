import { api } from '@/api/client';
import type { paths } from '@/api/schema';
import type { ResponseOf } from '@/api/typed';

export type InventorySummary = ResponseOf<paths, '/api/carbon/inventories', 'get'>[number];
export type Inventory = ResponseOf<paths, '/api/carbon/inventories/{id}', 'get'>;
export type FactorLibraryVersion = ResponseOf<paths, '/api/carbon/factor-libraries', 'get'>[number];

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
};

/** Tonnes shown with up to 3 decimals; exact values stay in the API and exports. */
export function tonnes(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n.toLocaleString(undefined, { maximumFractionDigits: 3 }) : String(value);
}
