import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** Removes the run's throwaway SQLite directory (created by playwright.config.ts). */
export default function teardown(): void {
  const db = process.env.GI_E2E_DB;
  if (!db) return;
  const dir = dirname(db);
  // Only ever a directory this suite created under the system temp directory.
  if (dirname(dir) !== tmpdir() || !basename(dir).startsWith('gi-e2e-')) return;
  rmSync(join(dir), { recursive: true, force: true });
}
