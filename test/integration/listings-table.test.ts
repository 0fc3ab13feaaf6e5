import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../infra/topology';
import { exportItem } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoListingStore } from '../../shared/adapters/dynamodb/listings-table';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import type { Listing } from '../../shared/domain/listing';
import { anExport } from '../support/fakes';
import { startTestDynamo, type TestDynamo } from '../support/local-services';

describe('listing records (against DynamoDB Local)', () => {
  let dynamo: TestDynamo;
  let store: DynamoListingStore;
  beforeAll(async () => {
    dynamo = await startTestDynamo();
    store = new DynamoListingStore(dynamo.documents, tables.exports.name);
  });
  afterAll(async () => {
    await dynamo?.server.stop();
  });

  const creating: Listing = {
    exportId: 'exp_1',
    vehicleId: 'veh_1',
    state: 'creating',
    listingRef: null,
    insertionKey: 'ins_1',
    contentHash: null,
    bookings: [],
    syncedVersion: 0,
    updatedAt: '2026-11-27T09:00:00.000Z',
  };

  it('lets exactly one of two concurrent workers begin a creation', async () => {
    const results = await Promise.all([
      store.saveListing(creating, undefined),
      store.saveListing({ ...creating, insertionKey: 'ins_2' }, undefined),
    ]);
    expect(results.sort()).toEqual([false, true]);
  });

  it('writes over the state it read, and refuses a stale writer', async () => {
    const stored = (await store.getListing('exp_1', 'veh_1'))!;
    const listed: Listing = { ...stored, state: 'listed', listingRef: '398765432', contentHash: 'h1' };
    expect(await store.saveListing(listed, { state: 'creating', insertionKey: stored.insertionKey })).toBe(
      true,
    );
    expect(
      await store.saveListing(
        { ...listed, contentHash: 'stale' },
        { state: 'creating', insertionKey: stored.insertionKey },
      ),
    ).toBe(false);
    expect(await store.getListing('exp_1', 'veh_1')).toEqual(listed);
    expect(await store.getListing('exp_other', 'veh_1')).toBeUndefined();
  });

  it('counts every listing of a burst of creations on one export once (its item is written by all)', async () => {
    const exp = anExport({ exportId: 'exp_burst', dealerId: 'd1' });
    await dynamo.documents.send(new PutCommand({ TableName: tables.exports.name, Item: exportItem(exp) }));
    const vehicles = Array.from({ length: 40 }, (_, n) => `veh_burst_${n}`);
    const creatingOf = (vehicleId: string): Listing => ({
      ...creating,
      exportId: exp.exportId,
      dealerId: exp.dealerId,
      vehicleId,
      insertionKey: `ins_${vehicleId}`,
    });
    for (const vehicleId of vehicles)
      expect(await store.saveListing(creatingOf(vehicleId), undefined)).toBe(true);

    // All at once, as the worker's parallel vehicles do: each write moves stats.listed in its transaction.
    const saved = await Promise.all(
      vehicles.map((vehicleId) =>
        store.saveListing(
          { ...creatingOf(vehicleId), state: 'listed', listingRef: `ad-${vehicleId}`, contentHash: 'h' },
          { state: 'creating', insertionKey: `ins_${vehicleId}` },
        ),
      ),
    );

    expect(saved.every(Boolean)).toBe(true);
    const stored = await new DynamoExportsRepository(dynamo.documents, tables.exports.name).getExport(
      'd1',
      'exp_burst',
    );
    expect(stored?.stats.listed).toBe(40);
  });
});
