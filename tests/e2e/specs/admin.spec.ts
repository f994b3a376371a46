import { expect, test } from '@playwright/test';
import { demoAccount, screenshot, signIn } from '../support/app';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A syntactically valid GB 32100-2015 code (check character computed), unique per run. */
function creditCode(seed: number): string {
  let body = '91330100';
  let n = seed;
  for (let i = 0; i < 9; i++) {
    body += ALPHABET[n % 31];
    n = Math.floor(n / 31) + 7 * (i + 1);
  }
  const sum = [...body].reduce((acc, ch, i) => acc + ALPHABET.indexOf(ch) * WEIGHTS[i]!, 0);
  const check = 31 - (sum % 31);
  return body + ALPHABET[check === 31 ? 0 : check];
}

test('the platform admin gets the server validation message for a bad credit code, then creates the organisation', async ({ page, request }) => {
  await signIn(page, await demoAccount(request, 'PlatformAdmin'));
  await page.getByTestId('nav-organisations').click();
  await page.getByTestId('organisation-create').click();

  const form = page.getByTestId('organisation-form');
  const name = `端到端测试企业 ${Date.now()}`;
  await form.getByLabel('单位名称').fill(name);
  await form.getByLabel('统一社会信用代码').fill('91330100ABCDEFGH1X');
  await form.getByLabel('所属镇街').click();
  await page.locator('.el-select-dropdown__item:visible').first().click();
  await page.getByTestId('organisation-save').click();

  // The message comes from the server's ProblemDetails `errors.creditCode`, shown on the form item.
  const creditItem = form.locator('.el-form-item', { has: page.getByLabel('统一社会信用代码') });
  await expect(creditItem.locator('.el-form-item__error')).toContainText('GB 32100-2015');
  await screenshot(page, 'admin-organisation-validation');

  await form.getByLabel('统一社会信用代码').fill(creditCode(Date.now() % 1_000_000));
  await page.getByTestId('organisation-save').click();
  await expect(form).toBeHidden();
  await page.getByRole('search').getByRole('textbox').fill(name);
  await page.getByRole('search').getByRole('button').click();
  await expect(page.getByTestId('organisations-table')).toContainText(name);
});

test('the platform admin sees every administration page', async ({ page, request }) => {
  await signIn(page, await demoAccount(request, 'PlatformAdmin'));
  for (const key of ['organisations', 'sites', 'users', 'devices', 'ledger']) {
    await page.getByTestId(`nav-${key}`).click();
    await expect(page).toHaveURL(new RegExp(`/${key}$`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await screenshot(page, `admin-${key}`);
  }
});
