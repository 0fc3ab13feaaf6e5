import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tables } from '../../infra/topology';
import { AesGcmSealer } from '../../shared/adapters/crypto/aes-gcm-sealer';
import { readKeyFile } from '../../shared/adapters/crypto/dealer-secrets-key';
import { DynamoCustomAppStore } from '../../shared/adapters/dynamodb/custom-apps-table';
import { ProblemSchema } from '../../shared/contract/common';
import { ExportListSchema, ExportViewSchema } from '../../shared/contract/exports';
import { StoredCustomAppDefinitionSchema } from '../../shared/domain/custom-app-definition';
import { SECRET_MASK } from '../../shared/domain/secrets';
import {
  PROVIDER,
  startExportsHarness,
  type ExportsAnswer,
  type ExportsHarness,
} from '../support/exports-harness';
import { validSettings } from '../support/exports-fakes';

/** functions/http/exports.ts in-process against DynamoDB Local and both platform emulators. */
let harness: ExportsHarness;
beforeAll(async () => {
  harness = await startExportsHarness();
});
afterAll(async () => {
  await harness?.stop();
});
beforeEach(() => {
  harness.mobileDe.control.reset();
  harness.autoScout24.control.reset();
});

// Every answer is read through the contract, so each is also checked against it.
const exportOf = (answer: ExportsAnswer) => ExportViewSchema.parse(answer.body);
const problemOf = (answer: ExportsAnswer) => {
  expect(answer.contentType).toBe('application/problem+json');
  return ProblemSchema.parse(answer.body);
};
const activate = (dealerId: string, appId: string, settings: unknown) =>
  harness.call('POST /v1/apps/{appId}/activation', { dealerId, appId, body: { settings } });
const csvSettings = () =>
  structuredClone(validSettings['mobile-de-csv']) as Record<string, unknown> & {
    delivery: Record<string, unknown>;
  };
const storedItem = async (dealerId: string, exportId: string) =>
  (
    await harness.dynamo.documents.send(
      new GetCommand({
        TableName: tables.exports.name,
        Key: { pk: `DEALER#${dealerId}`, sk: `EXPORT#${exportId}` },
      }),
    )
  ).Item!;
const platformCalls = () =>
  [...harness.mobileDe.control.requests(), ...harness.autoScout24.control.requests()].length;

