import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../../infra/local/log';
import { startLocalStack, type LocalStack } from '../../infra/local/local-stack';
import { eventually } from '../support/local-services';

/**
 * The lock of PRODUCT.md §8 end to end, through the local stack's HTTP API, stock stream, delta
 * queue and worker to the mobile.de emulator: a faulty `replace` import locks the export before a
 * single DELETE reaches mobile.de, the lock recipients get one e-mail, and the unlock re-syncs the
 * held vehicles against the stock as it is then.
 */
describe('the mass-removal lock through the local stack', { timeout: 180_000 }, () => {
  let stack: LocalStack;
  let dataDir: string;
  let token: string;
  const sellerId = '1000077';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vehicle-export-lock-'));
    stack = await startLocalStack({
      rootDir: join(import.meta.dirname, '../..'),
      port: 0,
      dataDir,
      jwtSecret: 'e2e-secret',
      region: 'eu-central-1',
      seedDemoData: false,
      runSchedules: false,
      log: silentLog,
      // Long enough for a whole burst to be counted on a loaded machine (CI runs the suites in
      // parallel on two cores), short enough for a test.
      functionEnvironment: { REMOVAL_SETTLE_SECONDS: '10' },
    });
    stack.platforms.mobileDe!.control.linkSeller({ mobileSellerId: sellerId, companyName: 'Autohaus Lock' });
    const issued = await fetch(`${stack.url}/_local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dealerId: 'd-lock', email: 'owner@lock.example' }),
    });
    token = ((await issued.json()) as { token: string }).token;
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const vehicles = (count: number) =>
    Array.from({ length: count }, (_, index) => ({
      internalNumber: `LOCK-${index + 1}`,
      condition: 'used',
      firstRegistration: '2021-04',
      mileageKm: 30000 + index,
      category: 'estate',
      make: 'Audi',
      model: 'A4',
      fuel: 'petrol',
      gearbox: 'automatic',
      price: { gross: `${30000 + index}.00`, currency: 'EUR', vatRate: '19.00' },
    }));
  const importStock = async (count: number) => {
    const result = await call('POST', '/v1/vehicles/import?mode=replace', vehicles(count));
    expect(result.status).toBe(200);
  };
  const mobileDe = () => stack.platforms.mobileDe!.control;
  const ads = () => mobileDe().ads(sellerId);
  const calls = (method: string) =>
    mobileDe()
      .requests()
      .filter((request) => request.method === method && request.path.includes(`/sellers/${sellerId}/ads`))
      .length;
  const emails = async () =>
    (await (await fetch(`${stack.url}/_local/emails`)).json()) as {
      to: string[];
      subject: string;
      text: string;
    }[];
  const waitFor = <T>(probe: () => Promise<T | undefined> | T | undefined, what: string, ms = 60_000) =>
    eventually(async () => probe(), ms, what);

  let exportId: string;
  const exportNow = async () => (await call('GET', `/v1/exports/${exportId}`)).body;

  it('lists 20 released vehicles', async () => {
    await call('PUT', '/v1/settings', {
      autoRelease: true,
      releaseDelayDays: 0,
      images: { maxImages: 30, publishOnlyOptimized: false },
      lockRecipients: ['owner@lock.example'],
      contactEmail: null,
    });
    const activated = await call('POST', '/v1/apps/mobile-de-api/activation', { settings: { sellerId } });
    expect(activated.status).toBe(201);
    exportId = String(activated.body.exportId);
    await waitFor(
      async () => ((await exportNow()).status === 'active' ? true : undefined),
      'the export to be active',
    );

    await importStock(20);
    await waitFor(() => (ads().length === 20 ? true : undefined), '20 ads');
    await waitFor(
      async () => ((await exportNow()).stats as { listed: number }).listed === 20 || undefined,
      'the export to count 20 listings',
    );
    expect(calls('POST')).toBe(20);
  });

  it('locks on a replace import that drops 15 of 20, with no DELETE and one e-mail', async () => {
    await importStock(5);

    const locked = await waitFor(async () => {
      const exp = await exportNow();
      return exp.status === 'locked' ? exp : undefined;
    }, 'the lock');
    expect(locked.lock).toMatchObject({ reason: 'MASS_REMOVAL' });
    // Everything of the burst is held (the removals that went out before the lock tripped wait
    // their settle delay in the worker and are held there).
    await waitFor(
      async () => ((await exportNow()).lock as { heldChanges: number }).heldChanges === 15 || undefined,
      'all 15 removals to be held',
    );
    const mails = await waitFor(
      async () => ((await emails()).length > 0 ? emails() : undefined),
      'the e-mail',
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: ['owner@lock.example'] });
    expect(mails[0]?.text).toContain(`/v1/exports/${exportId}/unlock`);
    expect(calls('DELETE')).toBe(0);
    expect(ads()).toHaveLength(20);
  });

  it('after the stock is repaired, the unlock deletes nothing and creates nothing', async () => {
    await importStock(20);
    const unlocked = await call('POST', `/v1/exports/${exportId}/unlock`);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toMatchObject({ status: 'active', lock: null });

    // The 15 re-imported vehicles are new vehicles with the old internal numbers: they take over
    // the listings (PUT), never a DELETE and never a paid new listing (POST).
    await waitFor(() => (calls('PUT') >= 15 ? true : undefined), 'the 15 listings to be taken over');
    const details = await call('GET', `/v1/exports/${exportId}/details?kind=unlock`);
    expect((details.body.items as unknown[]).length).toBe(1);
    expect(calls('DELETE')).toBe(0);
    expect(calls('POST')).toBe(20);
    expect(ads()).toHaveLength(20);
    expect((await call('POST', `/v1/exports/${exportId}/unlock`)).status).toBe(409);
    expect(await emails()).toHaveLength(1);
  });

  it('without a repair, the unlock sends the 15 DELETEs', async () => {
    await importStock(5);
    await waitFor(
      async () => ((await exportNow()).status === 'locked' ? true : undefined),
      'the second lock',
    );
    await waitFor(
      async () => ((await exportNow()).lock as { heldChanges: number }).heldChanges === 15 || undefined,
      'all 15 removals to be held',
    );
    expect(calls('DELETE')).toBe(0);

    expect((await call('POST', `/v1/exports/${exportId}/unlock`)).status).toBe(200);
    await waitFor(() => (ads().length === 5 ? true : undefined), 'the 15 ads to be deleted');
    expect(calls('DELETE')).toBe(15);
    expect(await emails()).toHaveLength(2);
    const lockDetails = await call('GET', `/v1/exports/${exportId}/details?kind=lock`);
    expect((lockDetails.body.items as unknown[]).length).toBe(2);
  });
});
