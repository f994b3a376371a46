import { expect, test } from '@playwright/test';
import { demoAccount, publishToDocs, screenshot, signIn, systemInfo } from '../support/app';

interface SiteMapPoint {
  siteId: string;
  name: string;
  organisationName: string;
  latitude: number;
  longitude: number;
}

test('an anonymous visitor is sent to the login page, which labels the demo data', async ({ page, request }) => {
  const info = await systemInfo(request);
  expect(info.isDemo).toBe(true);

  await page.goto('/organisations');

  await expect(page).toHaveURL(/\/login\?redirect=(%2F|\/)organisations$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登录');
  await expect(page.getByTestId('demo-badge')).toHaveText('演示数据');
  await expect(page.getByTestId('demo-accounts').locator('button')).toHaveCount(info.demoAccounts?.length ?? 0);
  await screenshot(page, 'login');
});

test('wrong credentials show the server problem on the login form', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('login-username').fill('no-such-user');
  await page.getByTestId('login-password').fill('wrong-password');
  await page.getByTestId('login-submit').click();

  await expect(page.getByTestId('login-error')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('a regulator signs in and sees the district dashboard with the map of sites', async ({ page, request }) => {
  const account = await demoAccount(request, 'Regulator');
  await signIn(page, account);

  const dashboard = page.getByTestId('regulator-dashboard');
  await expect(dashboard).toBeVisible();
  await expect(page.getByTestId('demo-notice')).toBeVisible();
  await expect(page.getByTestId('app-header').getByTestId('demo-badge')).toHaveText('演示数据');

  // KPI cards show numbers from the server.
  const overview = (await (await page.request.get('/api/dashboard/overview')).json()) as { kpis: { enterprises: number; sites: number } };
  expect(overview.kpis.enterprises).toBeGreaterThan(0);
  await expect(page.getByTestId('kpi-cards')).toContainText(overview.kpis.enterprises.toLocaleString('zh-CN'));

  // The map: one point per site with coordinates, drawn on a canvas.
  const sites = (await (await page.request.get('/api/dashboard/site-map')).json()) as SiteMapPoint[];
  expect(sites.length).toBeGreaterThan(0);
  const map = page.getByTestId('site-map');
  await expect(map).toHaveAttribute('data-point-count', String(sites.length));
  const canvas = map.locator('canvas').first();
  await expect(canvas).toBeVisible();
  const box = await canvas.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(300);
  expect(box?.height ?? 0).toBeGreaterThan(300);
  await expect(map.locator('[aria-label]').first()).toHaveAttribute('aria-label', new RegExp(String(sites.length)));

  // Something was actually painted: count opaque, coloured (non-grey) pixels on the canvas.
  const coloured = await canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    if (!data) return 0;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
      if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 60) count++;
    }
    return count;
  });
  expect(coloured).toBeGreaterThan(sites.length * 10);

  // Locating a site shows its tooltip on the map.
  const target = [...sites].sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'zh-CN'))[0]!;
  await page.getByTestId('map-locate').click();
  await page.keyboard.type(target.organisationName);
  await page.locator('.el-select-dropdown__item', { hasText: `${target.organisationName} · ${target.name}` }).first().click();
  await expect(map.getByText(target.name, { exact: false }).first()).toBeVisible();

  const file = await screenshot(page, 'regulator-dashboard', { fullPage: true });
  publishToDocs(file, 'dashboard.png');

  // Role-aware navigation.
  await expect(page.getByTestId('nav-organisations')).toBeVisible();
  await expect(page.getByTestId('nav-ledger')).toBeVisible();
  await expect(page.getByTestId('nav-users')).toHaveCount(0);
  await expect(page.getByTestId('nav-devices')).toHaveCount(0);
});

test('a regulator reads organisations and sites but cannot edit them', async ({ page, request }) => {
  await signIn(page, await demoAccount(request, 'Regulator'));

  await page.getByTestId('nav-organisations').click();
  await expect(page).toHaveURL(/\/organisations$/);
  const table = page.getByTestId('organisations-table');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('organisation-create')).toHaveCount(0);
  await screenshot(page, 'regulator-organisations');

  await page.getByTestId('nav-sites').click();
  await expect(page.getByTestId('sites-table').locator('tbody tr').first()).toBeVisible();
  await screenshot(page, 'regulator-sites');

  await page.goto('/users');
  await expect(page.getByTestId('forbidden')).toBeVisible();
});

test('a regulator verifies the ledger', async ({ page, request }) => {
  await signIn(page, await demoAccount(request, 'Regulator'));
  await page.getByTestId('nav-ledger').click();
  await page.getByTestId('ledger-verify').click();
  await expect(page.getByTestId('ledger-result')).toContainText('账本完整');
  await screenshot(page, 'regulator-ledger');
});
