/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- response bodies are read freely; the assertions check their shape */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../infra/topology';
import { exportItem } from '../../shared/adapters/dynamodb/exports-table';
import type { Export } from '../../shared/domain/export';
import { anExport } from '../support/fakes';
import { startStockHarness, type StockHarness, type StockRequest } from './stock-harness';

/** The vehicle routes through the real handler, against DynamoDB Local. */
describe('vehicle routes', () => {
  let harness: StockHarness;
  beforeAll(async () => {
    harness = await startStockHarness();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const call = (request: StockRequest) => harness.call(request);
  const input = (internalNumber: string, overrides: Record<string, unknown> = {}) => ({
    internalNumber,
    condition: 'used',
    category: 'estate',
    make: 'Audi',
    model: 'A4',
    firstRegistration: '2019-03',
    mileageKm: 45000,
    fuel: 'petrol',
    gearbox: 'automatic',
    price: { gross: '24990.00', currency: 'EUR', vatRate: '19.00' },
    ...overrides,
  });
  const create = async (
    dealerId: string,
    internalNumber: string,
    overrides: Record<string, unknown> = {},
  ) => {
    const response = await call({
      routeKey: 'POST /v1/vehicles',
      dealerId,
      body: input(internalNumber, overrides),
    });
    expect(response.status).toBe(201);
    return response.body as { vehicleId: string; version: number; releases: Record<string, boolean> };
  };
  const stockItem = async (dealerId: string, sk: string) =>
    (
      await harness.dynamo.documents.send(
        new GetCommand({ TableName: tables.stock.name, Key: { pk: `DEALER#${dealerId}`, sk } }),
      )
    ).Item;
  const putExport = (exp: Export) =>
    harness.dynamo.documents.send(new PutCommand({ TableName: tables.exports.name, Item: exportItem(exp) }));

  it('creates a vehicle with its id, version 1, no releases and timestamps, and guards its number', async () => {
    const response = await call({ routeKey: 'POST /v1/vehicles', dealerId: 'd1', body: input('STK-1') });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ ...input('STK-1'), version: 1, releases: {} });
    expect(response.body.vehicleId).toMatch(/^veh_[0-9A-Z]{26}$/);
    expect(response.body.createdAt).toBe(response.body.updatedAt);
    expect(await stockItem('d1', 'INTERNAL#STK-1')).toMatchObject({ vehicleId: response.body.vehicleId });
    const read = await call({
      routeKey: 'GET /v1/vehicles/{vehicleId}',
      dealerId: 'd1',
      vehicleId: response.body.vehicleId,
    });
    expect(read).toMatchObject({ status: 200, body: response.body });
  });

  it('refuses a second vehicle with the same internal number (409), but not for another dealer', async () => {
    await create('d1', 'STK-DUP');

    const again = await call({
      routeKey: 'POST /v1/vehicles',
      dealerId: 'd1',
      body: input('STK-DUP', { make: 'BMW' }),
    });

    expect(again.status).toBe(409);
    expect(again.contentType).toBe('application/problem+json');
    expect(again.body).toMatchObject({ status: 409, code: 'DUPLICATE_INTERNAL_NUMBER' });
    await create('d2', 'STK-DUP');
  });

  it('lets exactly one of two concurrent creates of one number win', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => call({ routeKey: 'POST /v1/vehicles', dealerId: 'd1', body: input('STK-RACE') })),
    );
    expect(results.map((result) => result.status).sort()).toEqual([201, 409, 409]);
  });

  it.each([
    ['a missing price', { price: undefined }, 'price'],
    ['a used vehicle without mileage', { mileageKm: undefined }, 'mileageKm'],
    ['a bad money string', { price: { gross: '24.990,00', currency: 'EUR' } }, 'price.gross'],
    ['an unknown fuel', { fuel: 'steam' }, 'fuel'],
    ['a bad internal number', { internalNumber: 'STK 1' }, 'internalNumber'],
  ])('answers 422 VALIDATION_FAILED for %s, naming the field', async (_, overrides, path) => {
    const response = await call({
      routeKey: 'POST /v1/vehicles',
      dealerId: 'd1',
      body: input('STK-BAD', overrides),
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('answers malformed JSON with 400, another media type with 415 and a token without dealer with 401', async () => {
    const malformed = await call({
      routeKey: 'POST /v1/vehicles',
      dealerId: 'd1',
      body: '{"internalNumber":',
    });
    const csv = await call({
      routeKey: 'POST /v1/vehicles',
      dealerId: 'd1',
      body: 'a;b',
      contentType: 'text/csv',
    });
    const anonymous = await call({ routeKey: 'GET /v1/vehicles' });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'MALFORMED_JSON']);
    expect([csv.status, csv.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHORIZED']);
  });

  it('lists the dealer’s vehicles page by page with an opaque cursor', async () => {
    const created = new Set<string>();
    for (const n of [1, 2, 3, 4, 5]) created.add((await create('d-list', `L-${n}`)).vehicleId);
    await create('d-other', 'L-9');

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await call({
        routeKey: 'GET /v1/vehicles',
        dealerId: 'd-list',
        query: { limit: '2', ...(cursor ? { cursor } : {}) },
      });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...(page.body.items as { vehicleId: string }[]).map((vehicle) => vehicle.vehicleId));
      cursor = page.body.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);

    expect(new Set(seen)).toEqual(created);
    expect(seen).toHaveLength(5);
  });

  it('refuses bad paging: limit out of range, a forged cursor, another dealer’s cursor', async () => {
    const first = await call({ routeKey: 'GET /v1/vehicles', dealerId: 'd-list', query: { limit: '1' } });
    const cases: { dealerId: string; query: Record<string, string>; code: string }[] = [
      { dealerId: 'd-list', query: { limit: '0' }, code: 'VALIDATION_FAILED' },
      { dealerId: 'd-list', query: { limit: '201' }, code: 'VALIDATION_FAILED' },
      { dealerId: 'd-list', query: { cursor: 'not-a-cursor' }, code: 'INVALID_CURSOR' },
      { dealerId: 'd-other', query: { cursor: first.body.nextCursor as string }, code: 'INVALID_CURSOR' },
    ];
    for (const { dealerId, query, code } of cases) {
      const response = await call({ routeKey: 'GET /v1/vehicles', dealerId, query });
      expect([response.status, response.body.code], JSON.stringify(query)).toEqual([422, code]);
    }
  });

  it('replaces a vehicle: version + 1, releases and createdAt kept, the guard moved on a new number', async () => {
    const vehicle = await create('d1', 'STK-OLD');
    const replaced = await call({
      routeKey: 'PUT /v1/vehicles/{vehicleId}',
      dealerId: 'd1',
      vehicleId: vehicle.vehicleId,
      body: input('STK-NEW', { mileageKm: 46000 }),
    });

    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      vehicleId: vehicle.vehicleId,
      version: 2,
      mileageKm: 46000,
      releases: {},
    });
    expect(await stockItem('d1', 'INTERNAL#STK-OLD')).toBeUndefined();
    expect(await stockItem('d1', 'INTERNAL#STK-NEW')).toMatchObject({ vehicleId: vehicle.vehicleId });
    await create('d1', 'STK-OLD');
  });

  it('refuses renaming to a number in use (409) and changes nothing', async () => {
    const first = await create('d1', 'STK-A');
    await create('d1', 'STK-B');

    const response = await call({
      routeKey: 'PUT /v1/vehicles/{vehicleId}',
      dealerId: 'd1',
      vehicleId: first.vehicleId,
      body: input('STK-B'),
    });

    expect([response.status, response.body.code]).toEqual([409, 'DUPLICATE_INTERNAL_NUMBER']);
    const read = await call({
      routeKey: 'GET /v1/vehicles/{vehicleId}',
      dealerId: 'd1',
      vehicleId: first.vehicleId,
    });
    expect(read.body).toMatchObject({ internalNumber: 'STK-A', version: 1 });
  });

  it('retries a replace that raced another: both land, one after the other', async () => {
    const vehicle = await create('d1', 'STK-CONC');
    const puts = await Promise.all(
      [1, 2, 3].map((n) =>
        call({
          routeKey: 'PUT /v1/vehicles/{vehicleId}',
          dealerId: 'd1',
          vehicleId: vehicle.vehicleId,
          body: input('STK-CONC', { mileageKm: 50000 + n }),
        }),
      ),
    );
    expect(puts.map((put) => put.status)).toEqual([200, 200, 200]);
    const read = await call({
      routeKey: 'GET /v1/vehicles/{vehicleId}',
      dealerId: 'd1',
      vehicleId: vehicle.vehicleId,
    });
    expect(read.body.version).toBe(4);
  });

  it('deletes a vehicle (204) with its guard; the number is free again; a second delete is 404', async () => {
    const vehicle = await create('d1', 'STK-DEL');
    const route = { dealerId: 'd1', vehicleId: vehicle.vehicleId };

    const deleted = await call({ routeKey: 'DELETE /v1/vehicles/{vehicleId}', ...route });

    expect(deleted).toMatchObject({ status: 204, body: undefined });
    expect((await call({ routeKey: 'GET /v1/vehicles/{vehicleId}', ...route })).status).toBe(404);
    expect(await stockItem('d1', 'INTERNAL#STK-DEL')).toBeUndefined();
    expect((await call({ routeKey: 'DELETE /v1/vehicles/{vehicleId}', ...route })).body.code).toBe(
      'NOT_FOUND',
    );
    await create('d1', 'STK-DEL');
  });

  describe('releases', () => {
    beforeAll(async () => {
      await putExport(anExport({ exportId: 'exp_r1', dealerId: 'd-rel', status: 'active' }));
      await putExport(anExport({ exportId: 'exp_r2', dealerId: 'd-rel', status: 'matching' }));
      await putExport(anExport({ exportId: 'exp_r3', dealerId: 'd-rel', status: 'inactive' }));
      await putExport(anExport({ exportId: 'exp_r4', dealerId: 'd-rel', status: 'locked' }));
      await putExport(anExport({ exportId: 'exp_other', dealerId: 'd-someone-else' }));
    });

    it('sets only the named exports, version + 1', async () => {
      const vehicle = await create('d-rel', 'REL-1');
      const route = {
        routeKey: 'PUT /v1/vehicles/{vehicleId}/releases',
        dealerId: 'd-rel',
        vehicleId: vehicle.vehicleId,
      };

      const first = await call({ ...route, body: { exp_r1: true, exp_r3: true } });
      const second = await call({ ...route, body: { exp_r3: false } });

      expect(first.body).toMatchObject({ version: 2, releases: { exp_r1: true, exp_r3: true } });
      expect(second).toMatchObject({
        status: 200,
        body: { version: 3, releases: { exp_r1: true, exp_r3: false } },
      });
    });

    it.each([
      ['an export of another dealer', { exp_other: true }, 'UNKNOWN_EXPORT'],
      ['an unknown export', { exp_nope: false }, 'UNKNOWN_EXPORT'],
      ['a flag that is no boolean', { exp_r1: 'yes' }, 'VALIDATION_FAILED'],
      ['no export at all', {}, 'VALIDATION_FAILED'],
      ['an array', [true], 'VALIDATION_FAILED'],
    ])('refuses %s with 422', async (_, body, code) => {
      const vehicle = await create('d-rel', `REL-${code}-${Math.random().toString(36).slice(2, 8)}`);
      const response = await call({
        routeKey: 'PUT /v1/vehicles/{vehicleId}/releases',
        dealerId: 'd-rel',
        vehicleId: vehicle.vehicleId,
        body,
      });
      expect([response.status, response.body.code]).toEqual([422, code]);
    });

    it('auto-releases new vehicles to active, matching and locked exports when the dealer says so', async () => {
      const settings = (overrides: Record<string, unknown>) => ({
        autoRelease: true,
        releaseDelayDays: 0,
        images: { maxImages: 30, publishOnlyOptimized: false },
        lockRecipients: [],
        ...overrides,
      });
      await call({ routeKey: 'PUT /v1/settings', dealerId: 'd-rel', body: settings({}) });
      expect((await create('d-rel', 'AUTO-1')).releases).toEqual({
        exp_r1: true,
        exp_r2: true,
        exp_r4: true,
      });

      // A delay is not applied yet: such vehicles start unreleased (see vehicle-releases.ts).
      await call({
        routeKey: 'PUT /v1/settings',
        dealerId: 'd-rel',
        body: settings({ releaseDelayDays: 3 }),
      });
      expect((await create('d-rel', 'AUTO-2')).releases).toEqual({});
      await call({ routeKey: 'PUT /v1/settings', dealerId: 'd-rel', body: settings({ autoRelease: false }) });
      expect((await create('d-rel', 'AUTO-3')).releases).toEqual({});
    });
  });

  it('answers 409 IMPORT_RUNNING to every write while an import holds the lease, and not after it expired', async () => {
    const vehicle = await create('d-lease', 'LEASE-1');
    const lease = (expiresAt: number) =>
      harness.dynamo.documents.send(
        new PutCommand({
          TableName: tables.stock.name,
          Item: { pk: 'DEALER#d-lease', sk: 'IMPORT_LEASE', holder: 'someone', expiresAt },
        }),
      );
    await lease(Date.now() + 60_000);
    const route = { dealerId: 'd-lease', vehicleId: vehicle.vehicleId };
    const writes: StockRequest[] = [
      { routeKey: 'POST /v1/vehicles', dealerId: 'd-lease', body: input('LEASE-2') },
      { routeKey: 'PUT /v1/vehicles/{vehicleId}', ...route, body: input('LEASE-1', { mileageKm: 1 }) },
      { routeKey: 'PUT /v1/vehicles/{vehicleId}/releases', ...route, body: { exp_x: true } },
      { routeKey: 'DELETE /v1/vehicles/{vehicleId}', ...route },
    ];
    await putExport(anExport({ exportId: 'exp_x', dealerId: 'd-lease' }));

    for (const write of writes) {
      const response = await call(write);
      expect([response.status, response.body.code], write.routeKey).toEqual([409, 'IMPORT_RUNNING']);
    }
    await lease(Date.now() - 1);
    expect((await call(writes[1]!)).status).toBe(200);
  });

  it('never shows or changes another dealer’s vehicle: 404 on every route', async () => {
    const vehicle = await create('d1', 'STK-TENANT');
    const route = { dealerId: 'd2', vehicleId: vehicle.vehicleId };
    await putExport(anExport({ exportId: 'exp_d2', dealerId: 'd2' }));

    const probes: StockRequest[] = [
      { routeKey: 'GET /v1/vehicles/{vehicleId}', ...route },
      { routeKey: 'PUT /v1/vehicles/{vehicleId}', ...route, body: input('STK-TENANT') },
      { routeKey: 'DELETE /v1/vehicles/{vehicleId}', ...route },
      { routeKey: 'PUT /v1/vehicles/{vehicleId}/releases', ...route, body: { exp_d2: true } },
      { routeKey: 'PUT /v1/vehicles/{vehicleId}/releases', ...route, body: { exp_r1: true } },
    ];
    for (const probe of probes) {
      const response = await call(probe);
      expect([response.status, response.body.code], probe.routeKey).toEqual([404, 'NOT_FOUND']);
    }
    const list = await call({ routeKey: 'GET /v1/vehicles', dealerId: 'd2', query: { limit: '200' } });
    expect((list.body.items as { vehicleId: string }[]).map((item) => item.vehicleId)).not.toContain(
      vehicle.vehicleId,
    );
    const mine = await call({
      routeKey: 'GET /v1/vehicles/{vehicleId}',
      dealerId: 'd1',
      vehicleId: vehicle.vehicleId,
    });
    expect(mine.body).toMatchObject({ version: 1, internalNumber: 'STK-TENANT' });
  });
});
