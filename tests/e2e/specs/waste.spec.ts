import { expect, test, type Page } from '@playwright/test';
import { demoAccount, screenshot, signIn } from '../support/app';
import { apiAs, type ApiSession } from '../support/api';

// Waste module in the browser, against the real host with the demo district. Data a test needs beyond the demo
// seed is arranged through the API as the demo accounts (the enterprise deposits and asks for a pickup, the
// dispatcher plans and publishes); the browser then does what the person would do.

interface Me {
  userId: string;
  organisationId: string;
  organisationName: string;
}
interface Cabinet {
  id: string;
  name: string;
  compartments?: Array<{ number: number; allowedGroup?: string | null }>;
}
interface Stream {
  id: string;
  isActive: boolean;
  compatibilityGroup?: string;
}
interface Container {
  id: string;
  code: string;
  cabinetId: string;
  state: string;
}
interface PickupRequest {
  id: string;
  status: string;
  cabinetId: string | null;
  collectorId: string;
}
interface Trip {
  id: string;
  code: string;
  status: string;
  stops: Array<{ id: string; generatorId: string; generatorName: string; pickupRequestId: string; manifestId: string | null }>;
}
interface Plan {
  trips: Trip[];
  unplanned: Array<{ pickupRequestId: string; reason: string }>;
}

/**
 * The demo enterprise's cabinet and waste stream: the demo seed's when there are some, otherwise arranged the way an
 * enterprise admin would (a storage-cabinet device, the cabinet on it, a stream of a cited code).
 */
async function cabinetAndStream(api: ApiSession): Promise<{ cabinet: Cabinet; stream: Stream & { wasteCode: string; name: string } }> {
  const me = await api.get<Me>('/api/auth/me');
  let cabinets = await api.get<Cabinet[]>('/api/waste/cabinets');
  if (cabinets.length === 0) {
    const sites = await api.get<{ items: Array<{ id: string }> }>(`/api/sites?organisationId=${me.organisationId}`);
    const siteId = sites.items[0]!.id;
    const device = await api.post<{ id: string }>('/api/devices', { siteId, name: '危废暂存柜 e2e', kind: 'StorageCabinet' });
    const put = await api.context.put(`/api/telemetry/devices/${device.id}`, {
      data: { type: 'StorageCabinet', intervalSeconds: 300, isActive: true },
      headers: { 'X-XSRF-TOKEN': (await api.context.storageState()).cookies.find((c) => c.name === 'XSRF-TOKEN')?.value ?? '' },
    });
    expect(put.ok(), await put.text()).toBe(true);
    await api.post('/api/waste/cabinets', { deviceId: device.id, name: '1号暂存柜', compartments: [{ number: 1, capacityLitres: 400 }] });
    cabinets = await api.get<Cabinet[]>('/api/waste/cabinets');
  }
  let streams = (await api.get<Array<Stream & { wasteCode: string; name: string }>>('/api/waste/streams')).filter((x) => x.isActive);
  if (streams.length === 0) {
    const sites = await api.get<{ items: Array<{ id: string }> }>(`/api/sites?organisationId=${me.organisationId}`);
    await api.post('/api/waste/streams', {
      siteId: sites.items[0]!.id,
      wasteCode: '900-052-31',
      name: '废铅蓄电池酸液',
      physicalForm: 'Liquid',
      packaging: '塑料桶',
      expectedAnnualKg: 500,
      compatibilityGroup: 'Acid',
    });
    streams = (await api.get<Array<Stream & { wasteCode: string; name: string }>>('/api/waste/streams')).filter((x) => x.isActive);
  }
  return { cabinet: cabinets[0]!, stream: streams[0]! };
}

/** The cabinet compartment that may hold the stream's compatibility group (the demo cabinets keep acids apart). */
function compartmentFor(cabinet: Cabinet, stream: Stream): number {
  const compartments = cabinet.compartments ?? [];
  const group = stream.compatibilityGroup ?? 'General';
  return (compartments.find((c) => (c.allowedGroup ?? 'General') === group) ?? compartments[0])?.number ?? 1;
}

/** China date of now: the host plans and lists trips by it. */
function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * The demo enterprise has a stored container in one of its cabinets and an open pickup request; the dispatcher of
 * its serving collector plans today and publishes the trip with that stop to the demo driver. Returns the stop,
 * the container code to scan and the generator's security code.
 */
