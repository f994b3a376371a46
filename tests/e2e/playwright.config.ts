import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(here, '../..');
const port = Number(process.env.GI_E2E_PORT ?? 5181);
const baseURL = `http://127.0.0.1:${port}`;

// A fresh SQLite database per run. The config is evaluated again in each worker, so the first
// evaluation publishes the path through the environment, which the workers inherit.
process.env.GI_E2E_DB ??= join(mkdtempSync(join(tmpdir(), 'gi-e2e-')), 'greenisland.db');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: './specs',
  globalTeardown: './support/teardown.ts',
  outputDir: './test-results/artifacts',
  fullyParallel: false,
  // Two shared cores: one browser at a time.
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  forbidOnly: true,
  reporter: [
    ['list'],
    ['junit', { outputFile: process.env.GI_E2E_JUNIT ?? join(here, 'test-results/junit.xml') }],
  ],
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      // Never download browsers: use the system Chromium (Debian package).
      executablePath: process.env.GI_CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 } }],
  webServer: {
    // The content root is the working directory (the repository root), so the web root holding the built UI
    // is named explicitly.
    command: `dotnet src/GreenIsland.Host/bin/Release/net10.0/GreenIsland.Host.dll --urls ${baseURL} --webroot src/GreenIsland.Host/wwwroot`,
    cwd: repoRoot,
    url: `${baseURL}/health/ready`,
    // Start-up migrates a fresh database and seeds the demo district.
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      Database__Provider: 'Sqlite',
      ConnectionStrings__GreenIsland: `Data Source=${process.env.GI_E2E_DB}`,
      Demo__Seed: 'true',
      Demo__Enabled: 'true',
      // The suite signs in a dozen times within a minute from one address; the production limit (10 per
      // minute) is covered by the integration tests, not here.
      RateLimiting__CredentialsPermitLimit: '1000',
      RateLimiting__PermitLimit: '100000',
      DOTNET_NOLOGO: '1',
    },
  },
});
