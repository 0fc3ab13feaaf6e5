import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_AUTOSCOUT24_CUSTOMER,
  DEMO_MOBILE_DE_SELLER,
  LOCAL_PROVIDER_USER,
} from '../../infra/local/emulators/platform-emulators';
import { startLocalStack, type LocalStack } from '../../infra/local/local-stack';
import { silentLog } from '../../infra/local/log';
import { ProblemSchema } from '../../shared/contract/common';
import { ExportListSchema, ExportViewSchema } from '../../shared/contract/exports';

/**
 * Activation as `npm start` runs it: the local gateway with dev tokens, the exports function,
 * DynamoDB Local and the platform emulators the local stack starts (demo dealer linked).
 */
describe('activation end to end', () => {
  let stack: LocalStack;
  let dataDir: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vehicle-export-activation-'));
    stack = await startLocalStack({
      rootDir: join(import.meta.dirname, '../..'),
      port: 0,
      dataDir,
      jwtSecret: 'e2e-activation',
      region: 'eu-central-1',
      seedDemoData: true,
      runSchedules: false,
      log: silentLog,
    });
    for (const dealerId of ['demo', 'newcomer']) {
      const answer = await fetch(`${stack.url}/_local/token`, {
        method: 'POST',
        body: JSON.stringify({ dealerId }),
      });
      tokens[dealerId] = ((await answer.json()) as { token: string }).token;
    }
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const api = (dealerId: string, method: string, path: string, body?: unknown) =>
    fetch(`${stack.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[dealerId]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('starts both emulators with the demo dealer linked to our provider user', async () => {
    const { mobileDe, autoScout24, urls } = stack.platforms;
    expect(mobileDe?.url).toBe(urls.mobileDe);
    expect(autoScout24?.url).toBe(urls.autoScout24);
    expect(mobileDe?.control.snapshot().links).toEqual([
      {
        apiUser: LOCAL_PROVIDER_USER,
        sellers: [expect.objectContaining({ mobileSellerId: DEMO_MOBILE_DE_SELLER })],
      },
    ]);
    expect(await (await fetch(urls.autoScout24)).text()).toContain(DEMO_AUTOSCOUT24_CUSTOMER);
  });

  it('activates both API apps for the demo dealer, lists them, deactivates and activates again', async () => {
    const mobileDe = await api('demo', 'POST', '/v1/apps/mobile-de-api/activation', {
      settings: { sellerId: DEMO_MOBILE_DE_SELLER },
    });
    expect(mobileDe.status).toBe(201);
    const mobileDeExport = ExportViewSchema.parse(await mobileDe.json());
    const autoScout24 = await api('demo', 'POST', '/v1/apps/autoscout24-api/activation', {
      settings: { customerId: DEMO_AUTOSCOUT24_CUSTOMER },
    });
    expect(autoScout24.status).toBe(201);

    const list = ExportListSchema.parse(await (await api('demo', 'GET', '/v1/exports')).json());
    // The demo dealer's mobile.de CSV feed is activated when the local stack seeds it.
    expect(list.items.map((exp) => exp.appId).sort()).toEqual([
      'autoscout24-api',
      'mobile-de-api',
      'mobile-de-csv',
    ]);
    expect(stack.platforms.mobileDe?.control.requests()).toContainEqual(
      expect.objectContaining({ path: '/seller-api/sellers', user: LOCAL_PROVIDER_USER, status: 200 }),
    );

    const conflict = await api('demo', 'POST', '/v1/apps/mobile-de-api/activation', {
      settings: { sellerId: DEMO_MOBILE_DE_SELLER },
    });
    expect(conflict.status).toBe(409);

    const deleted = await api(
      'demo',
      'DELETE',
      `/v1/exports/${mobileDeExport.exportId}?removeListings=false`,
    );
    expect(deleted.status).toBe(202);
    expect(ExportViewSchema.parse(await deleted.json()).status).toBe('inactive');
    const again = await api('demo', 'POST', '/v1/apps/mobile-de-api/activation', {
      settings: { sellerId: DEMO_MOBILE_DE_SELLER },
    });
    expect(again.status).toBe(201);
  });

  it('tells a dealer who has not registered us where to do it, and succeeds once they have', async () => {
    const refused = await api('newcomer', 'POST', '/v1/apps/mobile-de-api/activation', {
      settings: { sellerId: '1000777' },
    });
    expect(refused.status).toBe(424);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    const problem = ProblemSchema.parse(await refused.json());
    expect(problem.code).toBe('DATA_SERVICE_PROVIDER_MISSING');
    expect(problem.detail).toContain('Schnittstellen-Einstellungen');

    // The dealer registers us in the mobile.de dealer area (the emulator's control API).
    const linked = await fetch(`${stack.platforms.urls.mobileDe}/_emulator/sellers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mobileSellerId: '1000777' }),
    });
    expect(linked.status).toBe(201);
    const activated = await api('newcomer', 'POST', '/v1/apps/mobile-de-api/activation', {
      settings: { sellerId: '1000777' },
    });
    expect(activated.status).toBe(201);
  });

  it('answers 502 while the platform is down', async () => {
    stack.platforms.autoScout24?.control.setFaults({ share503: 1 });
    const answer = await api('newcomer', 'POST', '/v1/apps/autoscout24-api/activation', {
      settings: { customerId: DEMO_AUTOSCOUT24_CUSTOMER },
    });
    stack.platforms.autoScout24?.control.setFaults({});
    expect(answer.status).toBe(502);
    expect(ProblemSchema.parse(await answer.json()).code).toBe('PLATFORM_UNAVAILABLE');
  });
});
