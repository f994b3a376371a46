import { expect, test } from '@playwright/test';
import { demoAccount, screenshot, signIn } from '../support/app';

test('the platform admin creates a user who must change the password at first sign-in, and unlocks a locked-out user', async ({
  page,
  browser,
  request,
}) => {
  const enterprise = await demoAccount(request, 'EnterpriseAdmin');
  const userName = `e2e.${Date.now()}`;
  const initial = 'E2eStart2026x';
  const changed = 'E2eChanged2026y';

  await signIn(page, await demoAccount(request, 'PlatformAdmin'));
  await page.getByTestId('nav-users').click();
  await page.getByTestId('user-create').click();
  const form = page.getByTestId('user-form');
  await form.getByLabel('用户名').fill(userName);
  await form.getByLabel('姓名').fill('端到端 测试员');
  await form.getByLabel('所属单位').click();
  await page.keyboard.type(enterprise.organisationName);
  await page.locator('.el-select-dropdown__item:visible', { hasText: enterprise.organisationName }).first().click();
  await form.locator('.el-checkbox', { hasText: '企业员工' }).click();
  await expect(form.getByRole('checkbox', { name: '企业员工' })).toBeChecked();
  await form.getByLabel('初始密码').fill(initial);
  await screenshot(page, 'admin-user-create');
  await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
  await expect(form).toBeHidden();

  // First sign-in of the new user goes straight to the password change.
  const context = await browser.newContext();
  const newcomer = await context.newPage();
  await newcomer.goto('/login');
  await newcomer.getByTestId('login-username').fill(userName);
  await newcomer.getByTestId('login-password').fill(initial);
  await newcomer.getByTestId('login-submit').click();
  await expect(newcomer).toHaveURL(/\/account\/password$/);
  await newcomer.goto('/sites');
  await expect(newcomer).toHaveURL(/\/account\/password$/);
  await newcomer.getByLabel('当前密码').fill(initial);
  await newcomer.getByLabel('新密码', { exact: true }).fill(changed);
  await newcomer.getByLabel('确认新密码').fill(changed);
  await screenshot(newcomer, 'user-must-change-password');
  await newcomer.getByRole('button', { name: '确认修改' }).click();
  await expect(newcomer.getByTestId('welcome-home')).toBeVisible();
  await context.close();

  // Five wrong passwords lock the account (423); the admin sees it and unlocks it.
  let last = 0;
  for (let i = 0; i < 5; i++) {
    last = (await request.post('/api/auth/token', { data: { userName, password: 'Wrong-password-1' } })).status();
  }
  expect([401, 423]).toContain(last);
  expect((await request.post('/api/auth/token', { data: { userName, password: changed } })).status()).toBe(423);

  await page.getByRole('search').getByRole('textbox').fill(userName);
  await page.getByRole('search').getByRole('button').click();
  const row = page.getByTestId('users-table').locator('tbody tr', { hasText: userName });
  await expect(row).toContainText('锁定至');
  await screenshot(page, 'admin-user-locked');
  await row.getByRole('button', { name: '解锁' }).click();
  await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click();
  await expect(row).toContainText('正常');
  expect((await request.post('/api/auth/token', { data: { userName, password: changed } })).status()).toBe(200);
});
