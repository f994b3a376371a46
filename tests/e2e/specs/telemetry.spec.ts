import { expect, test, type APIRequestContext } from '@playwright/test';
import { demoAccount, screenshot, signIn } from '../support/app';

const MINUTE = 60_000;

interface Reading {
  deviceId: string;
  metric: string;
  ts: string;
  value: number;
  unit: string;
}

async function ingest(request: APIRequestContext, key: string, readings: Reading[]): Promise<{ accepted: number; duplicates: number }> {
  const response = await request.post('/api/telemetry/readings', { headers: { 'X-Device-Key': key }, data: { readings } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as { accepted: number; duplicates: number };
}

test('an enterprise admin watches a cabinet go online and its readings and rollups appear live', async ({ page, request }) => {
  // The device page polls every 30 s; the test waits for one poll to show a reading sent while it is open.
  test.setTimeout(180_000);
  const account = await demoAccount(request, 'EnterpriseAdmin');

  // A new cabinet with its own device key, registered through the API as an installer would.
  const token = (await (await request.post('/api/auth/token', { data: { userName: account.userName, password: account.password } })).json()) as {
    accessToken: string;
  };
  const auth = { Authorization: `Bearer ${token.accessToken}` };
  const me = (await (await request.get('/api/auth/me', { headers: auth })).json()) as { organisationId: string };
  const sites = (await (await request.get(`/api/sites?organisationId=${me.organisationId}&pageSize=1`, { headers: auth })).json()) as {
    items: { id: string }[];
  };
  const name = `e2e 贮存柜 ${Date.now()}`;
  const created = await request.post('/api/devices', { headers: auth, data: { siteId: sites.items[0]!.id, name, kind: 'StorageCabinet' } });
  expect(created.status()).toBe(201);
  const deviceId = ((await created.json()) as { id: string }).id;
  const issued = await request.post(`/api/devices/${deviceId}/keys`, { headers: auth, data: {} });
  expect(issued.status()).toBe(201);
  const key = ((await issued.json()) as { key: string }).key;

  await signIn(page, account);
  await page.goto('/telemetry/devices');
  const row = page.getByTestId('telemetry-devices-table').locator('tbody tr', { hasText: name });
  // Registered, never heard from: waiting for its first report.
  await expect(row.getByTestId('telemetry-device-status')).toHaveText('待上报');
  await expect(row).toContainText('从未上报');
  await expect(row).toContainText('危废智能贮存柜');

  // Six hours of fill ratio (every 10 minutes, filling up) and weight, ending a minute ago.
  const end = Date.now() - MINUTE;
  const points = Array.from({ length: 36 }, (_, i) => ({ ts: new Date(end - (35 - i) * 10 * MINUTE).toISOString(), i }));
  const readings: Reading[] = points.flatMap(({ ts, i }) => [
    { deviceId, metric: 'fill_ratio', ts, value: Math.round((0.2 + i * 0.01) * 1000) / 1000, unit: '1' },
    { deviceId, metric: 'weight', ts, value: 40 + i * 2, unit: 'kg' },
  ]);
  expect(await ingest(request, key, readings)).toEqual(expect.objectContaining({ accepted: 72, duplicates: 0 }));

  // The liveness check runs on the server's schedule; the list shows the device online once it has.
  await expect(async () => {
    await page.reload();
    await expect(row.getByTestId('telemetry-device-status')).toHaveText('在线', { timeout: 2_000 });
  }).toPass({ timeout: 90_000, intervals: [3_000] });
  await expect(row).not.toContainText('从未上报');
  await screenshot(page, 'telemetry-devices');

  await row.click();
  await expect(page).toHaveURL(new RegExp(`/telemetry/devices/${deviceId}$`));
  await expect(page.getByTestId('telemetry-device-name')).toHaveText(name);
  await expect(page.getByTestId('telemetry-device-status')).toHaveText('在线');
  const latest = page.getByTestId('telemetry-latest');
  await expect(latest).toContainText('满溢率');
  await expect(latest).toContainText('0.55');
  await expect(latest).toContainText('110');

  // Recent readings, hourly and daily rollups are drawn (ECharts canvases with their accessible description).
  for (const chart of ['chart-recent', 'chart-hourly', 'chart-daily']) {
    const card = page.getByTestId(chart);
    await expect(card.locator('canvas').first()).toBeVisible();
    await expect(card.locator('.el-empty')).toHaveCount(0);
  }
  await expect(page.getByTestId('chart-hourly').locator('[aria-label]').first()).toHaveAttribute('aria-label', /小时汇总/);
  await screenshot(page, 'telemetry-device', { fullPage: true });

  // Another metric, from the picker.
  await page.getByTestId('telemetry-metric-picker').getByText('重量').click();
  await expect(page.getByTestId('chart-recent').locator('canvas').first()).toBeVisible();
  await screenshot(page, 'telemetry-device-weight');

  // Live: a reading sent while the page is open shows up without reloading.
  expect(await ingest(request, key, [{ deviceId, metric: 'fill_ratio', ts: new Date().toISOString(), value: 0.875, unit: '1' }])).toEqual(
    expect.objectContaining({ accepted: 1 }),
  );
  await expect(latest).toContainText('0.875', { timeout: 45_000 });
});