describe('activation over HTTP', () => {
  it('activates mobile.de for a linked seller: 201, Location, the Export of API.md', async () => {
    const answer = await activate('a1', 'mobile-de-api', { sellerId: '1000001' });

    expect(answer.status).toBe(201);
    const exp = exportOf(answer);
    expect(answer.location).toBe(`/v1/exports/${exp.exportId}`);
    expect(Object.keys(answer.body as object).sort()).toEqual(
      ['appId', 'createdAt', 'exportId', 'lastTransmissionAt', 'lock', 'settings', 'stats', 'status'].sort(),
    );
    expect(exp).toMatchObject({
      appId: 'mobile-de-api',
      status: 'matching',
      settings: { sellerId: '1000001' },
      lock: null,
      stats: { released: 0, listed: 0, pending: 0, errorsLast24h: 0 },
      lastTransmissionAt: null,
    });
    expect(harness.mobileDe.control.requests()).toEqual([
      expect.objectContaining({ path: '/seller-api/sellers', user: PROVIDER.user, status: 200 }),
    ]);
    expect(
      exportOf(await harness.call('GET /v1/exports/{exportId}', { dealerId: 'a1', exportId: exp.exportId })),
    ).toEqual(exp);
  });

  it('activates AutoScout24 for an authorising customer', async () => {
    const answer = await activate('a2', 'autoscout24-api', { customerId: '2000001' });
    expect(answer.status).toBe(201);
    expect(exportOf(answer).settings).toMatchObject({ customerId: '2000001' });
    expect(harness.autoScout24.control.requests()).toEqual([
      expect.objectContaining({ path: '/customers', status: 200 }),
    ]);
  });

  it.each([
    [
      'mobile-de-api',
      { sellerId: '1000009' },
      'Händlerbereich → Schnittstellen-Einstellungen → Datendienstleister',
    ],
    ['autoscout24-api', { customerId: '2000009' }, '("Datenpartner")'],
  ])('refuses %s with 424 saying where to register us, storing nothing', async (appId, settings, where) => {
    const answer = await activate('a3', appId, settings);
    expect(answer.status).toBe(424);
    const problem = problemOf(answer);
    expect(problem.code).toBe('DATA_SERVICE_PROVIDER_MISSING');
    expect(problem.detail).toContain(where);
    const list = ExportListSchema.parse((await harness.call('GET /v1/exports', { dealerId: 'a3' })).body);
    expect(list.items).toEqual([]);
  });

  it('answers 502 when the platform is down or refuses our credentials, without internals', async () => {
    harness.mobileDe.control.setFaults({ share503: 1 });
    const down = await activate('a4', 'mobile-de-api', { sellerId: '1000001' });
    expect(down.status).toBe(502);
    expect(problemOf(down)).toMatchObject({
      code: 'PLATFORM_UNAVAILABLE',
      detail: 'mobile.de is unavailable (HTTP 503). Try again later.',
    });

    harness.autoScout24.control.addUser({ user: PROVIDER.user, password: 'rotated-elsewhere' });
    const refused = await activate('a4', 'autoscout24-api', { customerId: '2000001' });
    expect(refused.status).toBe(502);
    expect(problemOf(refused).detail).toBe('AutoScout24 refused our data provider access (HTTP 401).');
    expect(refused.text).not.toContain(PROVIDER.password);
    expect(refused.text).not.toMatch(/at .*\.ts/);
  });

  it('refuses a second activation of an app with 409, asking no platform; another dealer is free', async () => {
    expect((await activate('a5', 'mobile-de-api', { sellerId: '1000001' })).status).toBe(201);
    const calls = platformCalls();

    const again = await activate('a5', 'mobile-de-api', { sellerId: '1000001' });
    expect(again.status).toBe(409);
    expect(problemOf(again).code).toBe('ALREADY_ACTIVE');
    expect(platformCalls()).toBe(calls);
    expect((await activate('a5-other', 'mobile-de-api', { sellerId: '1000001' })).status).toBe(201);
  });

  it('answers 422 with paths under settings, before any platform call', async () => {
    const invalid = await activate('a6', 'mobile-de-api', { sellerId: '12ab', lock: { minShare: 3 } });
    expect(invalid.status).toBe(422);
    expect(problemOf(invalid)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(
      problemOf(invalid)
        .errors?.map((issue) => issue.path)
        .sort(),
    ).toEqual(['settings.lock.minShare', 'settings.sellerId']);
    const missing = await harness.call('POST /v1/apps/{appId}/activation', {
      dealerId: 'a6',
      appId: 'mobile-de-api',
      body: {},
    });
    expect(problemOf(missing).errors).toEqual([expect.objectContaining({ path: 'settings' })]);
    expect(platformCalls()).toBe(0);
  });

  it('answers 404 for an unknown app and for another dealer’s custom app', async () => {
    expect(problemOf(await activate('a7', 'no-such-app', {})).code).toBe('NOT_FOUND');

    const definition = StoredCustomAppDefinitionSchema.parse({
      name: 'Agency feed',
      summary: 'Whole stock as CSV',
      format: { type: 'csv' },
      fields: [{ target: 'Stock no', source: { field: 'internalNumber' } }],
      delivery: {
        type: 'ftp',
        host: 'ftp.agency.example',
        port: 21,
        username: 'u',
        password: 'sealed',
        path: '/s.csv',
      },
      schedule: { times: ['05:30'] },
    });
    const at = '2026-11-27T09:00:00.000Z';
    await new DynamoCustomAppStore(harness.dynamo.documents, tables.exports.name).createCustomApp({
      appId: 'app_agency',
      dealerId: 'a7-owner',
      definition,
      createdAt: at,
      updatedAt: at,
    });

    expect((await activate('a7', 'app_agency', {})).status).toBe(404);
    const own = await activate('a7-owner', 'app_agency', {});
    expect(own.status).toBe(201);
    expect(exportOf(own)).toMatchObject({ appId: 'app_agency', settings: {} });
  });
});

describe('exports over HTTP', () => {
  it('seals secrets at rest, masks them in every answer and keeps them on "********"', async () => {
    const created = await activate('b1', 'mobile-de-csv', csvSettings());
    const { exportId } = exportOf(created);
    const sealer = new AesGcmSealer(readKeyFile(process.env.DEALER_SECRETS_KEY_FILE!));
    const storedPassword = async () =>
      ((await storedItem('b1', exportId)).settings as { delivery: { password: string } }).delivery.password;

    expect(await storedPassword()).not.toBe('ftp-Secret-1');
    expect(await sealer.open(await storedPassword())).toBe('ftp-Secret-1');

    const masked = csvSettings();
    masked.delivery.password = SECRET_MASK;
    masked.delivery.host = 'new.mobile.example';
    const updated = await harness.call('PUT /v1/exports/{exportId}/settings', {
      dealerId: 'b1',
      exportId,
      body: { settings: masked },
    });
    expect(updated.status).toBe(200);
    expect(exportOf(updated).settings).toMatchObject({
      delivery: { host: 'new.mobile.example', password: SECRET_MASK },
    });
    expect(await sealer.open(await storedPassword())).toBe('ftp-Secret-1');

    const answers = [
      created,
      updated,
      await harness.call('GET /v1/exports/{exportId}', { dealerId: 'b1', exportId }),
      await harness.call('GET /v1/exports', { dealerId: 'b1' }),
      await harness.call('DELETE /v1/exports/{exportId}', { dealerId: 'b1', exportId }),
    ];
    for (const answer of answers) {
      expect(answer.text).toContain(SECRET_MASK);
      expect(answer.text).not.toContain('ftp-Secret-1');
      expect(answer.text).not.toContain(await storedPassword());
    }
  });

  it('verifies a changed seller id with mobile.de; an unchanged one is not asked again', async () => {
    const { exportId } = exportOf(await activate('b2', 'mobile-de-api', { sellerId: '1000001' }));
    harness.mobileDe.control.reset();
    const put = (settings: unknown) =>
      harness.call('PUT /v1/exports/{exportId}/settings', { dealerId: 'b2', exportId, body: { settings } });

    expect((await put({ sellerId: '1000001', descriptionFooter: 'Finanzierung möglich' })).status).toBe(200);
    expect(harness.mobileDe.control.requests()).toEqual([]);

    const refused = await put({ sellerId: '1000002' });
    expect(refused.status).toBe(424);
    expect(
      exportOf(await harness.call('GET /v1/exports/{exportId}', { dealerId: 'b2', exportId })).settings,
    ).toMatchObject({
      sellerId: '1000001',
      descriptionFooter: 'Finanzierung möglich',
    });

    harness.mobileDe.control.linkSeller({ mobileSellerId: '1000002' });
    expect(exportOf(await put({ sellerId: '1000002' })).settings).toMatchObject({ sellerId: '1000002' });
    expect(problemOf(await put({ sellerId: 'x' })).errors).toEqual([
      expect.objectContaining({ path: 'settings.sellerId' }),
    ]);
  });

  it('deactivates with 202, records removeListings, frees the app and stays idempotent', async () => {
    const first = exportOf(await activate('b3', 'mobile-de-api', { sellerId: '1000001' }));
    const deleted = await harness.call('DELETE /v1/exports/{exportId}', {
      dealerId: 'b3',
      exportId: first.exportId,
      query: { removeListings: 'true' },
    });
    expect(deleted.status).toBe(202);
    expect(exportOf(deleted).status).toBe('inactive');
    expect(await storedItem('b3', first.exportId)).toMatchObject({
      removeListings: true,
      status: 'inactive',
    });

    const again = await harness.call('DELETE /v1/exports/{exportId}', {
      dealerId: 'b3',
      exportId: first.exportId,
    });
    expect(again.status).toBe(202);
    expect(await storedItem('b3', first.exportId)).toMatchObject({ removeListings: true });

    const inactivePut = await harness.call('PUT /v1/exports/{exportId}/settings', {
      dealerId: 'b3',
      exportId: first.exportId,
      body: { settings: { sellerId: '1000001' } },
    });
    expect(inactivePut.status).toBe(409);
    expect(problemOf(inactivePut).code).toBe('EXPORT_INACTIVE');

    const second = exportOf(await activate('b3', 'mobile-de-api', { sellerId: '1000001' }));
    const list = ExportListSchema.parse((await harness.call('GET /v1/exports', { dealerId: 'b3' })).body);
    expect(list.items.map((exp) => [exp.exportId, exp.status])).toEqual([
      [second.exportId, 'matching'],
      [first.exportId, 'inactive'],
    ]);

    const badFlag = await harness.call('DELETE /v1/exports/{exportId}', {
      dealerId: 'b3',
      exportId: second.exportId,
      query: { removeListings: 'yes' },
    });
    expect(badFlag.status).toBe(422);
    expect(problemOf(badFlag).errors).toEqual([expect.objectContaining({ path: 'query.removeListings' })]);
  });

  it('pages the list with opaque cursors that only work for their dealer', async () => {
    for (const appId of ['mobile-de-api', 'autoscout24-api', 'mobile-de-csv']) {
      const settings =
        appId === 'mobile-de-csv'
          ? csvSettings()
          : appId === 'mobile-de-api'
            ? { sellerId: '1000001' }
            : { customerId: '2000001' };
      expect((await activate('b4', appId, settings)).status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const answer = await harness.call('GET /v1/exports', {
        dealerId: 'b4',
        query: { limit: '2', ...(cursor ? { cursor } : {}) },
      });
      const page = ExportListSchema.parse(answer.body);
      seen.push(...page.items.map((exp) => exp.appId));
      cursor = page.nextCursor;
      if (cursor) {
        const foreign = await harness.call('GET /v1/exports', { dealerId: 'b4-other', query: { cursor } });
        expect(problemOf(foreign).code).toBe('INVALID_CURSOR');
      }
    } while (cursor);
    expect(seen).toEqual(['mobile-de-csv', 'autoscout24-api', 'mobile-de-api']);
    expect((await harness.call('GET /v1/exports', { dealerId: 'b4', query: { limit: '0' } })).status).toBe(
      422,
    );
  });

  it('keeps every route to the caller’s own exports: 404 for another dealer, never 403', async () => {
    const { exportId } = exportOf(await activate('owner', 'mobile-de-csv', csvSettings()));
    const intruder = { dealerId: 'intruder', exportId };
    const probes = [
      await harness.call('GET /v1/exports/{exportId}', intruder),
      await harness.call('PUT /v1/exports/{exportId}/settings', {
        ...intruder,
        body: { settings: csvSettings() },
      }),
      await harness.call('DELETE /v1/exports/{exportId}', intruder),
    ];
    for (const answer of probes) {
      expect(answer.status).toBe(404);
      expect(problemOf(answer).code).toBe('NOT_FOUND');
    }
    expect(
      ExportListSchema.parse((await harness.call('GET /v1/exports', { dealerId: 'intruder' })).body).items,
    ).toEqual([]);
    // The intruder's own activation of the same app is not blocked by the owner's.
    expect((await activate('intruder', 'mobile-de-csv', csvSettings())).status).toBe(201);
    expect((await storedItem('owner', exportId)).status).toBe('active');
  });

  it('answers requests without a tenant, with bad JSON or the wrong media type as problems', async () => {
    const noTenant = await harness.call('GET /v1/exports', { dealerId: '' });
    expect(noTenant.status).toBe(401);
    const malformed = await harness.call('POST /v1/apps/{appId}/activation', {
      appId: 'mobile-de-api',
      rawBody: '{"settings":',
    });
    expect(problemOf(malformed).code).toBe('MALFORMED_JSON');
    const wrongType = await harness.call('POST /v1/apps/{appId}/activation', {
      appId: 'mobile-de-api',
      rawBody: 'settings=1',
      contentType: 'text/plain',
    });
    expect(wrongType.status).toBe(415);
  });
});
