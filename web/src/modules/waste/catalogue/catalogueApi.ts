import { http } from '@/api/client';

/** waste-core: the National Hazardous Waste List (国家危险废物名录), versioned by edition. */
export interface CatalogueEdition {
  code: string;
  name: string;
  effectiveFrom: string;
  source: string;
  confidence: string;
  categories: number;
  codes: number;
}

export interface WasteCategory {
  edition: string;
  code: string;
  number: number;
  name: string;
  nameEn: string;
  source: string;
  confidence: string;
}

export interface WasteCode {
  edition: string;
  code: string;
  categoryCode: string;
  categoryName: string;
  name: string;
  characteristics: string[];
  exemptionNote?: string | null;
  source: string;
  confidence: string;
  isShipped: boolean;
}

export interface ImportReport {
  rows: number;
  inserted: number;
  updated: number;
  rejected: number;
  applied: boolean;
  errors: Array<{ line: number; field: string; message: string }>;
}

export const catalogueApi = {
  editions: () => http.get<CatalogueEdition[]>('/api/waste/catalogue/editions'),
  categories: (edition?: string) => http.get<WasteCategory[]>('/api/waste/catalogue/categories', { edition }),
  codes: (query: { edition?: string; category?: string; q?: string }) => http.get<WasteCode[]>('/api/waste/catalogue/codes', query),
  import: (csv: string, options: { importValidRows: boolean; dryRun: boolean }) => http.post<ImportReport>('/api/waste/catalogue/import', { csv, ...options }),
};

/** Rows of an import report grouped by CSV line, for the per-row table. */
export function errorsByLine(report: ImportReport): Array<{ line: number; problems: string[] }> {
  const lines = new Map<number, string[]>();
  for (const e of report.errors) {
    const list = lines.get(e.line) ?? [];
    list.push(`${e.field}: ${e.message}`);
    lines.set(e.line, list);
  }
  return [...lines.entries()].sort(([a], [b]) => a - b).map(([line, problems]) => ({ line, problems }));
}
