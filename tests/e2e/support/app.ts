import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
export const screenshotDir = resolve(here, '../test-results/screenshots');
export const docsImagesDir = resolve(here, '../../../docs/images');

export interface DemoAccount {
  userName: string;
  password: string;
  role: string;
  organisationName: string;
}

export interface SystemInfo {
  isDemo: boolean;
  districtName: string | null;
  demoAccounts: DemoAccount[] | null;
}

export async function systemInfo(request: APIRequestContext): Promise<SystemInfo> {
  const response = await request.get('/api/system/info');
  expect(response.ok()).toBe(true);
  return (await response.json()) as SystemInfo;
}

export async function demoAccount(request: APIRequestContext, role: string): Promise<DemoAccount> {
  const info = await systemInfo(request);
  const account = info.demoAccounts?.find((a) => a.role === role);
  if (!account) throw new Error(`The demo district has no ${role} account; /api/system/info lists ${JSON.stringify(info.demoAccounts)}`);
  return account;
}

/** Signs in through the login page by clicking the demo account (as a visitor would). */
export async function signIn(page: Page, account: DemoAccount): Promise<void> {
  await page.goto('/login');
  await page.getByTestId(`demo-account-${account.userName}`).click();
  await expect(page.getByTestId('login-username')).toHaveValue(account.userName);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST', {
    // Password hashing on a shared, busy machine can be slow; the answer, not its speed, is under test.
    timeout: 60_000,
  });
  await page.getByTestId('login-submit').click();
  expect((await answered).status()).toBe(200);
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByTestId('header-org')).toContainText(account.organisationName);
}

export async function setLanguage(page: Page, code: 'zh-CN' | 'en'): Promise<void> {
  await page.getByTestId('language-switch').click();
  await page.getByTestId(`locale-${code}`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', code);
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = join(screenshotDir, `${name}.png`);
  // Let ECharts finish its layout after the last resize.
  await page.waitForTimeout(300);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false, animations: 'disabled' });
  return file;
}

/**
 * The README shows docs/images/dashboard.png. It is refreshed only on request (GI_E2E_UPDATE_DOCS=1) or when
 * missing, so that an ordinary test run does not leave the committed image modified.
 */
export function publishToDocs(file: string, name: string): void {
  const target = join(docsImagesDir, name);
  if (process.env.GI_E2E_UPDATE_DOCS !== '1' && existsSync(target)) return;
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
}
