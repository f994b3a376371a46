import { expect, test } from '@playwright/test';
import { demoAccount, screenshot, signIn } from '../support/app';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

test('on a phone the navigation collapses into a drawer', async ({ page, request }) => {
  await page.goto('/login');
  await expect(page.getByTestId('login-submit')).toBeVisible();
  await screenshot(page, 'mobile-login', { fullPage: true });

  await signIn(page, await demoAccount(request, 'EnterpriseAdmin'));
  await expect(page.getByTestId('welcome-home')).toBeVisible();
  // No permanent sidebar on a phone.
  await expect(page.getByTestId('nav-sites')).toBeHidden();
  await screenshot(page, 'mobile-enterprise-home', { fullPage: true });

  await page.getByTestId('nav-toggle').click();
  await expect(page.getByTestId('nav-sites')).toBeVisible();
  await screenshot(page, 'mobile-nav-drawer');
  await page.getByTestId('nav-sites').click();
  await expect(page).toHaveURL(/\/sites$/);
  await expect(page.getByTestId('nav-sites')).toBeHidden();
});

test('a regulator can read the dashboard map on a phone', async ({ page, request }) => {
  await signIn(page, await demoAccount(request, 'Regulator'));
  const map = page.getByTestId('site-map');
  await expect(map.locator('canvas').first()).toBeVisible();
  const box = await map.boundingBox();
  expect(box?.width ?? 0).toBeLessThanOrEqual(390);
  await screenshot(page, 'mobile-regulator-dashboard', { fullPage: true });
});

test('a driver gets a home page for their collection company on a phone', async ({ page, request }) => {
  const driver = await demoAccount(request, 'Driver');
  await signIn(page, driver);
  await expect(page.getByTestId('welcome-home')).toContainText(driver.organisationName);
  await page.getByTestId('nav-toggle').click();
  await expect(page.getByTestId('nav-my-organisation')).toBeVisible();
  await expect(page.getByTestId('nav-sites')).toHaveCount(0);
  await expect(page.getByTestId('nav-organisations')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await screenshot(page, 'mobile-driver-home', { fullPage: true });
  await page.goto('/ledger');
  await expect(page.getByTestId('forbidden')).toBeVisible();
});
