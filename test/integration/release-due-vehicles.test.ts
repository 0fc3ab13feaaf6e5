/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are read freely; the assertions check their shape */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../infra/topology';
import { exportItem } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoDealerSettingsStore } from '../../shared/adapters/dynamodb/stock-settings';
import { DynamoStockRepository, vehicleItem } from '../../shared/adapters/dynamodb/stock-table';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { releaseDueVehicles } from '../../shared/application/stock/release-due-vehicles';
import type { Vehicle } from '../../shared/domain/vehicle';
import { aVehicle, anExport, silentLogger } from '../support/fakes';
import { lambdaContext } from '../support/events';
import { startStockHarness, type StockHarness, type StockRequest } from './stock-harness';

const DAY = 86_400_000;

/**
 * Delayed auto-release (`releaseDelayDays`): new vehicles start unreleased with the moment their
 * release is due, and the scheduled run releases them then. Vehicles are created and changed
 * through the real handlers against DynamoDB Local; the run gets a clock days ahead.
 */
describe('delayed auto-release', () => {
  let harness: StockHarness;
  const dealerId = 'd-delay';
  beforeAll(async () => {
    harness = await startStockHarness();
    for (const exp of [
      anExport({ exportId: 'exp_live', dealerId, status: 'active' }),
      anExport({ exportId: 'exp_matching', dealerId, status: 'matching' }),
      anExport({ exportId: 'exp_off', dealerId, status: 'inactive' }),
    ]) {
      await harness.dynamo.documents.send(
        new PutCommand({ TableName: tables.exports.name, Item: exportItem(exp) }),
      );
    }
    await settings({ autoRelease: true, releaseDelayDays: 2 });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const call = (request: StockRequest) => harness.call(request);
  async function settings(change: Record<string, unknown>) {
    const response = await call({
      routeKey: 'PUT /v1/settings',
      dealerId,
      body: {
        autoRelease: false,
        releaseDelayDays: 0,
        images: { maxImages: 30, publishOnlyOptimized: false },
        lockRecipients: [],
        contactEmail: null,
        ...change,
      },
    });
    expect(response.status).toBe(200);
  }
  const input = (internalNumber: string) => ({
    internalNumber,
    condition: 'new',
    category: 'estate',
    make: 'Audi',
    model: 'A4',
    fuel: 'petrol',
    gearbox: 'automatic',
    price: { gross: '24990.00', currency: 'EUR', vatRate: '19.00' },
  });
  const create = async (internalNumber: string) => {
    const response = await call({ routeKey: 'POST /v1/vehicles', dealerId, body: input(internalNumber) });
    expect(response.status).toBe(201);
    return response.body as Vehicle;
  };
  const read = async (vehicleId: string) =>
    (await call({ routeKey: 'GET /v1/vehicles/{vehicleId}', dealerId, vehicleId })).body as Vehicle;
  const stock = () => new DynamoStockRepository(harness.dynamo.documents, tables.stock.name);
  const runAt = (at: Date) =>
    releaseDueVehicles({
      due: stock(),
      vehicles: stock(),
      exports: new DynamoExportsRepository(harness.dynamo.documents, tables.exports.name),
      settings: new DynamoDealerSettingsStore(harness.dynamo.documents, tables.stock.name),
      clock: { now: () => at },
      log: silentLogger,
    });

  it('creates vehicles unreleased with their due time, and releases them to the live exports once due', async () => {
    const before = Date.now();
    const vehicle = await create('DELAY-1');
    expect(vehicle.releases).toEqual({});
    const due = Date.parse(vehicle.releaseDueAt!);
    expect(due).toBeGreaterThanOrEqual(before + 2 * DAY);
    expect(due).toBeLessThanOrEqual(Date.now() + 2 * DAY);

    expect(await runAt(new Date(due - 60_000))).toEqual({ released: 0, dropped: 0, deferred: 0 });
    expect((await read(vehicle.vehicleId)).releases).toEqual({});

    const tally = await runAt(new Date(due + 60_000));
    expect(tally.released).toBeGreaterThanOrEqual(1);
    const released = await read(vehicle.vehicleId);
    expect(released).toMatchObject({
      version: 2,
      releases: { exp_live: true, exp_matching: true },
    });
    expect(released.releaseDueAt).toBeUndefined();
    expect(released.releases).not.toHaveProperty('exp_off');
    // Out of the index: a later run finds nothing more to do for it.
    expect(await runAt(new Date(due + 120_000))).toEqual({ released: 0, dropped: 0, deferred: 0 });
  });

  it('keeps the pending release through a replace and an import, which create with a due time too', async () => {
    const replaced = await create('DELAY-2');
    const put = await call({
      routeKey: 'PUT /v1/vehicles/{vehicleId}',
      dealerId,
      vehicleId: replaced.vehicleId,
      body: { ...input('DELAY-2'), make: 'Skoda' },
    });
    expect(put.body).toMatchObject({ version: 2, releaseDueAt: replaced.releaseDueAt });
    const imported = await call({
      routeKey: 'POST /v1/vehicles/import',
      dealerId,
      query: { mode: 'upsert' },
      body: [
        { ...input('DELAY-2'), make: 'Seat' },
        { ...input('DELAY-3'), make: 'Cupra' },
      ],
    });
    expect(imported.body).toMatchObject({ created: 1, updated: 1 });
    const list = (await call({ routeKey: 'GET /v1/vehicles', dealerId })).body as { items: Vehicle[] };
    const byNumber = new Map(list.items.map((vehicle) => [vehicle.internalNumber, vehicle]));
    expect(byNumber.get('DELAY-2')).toMatchObject({ make: 'Seat', releaseDueAt: replaced.releaseDueAt });
    expect(byNumber.get('DELAY-3')?.releaseDueAt).toBeDefined();

    await runAt(new Date(Date.now() + 3 * DAY));
    for (const internalNumber of ['DELAY-2', 'DELAY-3']) {
      const vehicle = await read(byNumber.get(internalNumber)!.vehicleId);
      expect(vehicle.releases, internalNumber).toEqual({ exp_live: true, exp_matching: true });
    }
  });

  it('lets the dealer decide first: set releases cancel the pending one', async () => {
    const vehicle = await create('DELAY-4');
    const decided = await call({
      routeKey: 'PUT /v1/vehicles/{vehicleId}/releases',
      dealerId,
      vehicleId: vehicle.vehicleId,
      body: { exp_live: false },
    });
    expect(decided.body.releaseDueAt).toBeUndefined();

    await runAt(new Date(Date.now() + 3 * DAY));
    expect(await read(vehicle.vehicleId)).toMatchObject({ version: 2, releases: { exp_live: false } });
  });

  it('drops a pending release when the dealer turned auto-release off meanwhile', async () => {
    const vehicle = await create('DELAY-5');
    await settings({ autoRelease: false, releaseDelayDays: 2 });
    try {
      const tally = await runAt(new Date(Date.now() + 3 * DAY));
      expect(tally.dropped).toBeGreaterThanOrEqual(1);
      const after = await read(vehicle.vehicleId);
      expect(after.releases).toEqual({});
      expect(after.releaseDueAt).toBeUndefined();
    } finally {
      await settings({ autoRelease: true, releaseDelayDays: 2 });
    }
  });

  it('releases nothing for a vehicle deleted before its time', async () => {
    const vehicle = await create('DELAY-6');
    const deleted = await call({
      routeKey: 'DELETE /v1/vehicles/{vehicleId}',
      dealerId,
      vehicleId: vehicle.vehicleId,
    });
    expect(deleted.status).toBe(204);
    expect(await runAt(new Date(Date.now() + 3 * DAY))).toEqual({ released: 0, dropped: 0, deferred: 0 });
  });

  it('runs as the scheduled function does (system clock, module config)', async () => {
    // Created three days ago with a two-day delay, as the handlers would have written it.
    const createdAt = new Date(Date.now() - 3 * DAY).toISOString();
    const vehicle = aVehicle({
      vehicleId: 'veh_delay_old',
      internalNumber: 'DELAY-OLD',
      releases: {},
      releaseDueAt: new Date(Date.now() - DAY).toISOString(),
      createdAt,
      updatedAt: createdAt,
    });
    await harness.dynamo.documents.send(
      new PutCommand({ TableName: tables.stock.name, Item: vehicleItem(dealerId, vehicle) }),
    );
    const { handler } = await import('../../functions/schedule/release-due-vehicles');
    await (handler as unknown as (event: unknown, context: unknown) => Promise<void>)({}, lambdaContext());

    const { Item } = await harness.dynamo.documents.send(
      new GetCommand({
        TableName: tables.stock.name,
        Key: { pk: `DEALER#${dealerId}`, sk: 'VEHICLE#veh_delay_old' },
      }),
    );
    expect(Item).toMatchObject({
      version: vehicle.version + 1,
      releases: { exp_live: true, exp_matching: true },
    });
    expect(Item).not.toHaveProperty('releaseDueAt');
    expect(Item).not.toHaveProperty('releaseDuePk');
  });
});
