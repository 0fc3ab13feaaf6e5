import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../infra/topology';
import { DynamoExportStatsTable } from '../../shared/adapters/dynamodb/export-stats-table';
import { DynamoExportStore } from '../../shared/adapters/dynamodb/exports-store';
import { DynamoExportsRepository, exportItem } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoListingStore } from '../../shared/adapters/dynamodb/listings-table';
import { getExport } from '../../shared/application/exports/read-exports';
import { countReleases } from '../../shared/application/stats/count-releases';
import type { Export } from '../../shared/domain/export';
import { newId } from '../../shared/domain/ids';
import type { StockChange } from '../../shared/domain/stock-change';
import { FakeClock, anExport } from '../support/fakes';
import { startTestDynamo, type TestDynamo } from '../support/local-services';

/** The export's counters against DynamoDB Local. */
describe('DynamoExportStatsTable', () => {
  let dynamo: TestDynamo;
  let stats: DynamoExportStatsTable;
  const table = tables.exports.name;

  beforeAll(async () => {
    dynamo = await startTestDynamo();
    stats = new DynamoExportStatsTable(dynamo.documents, table);
  });
  afterAll(async () => {
    await dynamo?.server.stop();
  });

  const stored = async (overrides: Partial<Export> = {}) => {
    const exp = anExport({ exportId: newId('exp'), dealerId: 'd1', ...overrides });
    await dynamo.documents.send(new PutCommand({ TableName: table, Item: exportItem(exp) }));
    return exp;
  };
  const read = async (exp: Export) =>
    (await new DynamoExportsRepository(dynamo.documents, table).getExport(exp.dealerId, exp.exportId))!;
  const transition = (exp: Export, vehicleId: string, version: number, released: boolean) => ({
    dealerId: exp.dealerId,
    exportId: exp.exportId,
    vehicleId,
    version,
    released,
  });

  describe('released', () => {
    it('counts a release once, however often the stream delivers it', async () => {
      const exp = await stored();
      const change: StockChange = {
        dealerId: 'd1',
        vehicleId: 'veh_1',
        kind: 'upserted',
        version: 1,
        releasedBefore: {},
        releasedAfter: { [exp.exportId]: true },
      };
      const deps = { exports: new DynamoExportsRepository(dynamo.documents, table), releases: stats };

      expect(await countReleases(change, deps)).toEqual(['counted']);
      expect(await countReleases(change, deps)).toEqual(['already-counted']);

      expect(await stats.releasedOf(exp.exportId)).toBe(1);
    });

    it('takes a release back on unrelease and on deletion, and ignores what never was counted', async () => {
      const exp = await stored();
      await stats.countRelease(transition(exp, 'veh_1', 1, true));
      await stats.countRelease(transition(exp, 'veh_2', 1, true));

      expect(await stats.countRelease(transition(exp, 'veh_1', 2, false))).toBe('counted');
      expect(await stats.countRelease(transition(exp, 'veh_2', 3, false))).toBe('counted');
      // Released before the counters existed: it was never in the count.
      expect(await stats.countRelease(transition(exp, 'veh_3', 4, false))).toBe('unchanged');

      expect(await stats.releasedOf(exp.exportId)).toBe(0);
    });

    it('keeps the last version: an older transition that arrives late changes nothing', async () => {
      const exp = await stored();
      await stats.countRelease(transition(exp, 'veh_1', 1, true));

      expect(await stats.countRelease(transition(exp, 'veh_1', 3, false))).toBe('counted');
      expect(await stats.countRelease(transition(exp, 'veh_1', 2, true))).toBe('superseded');

      expect(await stats.releasedOf(exp.exportId)).toBe(0);
    });

    it('stays exact under concurrent transitions of one export and their repetitions', async () => {
      const exp = await stored();
      const releases = Array.from({ length: 12 }, (_, index) => transition(exp, `veh_${index}`, 1, true));

      const outcomes = await Promise.all([...releases, ...releases].map((t) => stats.countRelease(t)));

      expect(outcomes.filter((outcome) => outcome === 'counted')).toHaveLength(12);
      expect(await stats.releasedOf(exp.exportId)).toBe(12);
    });

    it('counts a batch of one export in one go: repeats, older versions and flips together', async () => {
      const exp = await stored();
      await stats.countRelease(transition(exp, 'veh_0', 1, true));
      const batch = [
        ...Array.from({ length: 150 }, (_, index) => transition(exp, `veh_${index + 1}`, 1, true)),
        transition(exp, 'veh_0', 2, false),
        transition(exp, 'veh_1', 1, true),
        transition(exp, 'veh_2', 2, false),
      ];

      const counts = await stats.countReleases(batch);

      // veh_1 released, veh_2 released but unreleased later in the batch, veh_3 released …
      expect(counts.slice(0, 3)).toEqual(['counted', 'superseded', 'counted']);
      // … veh_0 taken back, veh_1 repeated, veh_2 never counted as released: nothing to take back.
      expect(counts.slice(-3)).toEqual(['counted', 'already-counted', 'unchanged']);
      // 150 released less veh_2, and veh_0 taken back: 149.
      expect(await stats.releasedOf(exp.exportId)).toBe(149);
      const again = await stats.countReleases(batch);
      expect(again.every((count) => count === 'already-counted' || count === 'superseded')).toBe(true);
      expect(await stats.releasedOf(exp.exportId)).toBe(149);
    });

    it('falls back to one by one when a marker changed meanwhile', async () => {
      const exp = await stored();
      const batch = Array.from({ length: 5 }, (_, index) => transition(exp, `veh_${index}`, 1, true));
      // Counted between the batch's read and its transaction (simulated: counted first, one by one).
      await stats.countRelease(transition(exp, 'veh_3', 2, true));

      const counts = await stats.countReleases(batch);

      expect(counts).toEqual(['counted', 'counted', 'counted', 'superseded', 'counted']);
      expect(await stats.releasedOf(exp.exportId)).toBe(5);
    });
  });

  describe('errors of the last 24 hours', () => {
    it('sums the hourly counts of the window and leaves older hours out', async () => {
      const exportId = newId('exp');
      await stats.countError(exportId, new Date('2026-11-26T09:59:59.000Z'));
      await stats.countError(exportId, new Date('2026-11-26T10:00:00.000Z'));
      await stats.countError(exportId, new Date('2026-11-27T08:15:00.000Z'));
      await stats.countError(exportId, new Date('2026-11-27T09:45:00.000Z'));
      await stats.countError(exportId, new Date('2026-11-27T09:46:00.000Z'));
      await stats.countError(newId('exp'), new Date('2026-11-27T09:46:00.000Z'));

      expect(await stats.errorsLast24h(exportId, new Date('2026-11-27T09:50:00.000Z'))).toBe(4);
      expect(await stats.errorsLast24h(exportId, new Date('2026-11-27T10:00:00.000Z'))).toBe(3);
      expect(await stats.errorsLast24h(exportId, new Date('2026-11-29T00:00:00.000Z'))).toBe(0);
    });

    it('lets an hour expire two days after it began', async () => {
      const exportId = newId('exp');
      await stats.countError(exportId, new Date('2026-11-27T09:30:00.000Z'));

      const { Item } = await dynamo.documents.send(
        new GetCommand({ TableName: table, Key: { pk: `EXPORT#${exportId}`, sk: 'ERRORS#2026-11-27T09' } }),
      );
      expect(Item).toMatchObject({ count: 1, expiresAt: Date.parse('2026-11-29T09:00:00.000Z') / 1000 });
    });
  });

  describe('lastTransmissionAt', () => {
    it('is written at the first answer, then at most once a minute', async () => {
      const exp = await stored();

      await stats.transmitted(exp, new Date('2026-11-27T09:00:00.000Z'));
      await stats.transmitted(exp, new Date('2026-11-27T09:00:59.000Z'));
      expect((await read(exp)).lastTransmissionAt).toBe('2026-11-27T09:00:00.000Z');

      await stats.transmitted(exp, new Date('2026-11-27T09:01:01.000Z'));
      expect((await read(exp)).lastTransmissionAt).toBe('2026-11-27T09:01:01.000Z');
    });

    it('never creates an export item', async () => {
      const missing = anExport({ exportId: newId('exp'), dealerId: 'd1' });

      await stats.transmitted(missing, new Date('2026-11-27T09:00:00.000Z'));

      expect(
        await new DynamoExportsRepository(dynamo.documents, table).getExport('d1', missing.exportId),
      ).toBe(undefined);
    });
  });

  it('answers an export with pending derived from released and listed, and its recent errors', async () => {
    const exp = await stored();
    for (const vehicleId of ['veh_1', 'veh_2', 'veh_3'])
      await stats.countRelease(transition(exp, vehicleId, 1, true));
    await new DynamoListingStore(dynamo.documents, table).saveListing(
      {
        exportId: exp.exportId,
        dealerId: exp.dealerId,
        vehicleId: 'veh_1',
        state: 'listed',
        listingRef: '398765432',
        insertionKey: 'ins_1',
        contentHash: 'h1',
        bookings: [],
        syncedVersion: 1,
        updatedAt: '2026-11-27T09:00:00.000Z',
      },
      undefined,
    );
    await stats.countError(exp.exportId, new Date('2026-11-27T08:30:00.000Z'));
    await stats.transmitted(exp, new Date('2026-11-27T08:30:00.000Z'));
    const deps = {
      exports: new DynamoExportStore(dynamo.documents, table),
      counters: stats,
      clock: new FakeClock(new Date('2026-11-27T09:00:00.000Z')),
    };

    const view = await getExport(deps, exp.dealerId, exp.exportId);

    expect(view.stats).toEqual({ released: 3, listed: 1, pending: 2, errorsLast24h: 1 });
    expect(view.lastTransmissionAt).toBe('2026-11-27T08:30:00.000Z');
  });
});
