import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../infra/topology';
import { encodeCursor } from '../../shared/adapters/dynamodb/cursor';
import { DynamoExportStore } from '../../shared/adapters/dynamodb/exports-store';
import { DynamoExportsRepository, exportItem } from '../../shared/adapters/dynamodb/exports-table';
import { ValidationError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import { anExport } from '../support/fakes';
import { startTestDynamo, type TestDynamo } from '../support/local-services';

/** The export store and its activation guard against DynamoDB Local. */
describe('DynamoExportStore', () => {
  let dynamo: TestDynamo;
  let store: DynamoExportStore;
  const table = tables.exports.name;

  beforeAll(async () => {
    dynamo = await startTestDynamo();
    store = new DynamoExportStore(dynamo.documents, table);
  });
  afterAll(async () => {
    await dynamo?.server.stop();
  });

  const fresh = (dealerId: string, appId = 'mobile-de-api') =>
    anExport({ exportId: newId('exp'), dealerId, appId, settings: { sellerId: '1' } });
  const guardOf = async (dealerId: string, appId: string) =>
    (
      await dynamo.documents.send(
        new GetCommand({ TableName: table, Key: { pk: `DEALER#${dealerId}`, sk: `ACTIVATION#${appId}` } }),
      )
    ).Item;

  it('stores an export with its guard and reads it back through the schema', async () => {
    const exp = fresh('s1');
    expect(await store.createExport(exp, { customApp: false })).toBe('created');

    expect(await store.getExport('s1', exp.exportId)).toEqual(exp);
    expect(await store.activeExportId('s1', 'mobile-de-api')).toBe(exp.exportId);
    expect(await guardOf('s1', 'mobile-de-api')).toMatchObject({
      exportId: exp.exportId,
      appId: 'mobile-de-api',
    });
    // The scheduler's and the stream's reader see the same item.
    expect(await new DynamoExportsRepository(dynamo.documents, table).getExport('s1', exp.exportId)).toEqual(
      exp,
    );
  });

  it('lets exactly one of many concurrent activations of an app win', async () => {
    const attempts = Array.from({ length: 8 }, () => fresh('s2'));
    const outcomes = await Promise.all(attempts.map((exp) => store.createExport(exp, { customApp: false })));

    expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'already-active')).toHaveLength(7);
    const { items } = await store.listExports('s2', { limit: 50 });
    expect(items).toHaveLength(1);
    expect(await store.activeExportId('s2', 'mobile-de-api')).toBe(items[0]!.exportId);
  });

  it('keeps apps and dealers apart: another app or another dealer activates freely', async () => {
    expect(await store.createExport(fresh('s3'), { customApp: false })).toBe('created');
    expect(await store.createExport(fresh('s3', 'autoscout24-api'), { customApp: false })).toBe('created');
    expect(await store.createExport(fresh('s3-other'), { customApp: false })).toBe('created');
  });

  it('refuses an export of a custom app that is gone, and takes one that exists', async () => {
    expect(await store.createExport(fresh('s4', 'app_custom'), { customApp: true })).toBe('app-gone');
    expect(await store.activeExportId('s4', 'app_custom')).toBeUndefined();

    await dynamo.documents.send(
      new PutCommand({ TableName: table, Item: { pk: 'DEALER#s4', sk: 'APP#app_custom' } }),
    );
    expect(await store.createExport(fresh('s4', 'app_custom'), { customApp: true })).toBe('created');
  });

  it('deactivates once: status, removeListings and time recorded, guard freed for a new activation', async () => {
    const exp = fresh('s5');
    await store.createExport(exp, { customApp: false });
    const at = new Date('2026-11-27T10:00:00.000Z');

    const deactivated = await store.deactivate(exp, { removeListings: true, at });
    expect(deactivated).toMatchObject({
      status: 'inactive',
      removeListings: true,
      deactivatedAt: at.toISOString(),
      updatedAt: at.toISOString(),
    });
    expect(await store.deactivate(exp, { removeListings: false, at })).toBeUndefined();
    expect(await guardOf('s5', 'mobile-de-api')).toBeUndefined();
    expect(await store.createExport(fresh('s5'), { customApp: false })).toBe('created');
  });

  it('deactivates an export without a guard, never deleting the guard of another export', async () => {
    const legacy = fresh('s6');
    await dynamo.documents.send(new PutCommand({ TableName: table, Item: exportItem(legacy) }));
    const current = fresh('s6');
    // Not possible through the store (the guard refuses it); a data fault must not spread.
    await dynamo.documents.send(
      new PutCommand({
        TableName: table,
        Item: {
          pk: 'DEALER#s6',
          sk: 'ACTIVATION#mobile-de-api',
          exportId: current.exportId,
          appId: 'mobile-de-api',
        },
      }),
    );
    expect(await store.deactivate(legacy, { removeListings: false, at: new Date() })).toMatchObject({
      exportId: legacy.exportId,
      status: 'inactive',
    });
    expect(await guardOf('s6', 'mobile-de-api')).toMatchObject({ exportId: current.exportId });
    expect(await store.deactivate(legacy, { removeListings: false, at: new Date() })).toBeUndefined();

    const unguarded = fresh('s6', 'autoscout24-api');
    await dynamo.documents.send(new PutCommand({ TableName: table, Item: exportItem(unguarded) }));
    expect(await store.deactivate(unguarded, { removeListings: false, at: new Date() })).toMatchObject({
      status: 'inactive',
    });
  });

  it('replaces settings of a live export only', async () => {
    const exp = fresh('s7');
    await store.createExport(exp, { customApp: false });
    const at = new Date('2026-11-27T11:00:00.000Z');

    const updated = await store.replaceSettings(exp, { settings: { sellerId: '2' }, secretPaths: [], at });
    expect(updated).toMatchObject({
      settings: { sellerId: '2' },
      updatedAt: at.toISOString(),
      status: 'active',
    });

    await store.deactivate(exp, { removeListings: false, at });
    expect(
      await store.replaceSettings(exp, { settings: { sellerId: '3' }, secretPaths: [], at }),
    ).toBeUndefined();
    expect((await store.getExport('s7', exp.exportId))?.settings).toEqual({ sellerId: '2' });
  });

  it('pages newest first with cursors that work only in the dealer’s own list', async () => {
    const created = [];
    for (let i = 0; i < 5; i++) {
      const exp = anExport({
        exportId: newId('exp', new Date(Date.UTC(2026, 10, 27, 9, i))),
        dealerId: 's8',
        appId: `app${i}`,
      });
      await store.createExport(exp, { customApp: false });
      created.push(exp.exportId);
    }
    // Guards and apps share the partition but never show up in the list.
    await dynamo.documents.send(new PutCommand({ TableName: table, Item: { pk: 'DEALER#s8', sk: 'APP#x' } }));

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listExports('s8', { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((exp) => exp.exportId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());

    const firstPage = await store.listExports('s8', { limit: 2 });
    await expect(store.listExports('s2', { limit: 2, cursor: firstPage.nextCursor! })).rejects.toBeInstanceOf(
      ValidationError,
    );
    for (const forged of [
      encodeCursor({ pk: 'DEALER#s8', sk: 'APP#x' })!,
      encodeCursor({ pk: 'DEALER#s8', sk: 'EXPORT#x', extra: 1 })!,
      encodeCursor({ pk: 'DEALER#s8' })!,
    ]) {
      await expect(store.listExports('s8', { limit: 2, cursor: forged })).rejects.toMatchObject({
        code: 'INVALID_CURSOR',
      });
    }
  });
});
