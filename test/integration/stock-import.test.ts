/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are read freely; the assertions check their shape */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../infra/topology';
import { vehicleItem } from '../../shared/adapters/dynamodb/stock-table';
import { aVehicle } from '../support/fakes';
import { startStockHarness, type StockHarness } from './stock-harness';

const fixtures = join(import.meta.dirname, '../fixtures/import');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const expected = (name: string) => JSON.parse(fixture(`${name}.expected.json`)) as unknown;

interface StoredVehicle {
  vehicleId: string;
  internalNumber: string;
  version: number;
  updatedAt: string;
  [field: string]: unknown;
}

/** `POST /v1/vehicles/import` through the real handler, against DynamoDB Local, with golden files. */
describe('stock import route', () => {
  let harness: StockHarness;
  beforeAll(async () => {
    harness = await startStockHarness();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const importFile = (dealerId: string, name: string, mode?: 'upsert' | 'replace') =>
    harness.call({
      routeKey: 'POST /v1/vehicles/import',
      dealerId,
      body: fixture(name),
      contentType: name.endsWith('.json') ? 'application/json' : 'text/csv; charset=utf-8',
      ...(mode ? { query: { mode } } : {}),
    });
  const partition = async (dealerId: string) => {
    const { Items } = await harness.dynamo.documents.send(
      new QueryCommand({
        TableName: tables.stock.name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `DEALER#${dealerId}` },
      }),
    );
    return Items ?? [];
  };
  const stock = async (dealerId: string) =>
    new Map(
      (await partition(dealerId))
        .filter((item) => String(item.sk).startsWith('VEHICLE#'))
        .map((item) => [item.internalNumber as string, item as StoredVehicle]),
    );
  const guards = async (dealerId: string) =>
    Object.fromEntries(
      (await partition(dealerId))
        .filter((item) => String(item.sk).startsWith('INTERNAL#'))
        .map((item) => [String(item.sk).slice('INTERNAL#'.length), item.vehicleId as string]),
    );
  const guardsOf = (vehicles: Map<string, StoredVehicle>) =>
    Object.fromEntries([...vehicles.values()].map((vehicle) => [vehicle.internalNumber, vehicle.vehicleId]));

  it.each([
    ['good-semicolon.csv', 'a `;` CSV with BOM and CRLF'],
    ['quoted-comma.csv', 'a `,` CSV with doubled quotes, umlauts and a quoted line break'],
    ['bad-lines.csv', 'a CSV with bad lines among good ones'],
    ['vehicles.json', 'a JSON array with one bad element'],
  ])('imports %s (%s) as the golden result says, with a guard per vehicle', async (name) => {
    const dealerId = `d-${name}`;
    const response = await importFile(dealerId, name);

    expect(response.status).toBe(200);
    expect(response.body).toEqual(expected(name));
    const vehicles = await stock(dealerId);
    expect(vehicles.size).toBe(response.body.created);
    expect(await guards(dealerId)).toEqual(guardsOf(vehicles));
  });

  it('keeps what the CSV says: nested, list and quoted fields, umlauts, absent cells', async () => {
    const semicolon = await stock('d-good-semicolon.csv');
    expect(semicolon.get('STK-4711')).toMatchObject({
      price: { gross: '24990.00', currency: 'EUR', vatRate: '19.00' },
      damageUnrepaired: false,
      mileageKm: 45000,
      description: 'Scheckheftgepflegt, Nichtraucher',
      equipment: ['navigation', 'alloy-wheels'],
      images: [
        { url: 'https://cdn.dealer.example/stk-4711/1.jpg' },
        { url: 'https://cdn.dealer.example/stk-4711/2.jpg' },
      ],
      version: 1,
      releases: {},
    });
    expect(semicolon.get('STK-4712')).not.toHaveProperty('vin');
    const comma = await stock('d-quoted-comma.csv');
    expect(comma.get('Q-1')?.description).toBe('Garagenfahrzeug, "unfallfrei", Türen: 4');
    expect(comma.get('Q-2')).toMatchObject({
      make: 'Škoda',
      description: 'Zwei Zeilen:\nZahnriemen neu, Öl gewechselt',
      price: { gross: '12490.00', currency: 'EUR' },
    });
  });

  it('replaces a stock: creates, updates, deletes and leaves unchanged vehicles unwritten', async () => {
    expect((await importFile('d-replace', 'replace-before.csv', 'replace')).body).toMatchObject({
      created: 4,
    });
    const before = await stock('d-replace');
    harness.writes.reset();

    const response = await importFile('d-replace', 'replace-after.csv', 'replace');

    expect(response.body).toEqual(expected('replace-after.csv'));
    const after = await stock('d-replace');
    expect([...after.keys()].sort()).toEqual(['R-1', 'R-2', 'R-4', 'R-5']);
    expect(after.get('R-2')).toMatchObject({ version: 2, price: { gross: '12990.00' } });
    expect(after.get('R-2')?.createdAt).toBe(before.get('R-2')?.createdAt);
    for (const unchanged of ['R-1', 'R-4']) {
      expect(after.get(unchanged)).toEqual(before.get(unchanged));
      expect(harness.writes.keys).not.toContain(
        `DEALER#d-replace|VEHICLE#${before.get(unchanged)!.vehicleId}`,
      );
    }
    // Exactly: R-2 updated; R-3 and its guard deleted; R-5 and its guard created; the lease.
    const vehicleWrites = harness.writes.keys.filter((key) => !key.endsWith('|IMPORT_LEASE'));
    expect(vehicleWrites.sort()).toEqual(
      [
        `DEALER#d-replace|VEHICLE#${before.get('R-2')!.vehicleId}`,
        `DEALER#d-replace|VEHICLE#${before.get('R-3')!.vehicleId}`,
        'DEALER#d-replace|INTERNAL#R-3',
        `DEALER#d-replace|VEHICLE#${after.get('R-5')!.vehicleId}`,
        'DEALER#d-replace|INTERNAL#R-5',
      ].sort(),
    );
    expect(await guards('d-replace')).toEqual(guardsOf(after));
  });

  it('writes nothing at all when the same file comes again', async () => {
    await importFile('d-again', 'good-semicolon.csv', 'replace');
    const before = await stock('d-again');
    harness.writes.reset();

    const response = await importFile('d-again', 'good-semicolon.csv', 'replace');

    expect(response.body).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 3 });
    expect(await stock('d-again')).toEqual(before);
    expect(harness.writes.keys.filter((key) => !key.endsWith('|IMPORT_LEASE'))).toEqual([]);
  });

  it('upserts without deleting what the file lacks', async () => {
    await importFile('d-upsert', 'replace-before.csv');
    const response = await importFile('d-upsert', 'replace-after.csv', 'upsert');
    expect(response.body).toMatchObject({ created: 1, updated: 1, deleted: 0, unchanged: 2 });
    expect((await stock('d-upsert')).size).toBe(5);
  });

  it('refuses a replace without one valid line (422 IMPORT_EMPTY) and keeps the stock', async () => {
    await importFile('d-empty', 'replace-before.csv', 'replace');
    const header = fixture('replace-before.csv').split('\n')[0]!;
    for (const body of ['', header, `${header}\nR-1;new;rocket;Fiat;500;petrol;manual;15990.00;EUR;19.00`]) {
      const response = await harness.call({
        routeKey: 'POST /v1/vehicles/import',
        dealerId: 'd-empty',
        body,
        contentType: 'text/csv',
        query: { mode: 'replace' },
      });
      expect([response.status, response.body.code], JSON.stringify(body)).toEqual([422, 'IMPORT_EMPTY']);
    }
    expect((await stock('d-empty')).size).toBe(4);
    const json = await harness.call({
      routeKey: 'POST /v1/vehicles/import',
      dealerId: 'd-empty',
      body: [],
      query: { mode: 'replace' },
    });
    expect(json.body.code).toBe('IMPORT_EMPTY');
  });

  it('keeps a vehicle in replace mode when its line is bad: a deletion would cost a new listing', async () => {
    await importFile('d-keep', 'replace-before.csv', 'replace');
    const header = fixture('replace-before.csv').split('\n')[0]!;
    const response = await harness.call({
      routeKey: 'POST /v1/vehicles/import',
      dealerId: 'd-keep',
      body: [
        header,
        'R-1;new;small;Fiat;500;petrol;manual;15990.00;EUR;19.00',
        'R-2;new;small;Fiat;Panda;petrol;manual;oops;EUR;19.00',
      ].join('\n'),
      contentType: 'text/csv',
      query: { mode: 'replace' },
    });
    expect(response.body).toMatchObject({ deleted: 2, unchanged: 1, errors: [{ line: 3 }] });
    expect([...(await stock('d-keep')).keys()].sort()).toEqual(['R-1', 'R-2']);
  });

  it.each([
    ['an unknown column', 'internalNumber;colour\nX;red', 'header.colour'],
    ['a repeated column', 'internalNumber;make;make', 'header.make'],
    ['a missing required column', 'internalNumber;make', 'header.price.gross'],
  ])('refuses a header with %s (422 IMPORT_INVALID_HEADER)', async (_, body, path) => {
    const response = await harness.call({
      routeKey: 'POST /v1/vehicles/import',
      dealerId: 'd-h',
      body,
      contentType: 'text/csv',
    });
    expect([response.status, response.body.code]).toEqual([422, 'IMPORT_INVALID_HEADER']);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('refuses a JSON body that is no array, an unknown mode, other media types and bodies over 10 MiB', async () => {
    const call = (body: string, contentType: string, query?: Record<string, string>) =>
      harness.call({
        routeKey: 'POST /v1/vehicles/import',
        dealerId: 'd-x',
        body,
        contentType,
        ...(query ? { query } : {}),
      });
    const huge = `internalNumber\n${'X'.repeat(10 * 1024 * 1024)}`;
    expect((await call('{"internalNumber":"A"}', 'application/json')).body.code).toBe('VALIDATION_FAILED');
    expect((await call('[]', 'application/json', { mode: 'merge' })).body.code).toBe('VALIDATION_FAILED');
    expect((await call('<vehicles/>', 'application/xml')).status).toBe(415);
    expect((await call(huge, 'text/csv')).status).toBe(413);
  });

  it('repairs guards that do not match the vehicles (an import that died half-way, old data)', async () => {
    const orphanless = aVehicle({ vehicleId: 'veh_noguard', internalNumber: 'G-1' });
    await harness.dynamo.documents.send(
      new PutCommand({ TableName: tables.stock.name, Item: vehicleItem('d-guard', orphanless) }),
    );
    await harness.dynamo.documents.send(
      new PutCommand({
        TableName: tables.stock.name,
        Item: { pk: 'DEALER#d-guard', sk: 'INTERNAL#G-9', vehicleId: 'veh_gone' },
      }),
    );

    await harness.call({
      routeKey: 'POST /v1/vehicles/import',
      dealerId: 'd-guard',
      body: [],
      contentType: 'application/json',
    });

    expect(await guards('d-guard')).toEqual({ 'G-1': 'veh_noguard' });
  });

  it('refuses a second import while one runs, and gives the lease back after a failed one', async () => {
    await harness.dynamo.documents.send(
      new PutCommand({
        TableName: tables.stock.name,
        Item: { pk: 'DEALER#d-busy', sk: 'IMPORT_LEASE', holder: 'other', expiresAt: Date.now() + 60_000 },
      }),
    );
    const busy = await importFile('d-busy', 'good-semicolon.csv');
    expect([busy.status, busy.body.code]).toEqual([409, 'IMPORT_RUNNING']);

    expect(
      (
        await harness.call({
          routeKey: 'POST /v1/vehicles/import',
          dealerId: 'd-fail',
          body: '',
          contentType: 'text/csv',
          query: { mode: 'replace' },
        })
      ).status,
    ).toBe(422);
    const { Item } = await harness.dynamo.documents.send(
      new GetCommand({ TableName: tables.stock.name, Key: { pk: 'DEALER#d-fail', sk: 'IMPORT_LEASE' } }),
    );
    expect(Item).toBeUndefined();
    expect((await importFile('d-fail', 'good-semicolon.csv')).status).toBe(200);
  });

  it('imports into the caller’s stock only', async () => {
    await importFile('d-tenant-a', 'replace-before.csv', 'replace');
    await importFile('d-tenant-b', 'good-semicolon.csv', 'replace');
    expect([...(await stock('d-tenant-a')).keys()].sort()).toEqual(['R-1', 'R-2', 'R-3', 'R-4']);
  });

  it('releases imported new vehicles per the dealer’s auto-release', async () => {
    await harness.dynamo.documents.send(
      new PutCommand({
        TableName: tables.exports.name,
        Item: {
          pk: 'DEALER#d-auto',
          sk: 'EXPORT#exp_i',
          exportId: 'exp_i',
          dealerId: 'd-auto',
          appId: 'mobile-de-api',
          transport: 'api',
          status: 'active',
          settings: {},
          createdAt: '2026-11-20T08:00:00.000Z',
        },
      }),
    );
    await harness.call({
      routeKey: 'PUT /v1/settings',
      dealerId: 'd-auto',
      body: {
        autoRelease: true,
        releaseDelayDays: 0,
        images: { maxImages: 30, publishOnlyOptimized: false },
        lockRecipients: [],
      },
    });
    await importFile('d-auto', 'vehicles.json');
    // vehicles.json has two valid vehicles.
    expect([...(await stock('d-auto')).values()].map((vehicle) => vehicle.releases)).toEqual([
      { exp_i: true },
      { exp_i: true },
    ]);
  });
});
