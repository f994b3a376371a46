import { expect, test } from '@playwright/test';
import { demoAccount, screenshot, signIn } from '../support/app';

test('an enterprise admin signs in to their own organisation', async ({ page, request }) => {
  const account = await demoAccount(request, 'EnterpriseAdmin');
  await signIn(page, account);

  await expect(page.getByTestId('welcome-home')).toBeVisible();
  await expect(page.getByTestId('organisation-summary')).toContainText(account.organisationName);
  await expect(page.getByTestId('nav-my-organisation')).toBeVisible();
  await expect(page.getByTestId('nav-sites')).toBeVisible();
  await expect(page.getByTestId('nav-users')).toBeVisible();
  await expect(page.getByTestId('nav-devices')).toBeVisible();
  await expect(page.getByTestId('nav-organisations')).toHaveCount(0);
  await expect(page.getByTestId('nav-ledger')).toHaveCount(0);
  await screenshot(page, 'enterprise-home');

  // Another organisation's list and the district dashboard are out of bounds.
  await page.goto('/organisations');
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await screenshot(page, 'enterprise-forbidden');
});

test('an enterprise admin sees only their own sites and users', async ({ page, request }) => {
  const account = await demoAccount(request, 'EnterpriseAdmin');
  await signIn(page, account);

  await page.getByTestId('nav-sites').click();
  const sites = page.getByTestId('sites-table').locator('tbody tr');
  await expect(sites.first()).toBeVisible();
  const me = (await (await page.request.get('/api/auth/me')).json()) as { organisationId: string };
  const own = (await (await page.request.get(`/api/sites?organisationId=${me.organisationId}&pageSize=100`)).json()) as { total: number };
  expect(own.total).toBeGreaterThan(0);
  // Tenancy: the unfiltered list an enterprise sees is exactly its own organisation's sites.
  await expect(sites).toHaveCount(Math.min(own.total, 20));
  await screenshot(page, 'enterprise-sites');

  await page.getByTestId('nav-users').click();
  await expect(page.getByTestId('users-table').getByText(account.userName)).toBeVisible();
  const ownUsers = (await (await page.request.get(`/api/users?organisationId=${me.organisationId}&pageSize=100`)).json()) as { total: number };
  await expect(page.getByTestId('users-table').locator('tbody tr')).toHaveCount(Math.min(ownUsers.total, 20));
  await screenshot(page, 'enterprise-users');
});

test('signing out returns to the login page and protects the app again', async ({ page, request }) => {
  await signIn(page, await demoAccount(request, 'EnterpriseAdmin'));
  await page.getByTestId('user-menu').click();
  await page.getByTestId('menu-logout').click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/sites');
  await expect(page).toHaveURL(/\/login\?redirect=(%2F|\/)sites$/);
});

test('an enterprise admin registers a device, sees its key once, rotates and revokes it', async ({ page, request }) => {
  await signIn(page, await demoAccount(request, 'EnterpriseAdmin'));
  const me = (await (await page.request.get('/api/auth/me')).json()) as { organisationId: string };
  const own = (await (await page.request.get(`/api/sites?organisationId=${me.organisationId}`)).json()) as { items: { name: string }[] };
  const site = own.items[0]!;
  const deviceName = `暂存柜 ${Date.now()}`;

  await page.getByTestId('nav-devices').click();
  await page.getByTestId('device-create').click();
  const form = page.getByTestId('device-form');
  await form.getByLabel('所在场所').click();
  await page.keyboard.type(site.name);
  await page.locator('.el-select-dropdown__item:visible', { hasText: site.name }).first().click();
  await form.getByLabel('设备名称').fill(deviceName);
  await page.getByTestId('device-save').click();
  await expect(form).toBeHidden();

  const row = page.getByTestId('devices-table').locator('tbody tr', { hasText: deviceName });
  await row.getByRole('button', { name: '签发密钥' }).click();
  const dialog = page.getByTestId('issued-key-dialog');
  await expect(dialog.getByTestId('issued-key')).toHaveValue(/^\S{20,}$/);
  const first = await dialog.getByTestId('issued-key').inputValue();
  expect(first.length).toBeGreaterThan(20);
  await screenshot(page, 'enterprise-device-key');
  await dialog.getByRole('button', { name: '我已保存密钥' }).click();

  // The key works for the device, and only once it is shown: the list carries just its prefix.
  const self = await request.get('/api/device/self', { headers: { 'X-Device-Key': first } });
  expect(self.status()).toBe(200);
  await row.locator('.el-table__expand-icon').click();
  const keys = page.getByTestId('device-keys').filter({ visible: true });
  await expect(keys).not.toContainText(first);

  await keys.getByRole('button', { name: '轮换' }).click();
  await expect(dialog).toBeVisible();
  // The dialog shows the new key once the rotation has answered.
  await expect(dialog.getByTestId('issued-key')).not.toHaveValue(first);
  const second = await dialog.getByTestId('issued-key').inputValue();
  expect(second.length).toBeGreaterThan(20);
  await dialog.getByRole('button', { name: '我已保存密钥' }).click();
  expect((await request.get('/api/device/self', { headers: { 'X-Device-Key': first } })).status()).toBe(401);

  await keys.getByRole('button', { name: '吊销' }).first().click();
  await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click();
  // The revocation's own confirmation: an earlier success message (the rotation's) may still be fading out.
  await expect(page.locator('.el-message--success', { hasText: '密钥已吊销' })).toBeVisible();
  expect((await request.get('/api/device/self', { headers: { 'X-Device-Key': second } })).status()).toBe(401);
});

test('an enterprise admin opens a new site with coordinates and an industry class', async ({ page, request }) => {
  await signIn(page, await demoAccount(request, 'EnterpriseAdmin'));
  const name = `二号厂区 ${Date.now()}`;

  await page.getByTestId('nav-sites').click();
  await page.getByTestId('site-create').click();
  const form = page.getByTestId('site-form');
  await form.getByLabel('场所名称').fill(name);
  await form.getByLabel('地址').fill('江苏省绿岛示范区新港镇纬二路88号');
  await form.getByLabel('所属镇街').click();
  await page.locator('.el-select-dropdown__item:visible').first().click();
  await form.getByLabel('经度').fill('120.123456');
  await form.getByLabel('纬度').fill('31.712345');
  await form.getByLabel('纬度').blur();
  await form.getByLabel('行业类别').click();
  await page.keyboard.type('3360');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '3360' }).first().click();
  await screenshot(page, 'enterprise-site-create');
  await page.getByTestId('site-save').click();
  await expect(form).toBeHidden();

  const row = page.getByTestId('sites-table').locator('tbody tr', { hasText: name });
  await expect(row).toContainText('120.123456, 31.712345');
  await expect(row).toContainText('金属表面处理');
});