async function arrangePublishedStop(baseURL: string, request: Parameters<typeof demoAccount>[0]) {
  const enterprise = await apiAs(baseURL, await demoAccount(request, 'EnterpriseAdmin'));
  const dispatcher = await apiAs(baseURL, await demoAccount(request, 'CollectorDispatcher'));
  try {
    const ent = await enterprise.get<Me>('/api/auth/me');
    const { cabinet, stream } = await cabinetAndStream(enterprise);

    // A container of our own, so the code is known and not yet collected.
    const container = await enterprise.post<Container>('/api/waste/containers', {
      cabinetId: cabinet.id,
      compartmentNumber: compartmentFor(cabinet, stream),
      streamId: stream.id,
      weightKg: 12.5,
      volumeLitres: 20,
      generatedOn: chinaToday(),
    });

    // One open or planned request per cabinet: reuse it when an earlier test left one.
    const active = (await enterprise.get<PickupRequest[]>(`/api/waste/pickup-requests?cabinetId=${cabinet.id}`)).find((r) => r.status === 'Open' || r.status === 'Planned');
    const pickup = active ?? (await enterprise.post<PickupRequest>('/api/waste/pickup-requests', { cabinetId: cabinet.id, note: 'e2e' }));

    const disp = await dispatcher.get<Me>('/api/auth/me');
    expect(pickup.collectorId, "the dispatcher's company serves the demo enterprise").toBe(disp.organisationId);
    const hasStop = (t: Trip) => t.stops.some((s) => s.pickupRequestId === pickup.id);
    let trip = pickup.status === 'Planned' ? (await dispatcher.get<Trip[]>(`/api/waste/dispatch/trips?date=${chinaToday()}`)).find(hasStop) : undefined;
    if (!trip) {
      const plan = await dispatcher.post<Plan>('/api/waste/dispatch/plans', { date: chinaToday() });
      trip = plan.trips.find(hasStop);
      expect(trip, `the request is planned today (${JSON.stringify(plan.unplanned.find((u) => u.pickupRequestId === pickup.id))})`).toBeDefined();
    }

    const driverAccount = await demoAccount(request, 'Driver');
    const users = await dispatcher.get<{ items: Array<{ id: string; userName: string }> }>(`/api/users?organisationId=${disp.organisationId}&pageSize=200`);
    const driver = users.items.find((u) => u.userName === driverAccount.userName);
    expect(driver, 'the demo driver works for the dispatcher').toBeDefined();
    const published = trip!.status === 'Draft' ? await dispatcher.post<Trip>(`/api/waste/dispatch/trips/${trip!.id}/publish`, { driverUserId: driver!.id }) : trip!;
    const stop = published.stops.find((s) => s.pickupRequestId === pickup.id)!;

    const code = await enterprise.get<{ securityCode: string }>(`/api/waste/stops/${stop.id}/security-code`);
    return { enterprise: ent, stop, trip: published, containerCode: container.code, securityCode: code.securityCode };
  } finally {
    await enterprise.dispose();
    await dispatcher.dispose();
  }
}

async function queueState(page: Page) {
  const queue = page.getByTestId('driver-queue');
  return { state: await queue.getAttribute('data-state'), pending: await queue.getAttribute('data-pending') };
}

