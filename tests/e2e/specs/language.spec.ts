import { expect, test } from '@playwright/test';
import { demoAccount, screenshot, setLanguage, signIn } from '../support/app';

test('the language switch changes the texts and is remembered', async ({ page, request }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登录');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  await setLanguage(page, 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await expect(page.getByTestId('demo-badge')).toHaveText('Demo data');
  await expect(page.getByTestId('login-submit')).toHaveText('Sign in');
  await screenshot(page, 'login-en');

  // Persisted across a reload.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');

  await signIn(page, await demoAccount(request, 'Regulator'));
  await expect(page.getByTestId('regulator-dashboard').getByRole('heading', { level: 1 })).toContainText('District overview');
  await expect(page.getByTestId('nav-organisations')).toHaveText('Organisations');
  await expect(page.getByTestId('site-map').locator('canvas').first()).toBeVisible();
  await screenshot(page, 'regulator-dashboard-en', { fullPage: true });

  // Element Plus components follow the language too (pagination "Total").
  await page.getByTestId('nav-organisations').click();
  await expect(page.locator('.el-pagination__total')).toContainText('Total');

  await setLanguage(page, 'zh-CN');
  await expect(page.getByTestId('nav-organisations')).toHaveText('单位管理');
  await expect(page.locator('.el-pagination__total')).toContainText('共');
});
