import { expect, test } from '@playwright/test';
import { demoAccount, screenshot, signIn } from '../support/app';
import { apiAs } from '../support/api';
import { arrangeContainerInWarehouse } from '../support/warehouse';

// The collector's transfer warehouse in the browser, against the real host: a container collected today lies in the
// warehouse (arranged through the API as the demo accounts); the dispatcher ships it to the demo disposal facility
// from the page (a missing vehicle comes back from the server next to the field, in Chinese); one request draws up the
// manifest and signs it as consignor and carrier at the server's time, so it is in transit; the facility receives it, and the page then shows the stock without it, the delivery among the
// movements, and a mass balance that holds.

interface StockItem {
  containerId: string;
  containerCode: string;
  weightKg: number;
  inWarehouse: boolean;
  shipmentManifestId: string | null;
  shipmentNumber: string | null;
  shipmentStatus: string | null;
}

test('the collector ships containers from the transfer warehouse to disposal; stock, movements and mass balance follow', async ({ page, request, baseURL }) => {
  const arranged = await arrangeContainerInWarehouse(baseURL!, request, 17.25);
  const dispatcherAccount = await demoAccount(request, 'CollectorDispatcher');
  const disposalAccount = await demoAccount(request, 'DisposalOperator');

  await signIn(page, dispatcherAccount);
  await page.goto('/waste/warehouse');
  await expect(page.getByTestId('waste-warehouse')).toBeVisible();
  const stock = page.getByTestId('warehouse-stock');
  const row = stock.locator('tr', { hasText: arranged.code });
  await expect(row).toContainText('在仓库');
  await expect(row).toContainText('17.25');
  await screenshot(page, 'waste-warehouse-stock', { fullPage: true });

  // Open the shipment dialog, find the container by part of its code, select it: the total follows the selection.
  await page.getByTestId('warehouse-ship').click();
  const dialog = page.getByTestId('warehouse-ship-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('ship-search').fill(arranged.code.slice(-6).toLowerCase());
  const pick = dialog.getByTestId('ship-containers').locator('tr', { hasText: arranged.code });
  await expect(pick).toBeVisible();
  await expect(dialog.getByTestId('ship-containers').locator('tbody tr')).toHaveCount(1);
  await pick.locator('.el-checkbox').click();
  await expect(dialog.getByTestId('ship-total')).toContainText('已选 1 个容器，共 17.25 kg');

  // The demo disposal account's facility receives.
  await dialog.getByTestId('ship-receiver').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: disposalAccount.organisationName }).first().click();

  // Without a vehicle the server refuses, and says so next to the vehicle field, in the user's language (reason code).
  const refused = page.waitForResponse((r) => r.url().endsWith('/api/waste/warehouse/shipments') && r.request().method() === 'POST');
  await dialog.getByTestId('ship-confirm').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确认出库' }).click();
  expect((await refused).status()).toBe(400);
  const vehicleItem = dialog.locator('.el-form-item', { has: page.getByTestId('ship-vehicle') });
  await expect(vehicleItem.locator('.el-form-item__error')).toHaveText('请选择本单位的承运车辆。');
  await screenshot(page, 'waste-warehouse-ship-refused');

  // Choose a vehicle: the error clears; one request draws the shipment up and signs it as consignor and carrier.
  await dialog.getByTestId('ship-vehicle').click();
  await page.locator('.el-select-dropdown__item:visible').first().click();
  await expect(vehicleItem.locator('.el-form-item__error')).toHaveCount(0);
  const signRequests: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/waste\/manifests\/[^/]+\/sign-/.test(r.url())) signRequests.push(r.url());
  });
  const shipped = page.waitForResponse((r) => r.url().endsWith('/api/waste/warehouse/shipments') && r.request().method() === 'POST');
  await dialog.getByTestId('ship-confirm').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确认出库' }).click();
  const shipment = (await (await shipped).json()) as { id: string; number: string; status: string; generatorSignedAt: string; carrierSignedAt: string };
  expect((await shipped).status()).toBe(201);
  expect(shipment.status).toBe('InTransit');
  expect(shipment.carrierSignedAt).toBe(shipment.generatorSignedAt);
  expect((await shipped).request().headers()['idempotency-key']).toMatch(/^shipment:/);
  await expect(page.locator('.shipment-message')).toContainText(shipment.number);
  await expect(dialog).toBeHidden();
  expect(signRequests).toEqual([]);

  // The stock row now says it is on the shipment, in transit; it cannot be picked again.
  await expect(row.getByTestId(`warehouse-shipment-${arranged.code}`)).toContainText('运输中');
  await expect(row).toContainText(shipment.number);
  await screenshot(page, 'waste-warehouse-in-transit', { fullPage: true });

  const dispatcher = await apiAs(baseURL!, dispatcherAccount);
  const disposal = await apiAs(baseURL!, disposalAccount);
  try {
    const before = await dispatcher.get<StockItem[]>('/api/waste/warehouse/stock');
    expect(before.find((s) => s.containerId === arranged.containerId)).toMatchObject({ shipmentManifestId: shipment.id, shipmentStatus: 'InTransit' });
    const detail = await disposal.get<{ status: string; lines: Array<{ lineNo: number; quantityKg: number }> }>(`/api/waste/manifests/${shipment.id}`);
    expect(detail.status).toBe('InTransit');
    expect(detail.lines.map((l) => Number(l.quantityKg))).toEqual([17.25]);

    // The facility weighs and receives it: the collector's custody ends there.
    await disposal.post(`/api/waste/manifests/${shipment.id}/receive`, { receivedAt: new Date().toISOString(), lines: [{ lineNo: 1, receivedKg: 17.25 }] });
    const after = await dispatcher.get<StockItem[]>('/api/waste/warehouse/stock');
    expect(after.find((s) => s.containerId === arranged.containerId)).toBeUndefined();
    expect(after.length).toBe(before.length - 1);
  } finally {
    await dispatcher.dispose();
    await disposal.dispose();
  }

  // The page, reloaded: the container has left the stock, its delivery is among the movements, the balance holds.
  await page.reload();
  await expect(page.getByTestId('warehouse-stock')).toBeVisible();
  await expect(page.getByTestId('warehouse-stock').locator('tr', { hasText: arranged.code })).toHaveCount(0);
  const delivered = page.getByTestId('warehouse-movements').locator('tr', { hasText: arranged.code });
  await expect(delivered.filter({ hasText: '交付处置' })).toHaveCount(1);
  await expect(delivered.filter({ hasText: '入库' })).toHaveCount(1);
  await expect(page.getByTestId('warehouse-balance-state')).toContainText('物料平衡成立');
  await screenshot(page, 'waste-warehouse-delivered', { fullPage: true });
});
