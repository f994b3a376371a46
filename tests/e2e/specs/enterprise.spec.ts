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
