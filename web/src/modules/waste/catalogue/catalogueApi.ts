import { http } from '@/api/client';
import { fieldLabel, reasonText, type ProblemTranslator } from '@/api/problem';

import type { components } from '@/api/schema';

type Schemas = components['schemas'];

/** waste-core: the National Hazardous Waste List (国家危险废物名录), versioned by edition. */
export type CatalogueEdition = Schemas['CatalogueEditionResponse'];
export type WasteCategory = Schemas['WasteCategoryResponse'];
export type WasteCode = Schemas['WasteCodeResponse'];
export type ImportReport = Schemas['CatalogueImportReport'];

export const catalogueApi = {
  editions: () => http.get<CatalogueEdition[]>('/api/waste/catalogue/editions'),
  categories: (edition?: string) => http.get<WasteCategory[]>('/api/waste/catalogue/categories', { edition }),
  codes: (query: { edition?: string; category?: string; q?: string }) => http.get<WasteCode[]>('/api/waste/catalogue/codes', query),
  import: (csv: string, options: { importValidRows: boolean; dryRun: boolean }) => http.post<ImportReport>('/api/waste/catalogue/import', { csv, ...options }),
};

/** Rows of an import report grouped by CSV line, for the per-row table: "column: reason" in the user's language. */
export function errorsByLine(
  report: { errors: ReadonlyArray<{ line: number; field: string; message: string; code?: string | null }> },
  translator: ProblemTranslator,
): Array<{ line: number; problems: string[] }> {
  const lines = new Map<number, string[]>();
  for (const e of report.errors) {
    const list = lines.get(e.line) ?? [];
    list.push(`${fieldLabel(e.field, translator)}${translator.t('problems.separator')}${reasonText(e.code, e.message, translator)}`);
    lines.set(e.line, list);
  }
  return [...lines.entries()].sort(([a], [b]) => a - b).map(([line, problems]) => ({ line, problems }));
}