test.describe('driver on a phone', () => {
  // The demo seed makes the demo enterprise a customer of the demo dispatcher's (and driver's) collector, so the
  // arrange step plans the stop for the demo driver.
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

  test('works a stop: scan, weigh, the generator signs with its code while offline, sync, carrier signature', async ({ page, request, baseURL, context }) => {
    const arranged = await arrangePublishedStop(baseURL!, request);

    await signIn(page, await demoAccount(request, 'Driver'));
    await page.goto('/waste/driver');
    await expect(page.getByTestId(`trip-${arranged.trip.id}`)).toBeVisible();
    await screenshot(page, 'waste-driver-trips', { fullPage: true });
    await page.getByTestId(`trip-${arranged.trip.id}`).getByText(arranged.stop.generatorName).first().click();
    await expect(page.getByTestId('driver-stop-name')).toHaveText(arranged.stop.generatorName);

    // Scan (typed: headless Chromium has no camera) and weigh; a zero weight is refused on the phone.
    await page.getByTestId('scan-input').fill(arranged.containerCode.toLowerCase());
    await page.getByTestId('scan-submit').click();
    await page.getByTestId('driver-weight').fill('0');
    await page.getByTestId('driver-weight-save').click();
    await expect(page.getByTestId('driver-weight-error')).toHaveText('重量必须大于 0');
    await page.getByTestId('driver-weight').fill('12,35');
    await page.getByTestId('driver-weight-save').click();
    const line = page.getByTestId(`driver-container-${arranged.containerCode}`);
    await expect(line).toContainText('12.35 kg');
    await expect(page.getByTestId('driver-queue')).toHaveAttribute('data-pending', '0');
    await expect(line).not.toContainText('待同步');

    // No signal at the generator's gate: the confirmation waits on the phone.
    await context.setOffline(true);
    await expect(page.getByTestId('driver-queue')).toHaveAttribute('data-state', 'offline');
    await page.getByTestId('driver-code-input').fill(arranged.securityCode);
    await page.getByTestId('driver-confirm-submit').click();
    await expect(page.getByTestId('driver-queue')).toHaveAttribute('data-pending', '1');
    await expect(page.getByTestId('driver-confirmation-queued')).toBeVisible();
    await screenshot(page, 'waste-driver-offline', { fullPage: true });

    // Back online: the queue syncs by itself, in order, and the stop is confirmed by the server.
    await context.setOffline(false);
    await expect(page.getByTestId('driver-queue')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    await expect(page.getByTestId('driver-queue')).toHaveAttribute('data-failed', '0');
    await expect(page.getByTestId('driver-carrier-sign')).toBeEnabled();
    await page.getByTestId('driver-carrier-sign').click();
    await expect(page.getByTestId('driver-stop-done')).toBeVisible();
    await expect(page.getByTestId('driver-queue')).toHaveAttribute('data-pending', '0');
    await screenshot(page, 'waste-driver-stop-done', { fullPage: true });
    expect(await queueState(page)).toEqual({ state: 'synced', pending: '0' });

    // The generator sees its manifest signed and in transit, with the weight the driver typed.
    const enterprise = await apiAs(baseURL!, await demoAccount(request, 'EnterpriseAdmin'));
    try {
      const manifest = await enterprise.get<{ status: string; containers: Array<{ code: string; shippedKg: number }> }>(`/api/waste/manifests/${arranged.stop.manifestId}`);
      expect(manifest.status).toBe('InTransit');
      expect(manifest.containers.find((c) => c.code === arranged.containerCode)?.shippedKg).toBe(12.35);
    } finally {
      await enterprise.dispose();
    }
  });

  test("a wrong security code comes back with the server's reason and can be discarded", async ({ page, request, baseURL }) => {
    const arranged = await arrangePublishedStop(baseURL!, request);
    await signIn(page, await demoAccount(request, 'Driver'));
    await page.goto(`/waste/driver/trips/${arranged.trip.id}/stops/${arranged.stop.id}`);
    await page.getByTestId('scan-input').fill(arranged.containerCode);
    await page.getByTestId('scan-submit').click();
    await page.getByTestId('driver-weight').fill('3');
    await page.getByTestId('driver-weight-save').click();
    await expect(page.getByTestId('driver-queue')).toHaveAttribute('data-pending', '0');

    const wrong = arranged.securityCode === '000000' ? '111111' : '000000';
    await page.getByTestId('driver-code-input').fill(wrong);
    await page.getByTestId('driver-confirm-submit').click();
    const failed = page.getByTestId('queue-failed-confirm');
    await expect(failed).toBeVisible();
    // The refusal reads in the driver's language: the field by its name (not the API's camelCase) and the reason by its code.
    await expect(failed.getByTestId('queue-failed-reason')).toContainText('安全码：安全码不正确，请向产废单位核对。');
    await expect(failed.getByTestId('queue-failed-reason')).not.toContainText('securityCode');
    await screenshot(page, 'waste-driver-refused', { fullPage: true });
    await failed.getByRole('button').nth(1).click();
    await expect(failed).toHaveCount(0);
    await expect(page.getByTestId('driver-confirm')).toBeVisible();
  });
});

test("the regulator's command centre: cabinets by fill, alerts, trips, manifests, tonnage, container trace", async ({ page, request, baseURL }) => {
  const regulatorAccount = await demoAccount(request, 'Regulator');
  const regulator: ApiSession = await apiAs(baseURL!, regulatorAccount);
  let cabinets: Array<{ longitude: number; latitude: number }>;
  let traceCode: string | undefined;
  try {
    // One page of the map holds the demo district's cabinets (paged: `next` is null on the last page).
    const page = await regulator.get<{ cabinets: Array<{ longitude: number; latitude: number }>; next: string | null }>(
      '/api/waste/command-centre/cabinets?limit=5000',
    );
    expect(page.next).toBeNull();
    cabinets = page.cabinets;
    expect(cabinets.length, 'the demo district has cabinets').toBeGreaterThan(0);
    const containers = await regulator.get<Container[]>('/api/waste/containers');
    traceCode = containers.find((c) => c.state === 'Disposed')?.code ?? containers[0]?.code;
  } finally {
    await regulator.dispose();
  }

  await signIn(page, regulatorAccount);
  await page.getByTestId('nav-waste-command').click();
  await expect(page).toHaveURL(/\/waste\/command$/);
  const map = page.getByTestId('cabinet-map');
  await expect(map).toHaveAttribute('data-point-count', String(cabinets.length));
  await expect(map.locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('open-alerts')).toBeVisible();
  await expect(page.getByTestId('trips-today')).toBeVisible();
  await expect(page.getByTestId('manifests-by-state').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('tonnage').locator('canvas').first()).toBeVisible();
  await screenshot(page, 'waste-command-centre', { fullPage: true });

  await page.getByTestId('tonnage-town').click();
  await expect(page.getByTestId('tonnage').locator('canvas').first()).toBeVisible();
  await page.getByTestId('tonnage-month').click();
  await expect(page.getByTestId('tonnage').locator('canvas').first()).toBeVisible();

  expect(traceCode, 'the regulator sees containers to trace').toBeDefined();
  const trace = page.getByTestId('trace-card');
  await trace.getByTestId('scan-input').fill(traceCode!);
  await trace.getByTestId('scan-submit').click();
  await expect(trace.getByTestId('trace-result')).toContainText(traceCode!);
  await expect(trace.locator('[data-testid^="trace-event-"]').first()).toBeVisible();
  await trace.scrollIntoViewIfNeeded();
  await screenshot(page, 'waste-container-trace');

  // An unknown code says so instead of showing an empty timeline.
  await trace.getByTestId('scan-input').fill('NO-SUCH-CODE-1');
  await trace.getByTestId('scan-submit').click();
  await expect(trace.getByTestId('trace-error')).toContainText('NO-SUCH-CODE-1');
});

test('an enterprise deposits a container with its HJ 1276 label and sees it stored, with the label as PDF', async ({ page, request, baseURL }) => {
  const account = await demoAccount(request, 'EnterpriseAdmin');
  const api = await apiAs(baseURL!, account);
  let stream: { id: string; wasteCode: string; name: string };
  let cabinet: Cabinet;
  try {
    ({ cabinet, stream } = await cabinetAndStream(api));
  } finally {
    await api.dispose();
  }

  await signIn(page, account);
  await page.goto('/waste/enterprise?tab=containers');
  await page.getByTestId('deposit-open').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('deposit-stream').click();
  await page.getByRole('option', { name: `${stream.wasteCode} ${stream.name}` }).click();
  await dialog.getByTestId('deposit-cabinet').click();
  await page.getByRole('option', { name: cabinet.name, exact: true }).click();
  // A zero weight is refused before anything is sent.
  await dialog.getByTestId('deposit-weight').fill('0');
  await dialog.getByTestId('deposit-submit').click();
  await expect(dialog).toContainText('重量必须大于 0');
  await dialog.getByTestId('deposit-weight').fill('8.75');
  await screenshot(page, 'waste-enterprise-deposit');
  const [label, created] = await Promise.all([
    page.context().waitForEvent('page'),
    page.waitForResponse((r) => r.url().endsWith('/api/waste/containers') && r.request().method() === 'POST'),
    dialog.getByTestId('deposit-submit').click(),
  ]);
  expect(created.status()).toBe(201);
  const container = (await created.json()) as Container & { weightKg: number };
  expect(container.weightKg).toBe(8.75);
  await label.close();

  await expect(page.getByTestId('waste-containers').getByText(container.code)).toBeVisible();
  await screenshot(page, 'waste-enterprise-containers', { fullPage: true });
  const pdf = await page.request.get(`/api/waste/containers/${container.id}/label.pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
});

test("a seeded manifest's trail is on the audit ledger: the regulator sees its hash-chained entries", async ({ page, request, baseURL }) => {
  const regulatorAccount = await demoAccount(request, 'Regulator');
  const regulator = await apiAs(baseURL!, regulatorAccount);
  let number: string;
  try {
    const manifests = await regulator.get<Array<{ id: string; number: string; status: string }>>('/api/waste/manifests?status=Disposed');
    expect(manifests.length, 'the demo year has disposed manifests').toBeGreaterThan(0);
    number = manifests[0]!.number;
  } finally {
    await regulator.dispose();
  }

  await signIn(page, regulatorAccount);
  await page.goto('/waste/manifests');
  await page.getByTestId('manifest-status-filter').click();
  await page.getByRole('option', { name: /已处置|Disposed/ }).click();
  await page.getByTestId('manifests-panel').getByText(number, { exact: true }).click();
  const ledger = page.getByTestId('manifest-ledger');
  await expect(ledger).toContainText('ManifestDrawn');
  await expect(ledger).toContainText('ManifestDisposed');
  await ledger.scrollIntoViewIfNeeded();
  await screenshot(page, 'waste-manifest-ledger');
});
