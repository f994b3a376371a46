import { expect, test } from '@playwright/test';
import { demoAccount, screenshot, signIn } from '../support/app';

// The enterprise's annual management plan in the browser, against the real host: draft a year's plan, save it,
// file it (with the confirmation), and see it filed, read-only and in the list of plans by year.

test('an enterprise admin drafts, saves and files the annual management plan, which then reads as filed', async ({ page, request }) => {
  const admin = await demoAccount(request, 'EnterpriseAdmin');
  await signIn(page, admin);
  await page.goto('/waste/plans');
  const view = page.getByTestId('waste-plans');
  await expect(view).toBeVisible();

  // A year no demo data and no other test touches.
  const yearInput = page.getByTestId('plans-year').locator('input');
  await yearInput.fill('2028');
  await yearInput.blur();
  await expect(page.getByTestId('plans-reminder')).toBeVisible();

  const line = page.getByTestId('plans-line').first();
  const inputs = line.locator('input');
  await inputs.nth(0).fill('900-041-49');
  await inputs.nth(1).fill('废弃的含油抹布、劳保用品');
  await inputs.nth(2).fill('1250.5');

  const saved = page.waitForResponse((r) => r.url().endsWith('/api/waste/management-plans/2028') && r.request().method() === 'PUT');
  await page.getByTestId('plans-save').click();
  expect((await saved).status()).toBe(200);

  // A draft may leave the measures empty, but filing needs all three: the page names them and sends nothing.
  let fileRequests = 0;
  page.on('request', (r) => {
    if (/\/api\/waste\/management-plans\/[^/]+\/file$/.test(r.url())) fileRequests++;
  });
  await page.getByTestId('plans-file').click();
  const editor = page.getByTestId('plans-editor');
  await expect(editor.locator('.el-form-item__error')).toHaveCount(3);
  await expect(editor.locator('.el-form-item__error').first()).toContainText('报送前请填写此项');
  expect(fileRequests).toBe(0);
  await page.getByTestId('plans-reductionMeasures').fill('推广水性涂料，延长切削液更换周期');
  await page.getByTestId('plans-storageMeasures').fill('智能贮存柜分区贮存，标签齐全，每日巡检');
  await page.getByTestId('plans-transferPlan').fill('委托绿岛清运每季度收运，电子联单转移');

  const filed = page.waitForResponse((r) => /\/api\/waste\/management-plans\/[^/]+\/file$/.test(r.url()) && r.request().method() === 'POST');
  await page.getByTestId('plans-file').click();
  await page.locator('.el-message-box').getByRole('button').last().click();
  const filedResponse = await filed;
  expect(filedResponse.status()).toBe(200);
  const body = (await filedResponse.json()) as { year: number; status: string; lines: Array<{ wasteCode: string; expectedKg: number | string }> };
  expect(body.year).toBe(2028);
  expect(body.status).toBe('Filed');
  expect(body.lines.map((l) => [l.wasteCode, Number(l.expectedKg)])).toEqual([['900-041-49', 1250.5]]);

  // Filed: no more save/file buttons, and the year is in the list of plans.
  await expect(page.getByTestId('plans-save')).toHaveCount(0);
  await expect(page.getByTestId('plans-file')).toHaveCount(0);
  await expect(page.getByTestId('plans-list')).toContainText('2028');
  // Who filed it reads as the person's name, not the account id.
  const me = (await (await page.request.get('/api/auth/me')).json()) as { userName: string; displayName: string };
  await expect(editor).toContainText(me.displayName);
  await expect(editor).not.toContainText(`user:${me.userName}`);
  await screenshot(page, 'waste-plan-filed', { fullPage: true });
});
