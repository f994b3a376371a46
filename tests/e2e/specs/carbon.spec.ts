import { expect, test, type APIRequestContext } from '@playwright/test';
import { demoAccount, screenshot, signIn, type DemoAccount } from '../support/app';

/** A signed-in API session of a demo account (own cookie jar), sending the antiforgery header on writes. */
async function apiSession(request: APIRequestContext, account: DemoAccount) {
  const login = await request.post('/api/auth/login', { data: { userName: account.userName, password: account.password } });
  expect(login.status()).toBe(200);
  expect((await request.get('/api/auth/antiforgery')).ok()).toBe(true);
  const token = (await request.storageState()).cookies.find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';
  expect(token).not.toBe('');
  const me = (await (await request.get('/api/auth/me')).json()) as { organisationId: string };
  const sites = (await (await request.get(`/api/sites?organisationId=${me.organisationId}`)).json()) as { items: { id: string; name: string }[] };
  const send = async (method: 'POST' | 'PUT', path: string, data?: unknown) => {
    const response = await request.fetch(path, { method, data: data ?? {}, headers: { 'X-XSRF-TOKEN': token } });
    expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
    return (await response.json()) as Record<string, unknown>;
  };
  return { site: sites.items[0]!, send };
}

test('an enterprise admin records output and sees emissions by scope, Scope 2 both ways and intensity', async ({ page, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const account = await demoAccount(api, 'EnterpriseAdmin');
  const { site, send } = await apiSession(api, account);
  // Jiangsu 2022: 100 / 200 / 50 MWh at 0.5978 tCO2/MWh; 100 certificates retired in February.
  for (const [month, mwh] of [['2022-01', 100], ['2022-02', 200], ['2022-03', 50]] as const) {
    await send('POST', '/api/carbon/activities', { siteId: site.id, month, kind: 'PurchasedElectricity', quantity: mwh, unit: 'MWh' });
  }
  await send('POST', '/api/carbon/activities', { siteId: site.id, month: '2022-02', kind: 'CertificatesRetired', quantity: 100, unit: '1' });
  await send('PUT', '/api/carbon/outputs', { siteId: site.id, month: '2022-02', quantity: 20, unit: 't', product: '成品钢材' });
  await send('PUT', '/api/carbon/outputs', { siteId: site.id, month: '2022-03', quantity: 5000, unit: 'kg', product: '成品钢材' });
  const inventory = await send('POST', '/api/carbon/inventories', { name: `图表测试清单 ${Date.now()}`, year: 2022, siteIds: [site.id], gridRegion: 'CN-JS', gwpSet: 'ipcc-gwp100-ar5' });
  const id = inventory.id as string;
  await send('POST', `/api/carbon/inventories/${id}/calculate`);
  await api.dispose();

  await signIn(page, account);
  await expect(page.getByTestId('nav-carbon-charts')).toBeVisible();
  await expect(page.getByTestId('nav-carbon-supervision')).toHaveCount(0);
  await page.goto(`/carbon/charts?inventory=${id}`);
  const view = page.getByTestId('carbon-charts');
  await expect(view.getByTestId('chart-scope-month')).toHaveAttribute('data-category-count', '12');
  await expect(view.getByTestId('chart-scope-month').locator('canvas').first()).toBeVisible();
  await expect(view.getByTestId('chart-location-market').locator('canvas').first()).toBeVisible();
  // Location-based total: 350 MWh x 0.5978 = 209.23 t.
  await expect(view.getByTestId('carbon-charts-kpis')).toContainText('209.230');

  // January's output through the form: 10 t.
  const form = page.getByTestId('carbon-output-form');
  await form.getByTestId('carbon-output-site').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: site.name }).first().click();
  const month = form.getByRole('combobox', { name: '月份' });
  await month.fill('2022-01');
  await month.press('Enter');
  await form.getByTestId('carbon-output-quantity').locator('input').fill('10');
  await form.getByLabel('产品').fill('成品钢材');
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/carbon/outputs') && r.request().method() === 'PUT');
  await page.getByTestId('carbon-output-save').click();
  expect((await saved).status()).toBe(200);
  await expect(page.getByTestId('carbon-outputs').locator('tbody tr', { hasText: '2022-01' })).toContainText('10 t');

  // Every month with output has an intensity: 5.978 tCO2e/t location-based for the three months.
  await expect(view.getByTestId('chart-intensity').locator('canvas').first()).toBeVisible();
  await expect(view.getByTestId('carbon-annual-intensity')).toContainText('5.978');
  await screenshot(page, 'carbon-enterprise-charts', { fullPage: true });

  // The PDF report behind the download button.
  const href = await view.getByTestId('carbon-report-pdf').getAttribute('href');
  const pdf = await page.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
});

test('a regulator sees district totals, top emitters, trends and renewables', async ({ page, request, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const enterprise = await demoAccount(api, 'EnterpriseAdmin');
  const { site, send } = await apiSession(api, enterprise);
  // 2023: 400 MWh bought in Jiangsu, 30 MWh of self-consumed PV, 20 certificates retired; submitted for the regulator.
  await send('POST', '/api/carbon/activities', { siteId: site.id, month: '2023-05', kind: 'PurchasedElectricity', quantity: 400, unit: 'MWh' });
  await send('POST', '/api/carbon/activities', { siteId: site.id, month: '2023-05', kind: 'SelfConsumedPv', quantity: 30, unit: 'MWh' });
  await send('POST', '/api/carbon/activities', { siteId: site.id, month: '2023-06', kind: 'PurchasedElectricity', quantity: 100, unit: 'MWh' });
  await send('POST', '/api/carbon/activities', { siteId: site.id, month: '2023-06', kind: 'CertificatesRetired', quantity: 20, unit: '1' });
  const inventory = await send('POST', '/api/carbon/inventories', { name: `监管测试清单 ${Date.now()}`, year: 2023, siteIds: [site.id], gridRegion: 'CN-JS', gwpSet: 'ipcc-gwp100-ar5' });
  await send('POST', `/api/carbon/inventories/${inventory.id as string}/calculate`);
  await send('POST', `/api/carbon/inventories/${inventory.id as string}/submit`);
  await api.dispose();

  await signIn(page, await demoAccount(request, 'Regulator'));
  await page.getByTestId('nav-carbon-supervision').click();
  const view = page.getByTestId('carbon-supervision');
  await expect(view).toBeVisible();
  const loaded = page.waitForResponse((r) => r.url().includes('/api/carbon/supervision/overview?year=2023'));
  await view.getByTestId('carbon-supervision-year').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^2023$/ }).click();
  expect((await loaded).status()).toBe(200);

  await expect(view.getByTestId('carbon-top-emitters')).toContainText(enterprise.organisationName);
  await expect(view.getByTestId('chart-district-years')).toHaveAttribute('data-category-count', '5');
  await expect(view.getByTestId('chart-district-years').locator('canvas').first()).toBeVisible();
  await expect(view.getByTestId('chart-district-months')).toHaveAttribute('data-category-count', '12');
  await expect(view.getByTestId('chart-renewables').locator('canvas').first()).toBeVisible();
  await expect(view.getByTestId('carbon-renewables-top')).toContainText(enterprise.organisationName);
  const renewables = (await (await page.request.get('/api/carbon/supervision/renewables?year=2023')).json()) as { selfConsumedPvMwh: number };
  expect(renewables.selfConsumedPvMwh).toBeGreaterThanOrEqual(30);
  await screenshot(page, 'carbon-regulator', { fullPage: true });
});
