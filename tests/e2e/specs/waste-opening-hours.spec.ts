import { expect, test } from '@playwright/test';
import { demoAccount, screenshot, signIn } from '../support/app';
import { apiAs } from '../support/api';
import { chinaToday, isoWeekday } from '../support/warehouse';

// An enterprise sets its site's weekly pickup hours in the browser, against the real host: the demo seed's hours are
// shown, a day is closed, an interval left without its end comes back from the server next to its day, and once
// fixed the week is saved and reads back the same. The site's original hours are put back afterwards (the driver
// and warehouse specs plan today's pickups at this site; the day closed here is never today).

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Hours {
  siteId: string;
  days: Array<{ weekday: number; intervals: string[]; closed: boolean }>;
}

test('an enterprise sets its weekly pickup hours; a bad interval is refused next to its day', async ({ page, request, baseURL }) => {
  const account = await demoAccount(request, 'EnterpriseAdmin');
  const api = await apiAs(baseURL!, account);
  const me = await api.get<{ organisationId: string }>('/api/auth/me');
  const sites = await api.get<{ items: Array<{ id: string; name: string }> }>(`/api/sites?organisationId=${me.organisationId}&pageSize=100`);
  // The seeded works (other specs may have added sites to the demo enterprise, without hours).
  let seeded: { site: { id: string; name: string }; hours: Hours } | undefined;
  for (const candidate of sites.items) {
    const hours = await api.get<Hours>(`/api/waste/sites/${candidate.id}/opening-hours`);
    if (hours.days.some((d) => d.intervals.length > 0)) {
      seeded = { site: candidate, hours };
      break;
    }
  }
  if (!seeded) throw new Error('no site of the demo enterprise has seeded pickup hours');
  const { site, hours: original } = seeded;
  const xsrf = async () => (await api.context.storageState()).cookies.find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';

  const today = isoWeekday(chinaToday());
  const closeDay = ((today + 2) % 7) + 1; // three days on
  const editDay = ((today + 1) % 7) + 1; // two days on
  try {
    await signIn(page, account);
    await page.goto('/waste/opening-hours');
    await expect(page.getByTestId('waste-opening-hours')).toBeVisible();
    await expect(page.getByTestId('hours-site')).toBeVisible();
    // Choose the seeded works explicitly: the page opens on the enterprise's first site, which may be one another spec
    // added without hours (the select's text also holds its options, so only its selected item tells which is chosen).
    const chosen = page.getByTestId('hours-site').locator('.el-select__selected-item', { hasText: site.name });
    await page.getByTestId('hours-site').click();
    await page.locator('.el-select-dropdown__item', { hasText: new RegExp(`^\\s*${escapeRegExp(site.name)}\\s*$`) }).click();
    await expect(chosen).toBeVisible();
    // The choice is kept in the address, so the reload below reopens this site.
    await expect(page).toHaveURL(new RegExp(`[?&]site=${site.id}`));
    // The demo seed gives the demo enterprise pickups every day, 08:00-11:30 and 13:00-17:00.
    await expect(page.getByTestId(`hours-interval-${editDay}-1`)).toBeVisible();
    await screenshot(page, 'waste-opening-hours', { fullPage: true });

    await page.getByTestId(`hours-closed-${closeDay}`).click();
    // A second afternoon interval added and left without its end.
    await page.getByTestId(`hours-add-${editDay}`).click();
    await expect(page.getByTestId(`hours-interval-${editDay}-2`)).toBeVisible();

    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/waste/sites/${site.id}/opening-hours`) && r.request().method() === 'PUT');
    await page.getByTestId('hours-save').click();
    expect((await refused).status()).toBe(400);
    const dayItem = page.getByTestId(`hours-day-${editDay}`);
    // In the page's language (zh-CN), not the server's English sentence.
    await expect(dayItem.locator('.el-form-item__error')).toContainText('不是有效的时段');
    await expect(dayItem.locator('.el-form-item__error')).not.toContainText('is not an interval');
    await expect(page.getByTestId(`hours-day-${closeDay}`).locator('.el-form-item__error')).toHaveCount(0);
    await expect(page.getByTestId('hours-form-error')).toBeVisible();
    await screenshot(page, 'waste-opening-hours-refused', { fullPage: true });

    // Remove the unfinished interval: its error goes, and the week saves.
    await page.getByTestId(`hours-interval-${editDay}-2`).getByRole('button').click();
    await expect(dayItem.locator('.el-form-item__error')).toHaveCount(0);
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/waste/sites/${site.id}/opening-hours`) && r.request().method() === 'PUT');
    await page.getByTestId('hours-save').click();
    expect((await saved).status()).toBe(200);
    await expect(page.locator('.hours-saved')).toBeVisible();

    const stored = await api.get<Hours>(`/api/waste/sites/${site.id}/opening-hours`);
    expect(stored.days.find((d) => d.weekday === closeDay)).toEqual({ weekday: closeDay, intervals: [], closed: true });
    expect(stored.days.find((d) => d.weekday === editDay)?.intervals).toEqual(['08:00-11:30', '13:00-17:00']);

    // Read back after a reload: the same site, and the closed day shows as closed.
    await page.reload();
    await expect(chosen).toBeVisible();
    await expect(page.getByTestId(`hours-closed-${closeDay}`)).toHaveClass(/is-active/);
    await expect(page.getByTestId(`hours-interval-${closeDay}-0`)).toHaveCount(0);
  } finally {
    const restored = await api.context.put(`/api/waste/sites/${site.id}/opening-hours`, {
      data: { days: original.days.map((d) => ({ weekday: d.weekday, intervals: d.intervals })) },
      headers: { 'X-XSRF-TOKEN': await xsrf() },
    });
    expect(restored.status(), await restored.text()).toBe(200);
    await api.dispose();
  }
});
