import { expect, test } from '@playwright/test';
import { demoAccount, screenshot, signIn } from '../support/app';
import { apiAs, itemsOf, type ApiSession } from '../support/api';

// Acting on alerts in the command centre, against the real host with the demo district: the demo enterprise's
// refused deposits raise two alerts (arranged through the API as the enterprise would cause them); the serving
// collector's dispatcher acknowledges one in the browser, the district regulator sees who did and closes it with a
// reason, then acknowledges and closes the other; both then appear under "recently closed" with who, when and why,
// for the regulator and for the dispatcher.

interface Alert {
  id: string;
  status: string;
  acknowledgedBy?: string | null;
  acknowledgedByName?: string | null;
  closedByName?: string | null;
  closeReason?: string | null;
}

const xsrf = async (api: ApiSession) => (await api.context.storageState()).cookies.find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';

/** A new cabinet of the demo enterprise with an acid stored in compartment 1, and two refused alkali deposits beside it. */
async function twoIncompatibleDepositAlerts(api: ApiSession): Promise<{ cabinetId: string; alerts: Alert[] }> {
  const me = await api.get<{ organisationId: string }>('/api/auth/me');
  const sites = await api.get<{ items: Array<{ id: string }> }>(`/api/sites?organisationId=${me.organisationId}`);
  const siteId = sites.items[0]!.id;
  const device = await api.post<{ id: string }>('/api/devices', { siteId, name: '告警处理测试柜', kind: 'StorageCabinet' });
  const put = await api.context.put(`/api/telemetry/devices/${device.id}`, {
    data: { type: 'StorageCabinet', intervalSeconds: 300, isActive: true },
    headers: { 'X-XSRF-TOKEN': await xsrf(api) },
  });
  expect(put.ok(), await put.text()).toBe(true);
  const cabinet = await api.post<{ id: string }>('/api/waste/cabinets', {
    deviceId: device.id,
    name: '告警处理测试柜',
    compartments: [
      { number: 1, capacityLitres: 200 },
      { number: 2, capacityLitres: 200 },
    ],
  });
  const stream = (wasteCode: string, name: string, compatibilityGroup: string) =>
    api.post<{ id: string }>('/api/waste/streams', { siteId, wasteCode, name, physicalForm: 'Liquid', packaging: '塑料桶', expectedAnnualKg: 300, compatibilityGroup });
  const acid = await stream('900-052-31', '废铅蓄电池酸液（告警测试）', 'Acid');
  const alkali = await stream('336-064-17', '碱性除油废槽液（告警测试）', 'AlkalineCaustic');
  await api.post('/api/waste/containers', { cabinetId: cabinet.id, compartmentNumber: 1, streamId: acid.id, weightKg: 6.5, volumeLitres: 20 });
  for (let i = 0; i < 2; i++) {
    const refused = await api.raw('POST', '/api/waste/containers', { cabinetId: cabinet.id, compartmentNumber: 2, streamId: alkali.id, weightKg: 3, volumeLitres: 20 });
    expect(refused.status(), await refused.text()).toBe(409);
  }
  const alerts = itemsOf(await api.get<Alert[]>(`/api/waste/alerts?cabinetId=${cabinet.id}`));
  expect(alerts.map((a) => a.status)).toEqual(['Open', 'Open']);
  return { cabinetId: cabinet.id, alerts };
}

