import { expect, test, type Page } from '@playwright/test';
import { demoAccount, screenshot, signIn, type DemoAccount } from '../support/app';
import { apiAs, itemsOf } from '../support/api';

// Resolving a manifest by correction, in the browser against the real host with the demo district: the generator
// proposes corrected weights with a reason, the carrier and the receiver agree on their own pages, the manifest
// becomes a new version; the regulator reads the correction and the version history without actions.

interface Party {
  organisationId?: string | null;
  name: string;
}
interface Summary {
  id: string;
  number: string;
  version: number;
  status: string;
  hasDiscrepancy: boolean;
  generator: Party;
  carrier: Party;
  receiver: Party;
}
interface Detail extends Summary {
  lines: Array<{ lineNo: number; quantityKg: number | string; receivedKg?: number | string | null }>;
}

async function orgOf(baseURL: string, account: DemoAccount): Promise<string> {
  const api = await apiAs(baseURL, account);
  try {
    return (await api.get<{ organisationId: string }>('/api/auth/me')).organisationId;
  } finally {
    await api.dispose();
  }
}

async function openManifest(page: Page, account: DemoAccount, path: string, number: string) {
  await page.context().clearCookies();
  await signIn(page, account);
  await page.goto(path);
  // The collector's and the regulator's lists hold hundreds of manifests: on a busy machine the drawer can take a while.
  await expect(page.locator('.el-drawer')).toContainText(number, { timeout: 60_000 });
  return page.getByTestId('manifest-corrections');
}

test('the generator proposes a correction, the carrier and the receiver agree, the regulator reads the new version', async ({ page, request, baseURL }) => {
  // Four (or three) people sign in one after another; on a busy shared machine that takes longer than one page test.
  test.setTimeout(240_000);
  const enterpriseAccount = await demoAccount(request, 'EnterpriseAdmin');
  const dispatcherAccount = await demoAccount(request, 'CollectorDispatcher');
  const disposalAccount = await demoAccount(request, 'DisposalOperator');
  const regulatorAccount = await demoAccount(request, 'Regulator');
  const carrierId = await orgOf(baseURL!, dispatcherAccount);
  const receiverId = await orgOf(baseURL!, disposalAccount);

  // A seeded manifest of the demo enterprise carried by the demo collector to the demo facility: one with a weight
  // discrepancy if the year of history has one, otherwise the newest disposed one.
  const enterprise = await apiAs(baseURL!, enterpriseAccount);
  let manifest: Detail;
  try {
    const ours = (m: Summary) => m.carrier.organisationId === carrierId && m.receiver.organisationId === receiverId;
    const discrepant = itemsOf(await enterprise.get<Summary[] | { items: Summary[] }>('/api/waste/manifests?discrepancy=true')).filter(ours);
    const disposed = itemsOf(await enterprise.get<Summary[] | { items: Summary[] }>('/api/waste/manifests?status=Disposed')).filter(ours);
    const chosen = discrepant[0] ?? disposed[0];
    expect(chosen, 'the demo enterprise has a signed manifest carried by the demo collector to the demo facility').toBeDefined();
    manifest = await enterprise.get<Detail>(`/api/waste/manifests/${chosen!.id}`);
  } finally {
    await enterprise.dispose();
  }
  const line = manifest.lines[0]!;
  // Corrected shipped weight: the received weight when it differs (the discrepancy goes away), else 2 % less.
  const received = line.receivedKg === null || line.receivedKg === undefined ? null : Number(line.receivedKg);
  const target = received !== null && received !== Number(line.quantityKg) ? received : Number(line.quantityKg) * 0.98;
  const corrected = target.toFixed(3).replace(/\.?0+$/, '');
  const nextVersion = manifest.version + 1;

  // The generator proposes; a missing reason is caught on the page.
  let corrections = await openManifest(page, enterpriseAccount, `/waste/enterprise?tab=manifests&manifest=${manifest.id}`, manifest.number);
  await corrections.getByTestId('correction-propose').click();
  const form = corrections.getByTestId('correction-form');
  await form.getByTestId(`correction-quantity-${line.lineNo}`).fill(corrected);
  await form.getByTestId('correction-submit').click();
  await expect(form).toContainText('请填写更正原因');
  await form.getByTestId('correction-reason').fill('地磅复核：装车时车载秤偏差，以接收地磅为准');
  const proposed = page.waitForResponse((r) => r.url().endsWith(`/api/waste/manifests/${manifest.id}/corrections`) && r.request().method() === 'POST');
  await form.getByTestId('correction-submit').click();
  const created = await proposed;
  expect(created.status(), await created.text()).toBe(201);
  const correctionId = ((await created.json()) as { id: string }).id;
  const card = corrections.getByTestId(`correction-${correctionId}`);
  await expect(card.getByTestId(`correction-status-${correctionId}`)).toHaveText('待同意');
  await expect(card.getByTestId(`correction-${correctionId}-carrier`)).toContainText('待同意');
  await expect(card.getByTestId(`correction-agree-${correctionId}`)).toHaveCount(0);
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, 'waste-correction-proposed');

  // The carrier (the collector's dispatcher) sees it pending and agrees.
  corrections = await openManifest(page, dispatcherAccount, `/waste/manifests?manifest=${manifest.id}`, manifest.number);
  await expect(corrections.getByTestId(`correction-status-${correctionId}`)).toHaveText('待同意');
  await corrections.getByTestId(`correction-agree-${correctionId}`).click();
  await expect(corrections.getByTestId(`correction-${correctionId}-carrier`)).not.toContainText('待同意');
  await expect(corrections.getByTestId(`correction-status-${correctionId}`)).toHaveText('待同意');

  // The receiver agrees last: the correction applies as the next version.
  corrections = await openManifest(page, disposalAccount, `/waste/disposal?manifest=${manifest.id}`, manifest.number);
  const applied = page.waitForResponse((r) => r.url().endsWith(`/corrections/${correctionId}/agree`));
  await corrections.getByTestId(`correction-agree-${correctionId}`).click();
  expect((await applied).status()).toBe(200);
  await expect(corrections.getByTestId(`correction-status-${correctionId}`)).toHaveText('已生效');
  await expect(corrections.getByTestId(`manifest-version-${nextVersion}`)).toContainText('地磅复核');
  await corrections.getByTestId('manifest-versions').scrollIntoViewIfNeeded();
  await screenshot(page, 'waste-correction-applied');

  // The regulator reads it all, without actions.
  corrections = await openManifest(page, regulatorAccount, `/waste/manifests?manifest=${manifest.id}`, manifest.number);
  await expect(corrections.getByTestId('correction-readonly')).toBeVisible();
  await expect(corrections.getByTestId('correction-propose')).toHaveCount(0);
  await expect(corrections.getByTestId(`correction-status-${correctionId}`)).toHaveText('已生效');
  await expect(corrections.getByTestId(`manifest-version-${nextVersion}`)).toBeVisible();
  await expect(corrections.locator('[data-testid^="correction-agree-"]')).toHaveCount(0);
  await screenshot(page, 'waste-correction-regulator');

  // What the server kept.
  const check = await apiAs(baseURL!, regulatorAccount);
  try {
    const after = await check.get<Detail>(`/api/waste/manifests/${manifest.id}`);
    expect(after.version).toBe(nextVersion);
    expect(Number(after.lines[0]!.quantityKg)).toBe(Number(corrected));
  } finally {
    await check.dispose();
  }
});
