import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createTable } from '../../infra/local/create-tables';
import { tables, type TableSpec } from '../../infra/topology';
import { DynamoDetailRepository } from '../../shared/adapters/dynamodb/export-details-table';
import { DynamoExportsRepository, exportItem } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoMatchStore } from '../../shared/adapters/dynamodb/match-table';
import { DynamoStockRepository, vehicleItem } from '../../shared/adapters/dynamodb/stock-table';
import type { Detail } from '../../shared/domain/detail';
import { aVehicle, anExport } from '../support/fakes';
import { startTestDynamo, type TestDynamo } from '../support/local-services';

describe('DynamoDB repositories (against DynamoDB Local)', () => {
  let dynamo: TestDynamo;
  beforeAll(async () => {
    dynamo = await startTestDynamo();
  });
  afterAll(async () => {
    await dynamo?.server.stop();
  });

  it('reads a dealer vehicle back through its schema, and never another dealer’s', async () => {
    const stock = new DynamoStockRepository(dynamo.documents, tables.stock.name);
    const vehicle = aVehicle({ vehicleId: 'veh_r1', version: 3 });
    await dynamo.documents.send(
      new PutCommand({ TableName: tables.stock.name, Item: vehicleItem('d1', vehicle) }),
    );

    expect(await stock.getVehicle('d1', 'veh_r1')).toEqual(vehicle);
    expect(await stock.getVehicle('d2', 'veh_r1')).toBeUndefined();
  });

  it('lists a dealer’s exports and every feed export through the index', async () => {
    const repository = new DynamoExportsRepository(dynamo.documents, tables.exports.name);
    for (const exp of [
      anExport({ exportId: 'exp_a', dealerId: 'd1' }),
      anExport({ exportId: 'exp_f1', dealerId: 'd1', transport: 'feed' }),
      anExport({ exportId: 'exp_f2', dealerId: 'd2', transport: 'feed' }),
    ]) {
      await dynamo.documents.send(new PutCommand({ TableName: tables.exports.name, Item: exportItem(exp) }));
    }

    expect((await repository.listExports('d1')).map((exp) => exp.exportId).sort()).toEqual([
      'exp_a',
      'exp_f1',
    ]);
    expect(await repository.getExport('d2', 'exp_a')).toBeUndefined();
    const feeds: string[] = [];
    for await (const exp of repository.listFeedExports()) feeds.push(exp.exportId);
    expect(feeds.sort()).toEqual(['exp_f1', 'exp_f2']);
  });

  it('marks a feed dispatched once: the second dispatcher loses the conditional write', async () => {
    const repository = new DynamoExportsRepository(dynamo.documents, tables.exports.name);
    const exp = anExport({ exportId: 'exp_cond', transport: 'feed' });
    await dynamo.documents.send(new PutCommand({ TableName: tables.exports.name, Item: exportItem(exp) }));
    const at = new Date('2026-11-27T09:00:00.000Z');

    const results = await Promise.all([
      repository.markFeedDispatched(exp, at),
      repository.markFeedDispatched(exp, at),
    ]);
    expect(results.sort()).toEqual([false, true]);
    const stored = await repository.getExport('d1', 'exp_cond');
    expect(stored?.lastFeedRunAt).toBe(at.toISOString());
    expect(await repository.markFeedDispatched(stored!, new Date('2026-11-27T10:00:00.000Z'))).toBe(true);
  });

  it('stores a detail with its TTL and the vehicle index key, newest first', async () => {
    const details = new DynamoDetailRepository(dynamo.documents, tables.exportDetails.name);
    const base = {
      exportId: 'exp_d',
      kind: 'delta',
      action: 'none',
      outcome: 'skipped',
      messages: [],
    } satisfies Partial<Detail>;
    await details.record({ ...base, detailId: 'det_1', at: '2026-11-27T09:00:00.000Z', vehicleId: 'veh_1' });
    await details.record({ ...base, detailId: 'det_2', at: '2026-11-27T09:05:00.000Z' });

    const { Items } = await dynamo.documents.send(
      new QueryCommand({
        TableName: tables.exportDetails.name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'EXPORT#exp_d' },
        ScanIndexForward: false,
      }),
    );
    expect(Items?.map((item) => item.detailId as string)).toEqual(['det_2', 'det_1']);
    expect(Items?.[1]).toMatchObject({
      expiresAt: Date.parse('2026-12-02T09:00:00.000Z') / 1000,
      vehiclePk: 'EXPORT#exp_d#VEHICLE#veh_1',
    });
    expect(Items?.[0]?.vehiclePk).toBe('EXPORT#exp_d#VEHICLE#-');
  });

  it('gives a table kept from an older version the indexes added since (npm start on an old DATA_DIR)', async () => {
    const older: TableSpec = { ...tables.stock, name: 'StockFromAnOlderVersion', indexes: [] };
    await createTable(dynamo.client, older);
    await dynamo.documents.send(
      new PutCommand({ TableName: older.name, Item: vehicleItem('d1', aVehicle({ vehicleId: 'veh_kept' })) }),
    );

    await createTable(dynamo.client, { ...tables.stock, name: older.name });
    await createTable(dynamo.client, { ...tables.stock, name: older.name });

    const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: older.name }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(
      tables.stock.indexes.map((index) => index.name),
    );
    const kept = await new DynamoStockRepository(dynamo.documents, older.name).getVehicle('d1', 'veh_kept');
    expect(kept?.vehicleId).toBe('veh_kept');
  });

  it('keeps the match holds of an export as a set: released side by side, cleared by the next match', async () => {
    const exp = anExport({ exportId: 'exp_holds', dealerId: 'd-holds', status: 'matching' });
    await dynamo.documents.send(new PutCommand({ TableName: tables.exports.name, Item: exportItem(exp) }));
    const matches = new DynamoMatchStore(dynamo.documents, tables.exports.name);
    const exportsRepository = new DynamoExportsRepository(dynamo.documents, tables.exports.name);
    const holds = async () => (await exportsRepository.getExport('d-holds', 'exp_holds'))?.matchHolds;

    expect(await matches.finishMatching(exp, new Date(), ['v1', 'v2', 'v3'])).toBe(true);
    expect((await holds())?.sort()).toEqual(['v1', 'v2', 'v3']);
    await Promise.all([matches.releaseHolds(exp, ['v1']), matches.releaseHolds(exp, ['v3', 'v1'])]);
    expect(await holds()).toEqual(['v2']);

    // Deactivated and activated again: a match without holds leaves none of the earlier ones.
    await dynamo.documents.send(
      new PutCommand({
        TableName: tables.exports.name,
        Item: { ...exportItem(exp), matchHolds: new Set(['v2']) },
      }),
    );
    expect(await matches.finishMatching(exp, new Date(), [])).toBe(true);
    expect(await holds()).toBeUndefined();
  });
});