test('the collector acknowledges an alert in the command centre; the regulator sees who, closes it with a reason and handles the next', async ({
  page,
  request,
  baseURL,
}) => {
  // Four (or three) people sign in one after another; on a busy shared machine that takes longer than one page test.
  test.setTimeout(240_000);
  const enterpriseAccount = await demoAccount(request, 'EnterpriseAdmin');
  const dispatcherAccount = await demoAccount(request, 'CollectorDispatcher');
  const regulatorAccount = await demoAccount(request, 'Regulator');
  const enterprise = await apiAs(baseURL!, enterpriseAccount);
  let arranged: { cabinetId: string; alerts: Alert[] };
  let dispatcherName: string;
  try {
    arranged = await twoIncompatibleDepositAlerts(enterprise);
  } finally {
    await enterprise.dispose();
  }
  const dispatcherApi = await apiAs(baseURL!, dispatcherAccount);
  try {
    dispatcherName = (await dispatcherApi.get<{ displayName: string }>('/api/auth/me')).displayName;
  } finally {
    await dispatcherApi.dispose();
  }
  const [second, first] = arranged.alerts; // newest first

  // The serving collector's dispatcher acknowledges the first alert.
  await signIn(page, dispatcherAccount);
  await page.getByTestId('nav-waste-command').click();
  await expect(page).toHaveURL(/\/waste\/command$/);
  const alertsCard = page.getByTestId('open-alerts');
  await expect(alertsCard.getByTestId(`alert-state-${first!.id}`)).toHaveText('待处理');
  const acknowledged = page.waitForResponse((r) => r.url().endsWith(`/api/waste/alerts/${first!.id}/acknowledge`));
  await alertsCard.getByTestId(`alert-ack-button-${first!.id}`).click();
  expect((await acknowledged).status()).toBe(200);
  await expect(alertsCard.getByTestId(`alert-state-${first!.id}`)).toHaveText('已确认');
  await expect(alertsCard.getByTestId(`alert-ack-${first!.id}`)).toContainText(dispatcherName);
  await expect(alertsCard.getByTestId(`alert-ack-button-${first!.id}`)).toHaveCount(0);
  await alertsCard.scrollIntoViewIfNeeded();
  await screenshot(page, 'waste-command-alert-acknowledged');

  // The district regulator sees who acknowledged it and closes it: a reason is required, then it leaves the list.
  await page.context().clearCookies();
  await signIn(page, regulatorAccount);
  await page.getByTestId('nav-waste-command').click();
  await expect(alertsCard.getByTestId(`alert-ack-${first!.id}`)).toContainText(dispatcherName);
  await alertsCard.getByTestId(`alert-close-button-${first!.id}`).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('close-alert-reason').fill('   ');
  await dialog.getByTestId('close-alert-confirm').click();
  await expect(dialog).toContainText('请填写原因');
  await dialog.getByTestId('close-alert-reason').fill('现场核查：碱液桶已移至专用柜');
  await expect(dialog).not.toContainText('请填写原因');
  await screenshot(page, 'waste-command-alert-close');
  const closed = page.waitForResponse((r) => r.url().endsWith(`/api/waste/alerts/${first!.id}/close`));
  await dialog.getByTestId('close-alert-confirm').click();
  expect((await closed).status()).toBe(200);
  await expect(alertsCard.getByTestId(`alert-state-${first!.id}`)).toHaveCount(0);
  await expect(alertsCard.getByTestId(`alert-state-${second!.id}`)).toHaveText('待处理');

  // The same regulator acknowledges and closes the second one.
  await alertsCard.getByTestId(`alert-ack-button-${second!.id}`).click();
  await expect(alertsCard.getByTestId(`alert-state-${second!.id}`)).toHaveText('已确认');
  await alertsCard.getByTestId(`alert-close-button-${second!.id}`).click();
  await dialog.getByTestId('close-alert-reason').fill('已通知企业整改');
  await dialog.getByTestId('close-alert-confirm').click();
  await expect(alertsCard.getByTestId(`alert-state-${second!.id}`)).toHaveCount(0);
  await alertsCard.scrollIntoViewIfNeeded();
  await screenshot(page, 'waste-command-alerts-closed');

  // Closed alerts stay in view under "recently closed": who closed each, when and why.
  const closedList = page.waitForResponse((r) => /\/api\/waste\/command-centre\/alerts\/closed\?/.test(r.url()));
  await alertsCard.getByTestId('alerts-view-closed').click();
  expect((await closedList).status()).toBe(200);
  const closedTable = alertsCard.getByTestId('closed-alerts');
  await expect(closedTable.getByTestId(`closed-alert-reason-${first!.id}`)).toHaveText('原因：现场核查：碱液桶已移至专用柜');
  await expect(closedTable.getByTestId(`closed-alert-reason-${second!.id}`)).toHaveText('原因：已通知企业整改');
  await expect(closedTable.getByTestId(`closed-alert-by-${first!.id}`)).toContainText('关闭');
  await expect(closedTable.locator('tr', { hasText: '现场核查：碱液桶已移至专用柜' })).toContainText(dispatcherName);
  await screenshot(page, 'waste-command-alerts-recently-closed');

  // The dispatcher of the serving collector sees the same, with the regulator's name as who closed them.
  await page.context().clearCookies();
  await signIn(page, dispatcherAccount);
  await page.getByTestId('nav-waste-command').click();
  await alertsCard.getByTestId('alerts-view-closed').click();
  await expect(closedTable.getByTestId(`closed-alert-reason-${first!.id}`)).toHaveText('原因：现场核查：碱液桶已移至专用柜');
  const regulatorClosedLine = (await closedTable.getByTestId(`closed-alert-by-${first!.id}`).innerText()).trim();
  expect(regulatorClosedLine).not.toContain(dispatcherName);

  // What the server kept: both closed, with the reasons and who acted.
  const check = await apiAs(baseURL!, enterpriseAccount);
  try {
    const after = itemsOf(await check.get<Alert[]>(`/api/waste/alerts?cabinetId=${arranged.cabinetId}`));
    const f = after.find((a) => a.id === first!.id)!;
    const s = after.find((a) => a.id === second!.id)!;
    expect([f.status, f.closeReason, f.acknowledgedByName]).toEqual(['Closed', '现场核查：碱液桶已移至专用柜', dispatcherName]);
    expect([s.status, s.closeReason]).toEqual(['Closed', '已通知企业整改']);
    expect(f.closedByName).toBe(s.closedByName);
    expect(f.closedByName).not.toBe(dispatcherName);
  } finally {
    await check.dispose();
  }
});
