import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMobileDeEmulator, type MobileDeEmulator } from '../../infra/local/emulators/mobile-de/server';
import type { LoggedRequest } from '../../infra/local/emulators/kit/request-log';
import { tables } from '../../infra/topology';
import { createMobileDeListingConnector } from '../../shared/adapters/connectors/mobile-de/listing-connector';
import { DynamoDetailRepository } from '../../shared/adapters/dynamodb/export-details-table';
import { DynamoLockStore } from '../../shared/adapters/dynamodb/export-locks-table';
import { DynamoExportsRepository, exportItem } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoListingStore } from '../../shared/adapters/dynamodb/listings-table';
import { DynamoDealerSettingsStore } from '../../shared/adapters/dynamodb/stock-settings';
import { DynamoStockRepository } from '../../shared/adapters/dynamodb/stock-table';
import { StoredListingPreferences } from '../../shared/application/delta/listing-preferences';
import {
  syncListing,
  type SyncListingDeps,
  type SyncOutcome,
} from '../../shared/application/delta/sync-listing';
import { fullTransferRunner } from '../../shared/application/exports/run-full-transfer';
import { runJob } from '../../shared/application/run-job';
import { defaultDealerSettings } from '../../shared/domain/dealer-settings';
import type { Job } from '../../shared/domain/job';
import type { Listing } from '../../shared/domain/listing';
import type { SyncMessage } from '../../shared/domain/sync-message';
import type { Vehicle } from '../../shared/domain/vehicle';
import { RecordingQueue, aVehicle, aJob, anExport, silentLogger } from '../support/fakes';
import { startTestDynamo, type TestDynamo } from '../support/local-services';

/**
 * The full transfer of a mobile.de API export against DynamoDB Local and the mobile.de emulator
 * over HTTP: fullTransferRunner (through runJob, so the job item carries its progress) queues the
 * vehicles, and the real delta worker (syncListing with the DynamoDB adapters and the mobile.de
 * listing connector) syncs what it queued. A platform that drifted from the stock comes back to
 * it; a second run changes nothing but re-sends the content.
 */
const PROVIDER = { user: 'provider-ft', password: 'test-Secret-9' };
const SELLER = '1000042';
const dealerId = 'd_ft';
const exportId = 'exp_ft';
const settings = { sellerId: SELLER };
const adsPath = `/seller-api/sellers/${SELLER}/ads`;

let dynamo: TestDynamo;
let emulator: MobileDeEmulator;
let stock: DynamoStockRepository;
let listings: DynamoListingStore;
let exportsRepository: DynamoExportsRepository;
let details: DynamoDetailRepository;
let workerDeps: SyncListingDeps;
const connector = () =>
  createMobileDeListingConnector({ baseUrl: emulator.url, ...PROVIDER }, { timeoutMs: 5_000 });

beforeAll(async () => {
  [dynamo, emulator] = await Promise.all([
    startTestDynamo(),
    startMobileDeEmulator({ users: [PROVIDER], sellers: [{ mobileSellerId: SELLER }] }),
  ]);
  stock = new DynamoStockRepository(dynamo.documents, tables.stock.name);
  listings = new DynamoListingStore(dynamo.documents, tables.exports.name);
  exportsRepository = new DynamoExportsRepository(dynamo.documents, tables.exports.name);
  details = new DynamoDetailRepository(dynamo.documents, tables.exportDetails.name);
  const dealerSettings = new DynamoDealerSettingsStore(dynamo.documents, tables.stock.name);
  await dealerSettings.saveSettings(dealerId, {
    ...defaultDealerSettings,
    contactEmail: 'sales@dealer.example',
  });
  const worker = connector();
  workerDeps = {
    vehicles: stock,
    exports: exportsRepository,
    listings,
    targets: { resolve: async () => ({ connector: worker, settings }) },
    preferences: new StoredListingPreferences(dealerSettings),
    details,
    clock: { now: () => new Date() },
    locks: new DynamoLockStore(dynamo.documents, tables.exports.name),
    removalSettleMs: 0,
  };
});

afterAll(async () => {
  await Promise.all([emulator?.stop(), dynamo?.server.stop()]);
});

function stockVehicle(n: number): Vehicle {
  return aVehicle({
    vehicleId: `veh_ft_${n}`,
    version: 1,
    internalNumber: `FT-${n}`,
    releases: { [exportId]: true },
    condition: 'used',
    make: 'Skoda',
    model: 'Enyaq',
    modelDescription: `Enyaq 85 #${n}`,
    firstRegistration: '2023-05',
    mileageKm: 10_000 + n,
    exteriorColor: 'white',
    price: { gross: `${30_000 + n * 1_000}.00`, currency: 'EUR', vatRate: '19.00' },
  });
}

/** The delta worker on each message, one after the other (one FIFO group per vehicle). */
async function deliver(messages: readonly SyncMessage[]): Promise<Record<string, SyncOutcome>> {
  const outcomes: Record<string, SyncOutcome> = {};
  for (const message of messages) outcomes[message.vehicleId] = await syncListing(message, workerDeps);
  return outcomes;
}

/** One full transfer through runJob: the job item as it ended and the messages it queued. */
async function runFullTransfer(jobId: string): Promise<{ job: Job | undefined; queued: SyncMessage[] }> {
  const queue = new RecordingQueue();
  const job = aJob({ dealerId, exportId, jobId, kind: 'full-transfer' });
  await exportsRepository.saveJob(job);
  await runJob(
    { dealerId, exportId, jobId, kind: 'full-transfer' },
    {
      jobs: exportsRepository,
      runners: {
        'full-transfer': fullTransferRunner({
          exports: exportsRepository,
          stock,
          listings,
          syncQueue: queue,
        }),
      },
      clock: { now: () => new Date() },
      log: silentLogger,
    },
  );
  return { job: await exportsRepository.getJob(exportId, jobId), queued: queue.sent as SyncMessage[] };
}

/** The emulator's calls of the seller's ad routes logged after `seq`. */
function adCallsAfter(seq: number): LoggedRequest[] {
  return emulator.control
    .requests()
    .filter((entry) => entry.seq > seq && (entry.path === adsPath || entry.path.startsWith(`${adsPath}/`)));
}
const lastSeq = () => emulator.control.requests().at(-1)?.seq ?? 0;
const countOf = (calls: readonly LoggedRequest[], method: string, status?: number) =>
  calls.filter((call) => call.method === method && (status === undefined || call.status === status)).length;

const priceOf = (ad: Readonly<Record<string, unknown>>) =>
  (ad.price as { consumerPriceGross?: string } | undefined)?.consumerPriceGross;

const detailsOf = async () =>
  (
    await details.listDetails({
      exportId,
      from: new Date(Date.now() - 24 * 3600_000),
      now: new Date(),
      limit: 200,
    })
  ).items;

describe('full transfer of a mobile.de export (DynamoDB Local + mobile.de emulator)', () => {
  const vehicles = [1, 2, 3, 4, 5].map(stockVehicle);
  const [deleted, changed] = vehicles as [Vehicle, Vehicle, ...Vehicle[]];
  const orphanId = 'veh_ft_gone';
  const refs = new Map<string, string>();
  let orphanAd: string;

  beforeAll(async () => {
    await dynamo.documents.send(
      new PutCommand({
        TableName: tables.exports.name,
        Item: exportItem(anExport({ exportId, dealerId, appId: 'mobile-de-api', settings })),
      }),
    );
    for (const vehicle of vehicles) expect(await stock.createVehicle(dealerId, vehicle)).toBe('written');
    // Listed the normal way: the stock stream's messages, through the worker.
    const outcomes = await deliver(
      vehicles.map((vehicle) => ({ dealerId, exportId, vehicleId: vehicle.vehicleId, version: 1 })),
    );
    expect(Object.values(outcomes)).toEqual(Array(5).fill('created'));
    for (const vehicle of vehicles) {
      const listing = await listings.getListing(exportId, vehicle.vehicleId);
      refs.set(vehicle.vehicleId, listing!.listingRef!);
    }
    expect(emulator.control.ads(SELLER)).toHaveLength(5);

    // The platform drifts: the dealer deletes one ad and edits another's price elsewhere (through
    // the Seller-API with a second client: the emulator's control seeds ads but has no edit or delete).
    const elsewhere = connector();
    const target = (vehicle: Vehicle) => ({ exportId, vehicleId: vehicle.vehicleId, settings });
    await elsewhere.remove(target(deleted), refs.get(deleted.vehicleId)!);
    const edited = elsewhere.toPayload(
      { ...changed, price: { ...changed.price, gross: '11111.00' } },
      { settings, contactEmail: 'sales@dealer.example', maxImages: 20, bookings: [] },
    );
    await elsewhere.update(target(changed), refs.get(changed.vehicleId)!, edited);

    // A listing whose vehicle no longer exists in the stock, its ad still live.
    orphanAd = emulator.control.seedAd(SELLER, {
      make: 'SKODA',
      model: 'Enyaq',
      modelDescription: 'Enyaq 60 (sold)',
      internalNumber: 'FT-GONE',
    }).mobileAdId;
    const orphan: Listing = {
      exportId,
      dealerId,
      vehicleId: orphanId,
      state: 'listed',
      listingRef: orphanAd,
      insertionKey: 'ins_orphan',
      internalNumber: 'FT-GONE',
      contentHash: 'hash-of-old-content',
      bookings: [],
      syncedVersion: 3,
      updatedAt: '2026-11-20T08:00:00.000Z',
    };
    expect(await listings.saveListing(orphan, undefined)).toBe(true);

    const ads = emulator.control.ads(SELLER);
    expect(ads.map((ad) => ad.mobileAdId)).not.toContain(refs.get(deleted.vehicleId));
    expect(priceOf(ads.find((ad) => ad.mobileAdId === refs.get(changed.vehicleId))!)).toBe('11111.00');
    expect(ads).toHaveLength(5);
  });

  it('brings the platform back to the stock: recreates, corrects, removes the orphan', async () => {
    const mark = lastSeq();

    const { job, queued } = await runFullTransfer('job_ft_first');

    expect(queued.map((message) => message.vehicleId).sort()).toEqual(
      [...vehicles.map((vehicle) => vehicle.vehicleId), orphanId].sort(),
    );
    for (const message of queued) {
      expect(message).toMatchObject({
        dealerId,
        exportId,
        version: 0,
        force: true,
        resync: 'ft-job_ft_first',
      });
    }
    expect(job).toMatchObject({ state: 'done', total: queued.length, done: queued.length, failed: 0 });
    // Queuing alone asks the platform nothing.
    expect(adCallsAfter(mark)).toEqual([]);

    const outcomes = await deliver(queued);

    expect(outcomes).toEqual({
      [deleted.vehicleId]: 'created',
      ...Object.fromEntries(vehicles.slice(1).map((vehicle) => [vehicle.vehicleId, 'updated'])),
      [orphanId]: 'removed',
    });
    const calls = adCallsAfter(mark);
    expect(countOf(calls, 'POST')).toBe(1);
    expect(countOf(calls, 'POST', 201)).toBe(1);
    expect(calls.filter((call) => call.method === 'DELETE').map((call) => [call.path, call.status])).toEqual([
      [`${adsPath}/${orphanAd}`, 204],
    ]);
    // Four ads re-sent, and the one PUT that found the deleted ad gone.
    expect(countOf(calls, 'PUT', 200)).toBe(4);
    expect(
      calls.filter((call) => call.method === 'PUT' && call.status === 404).map((call) => call.path),
    ).toEqual([`${adsPath}/${refs.get(deleted.vehicleId)}`]);
    const correction = calls.find(
      (call) => call.method === 'PUT' && call.path === `${adsPath}/${refs.get(changed.vehicleId)}`,
    );
    expect(priceOf(correction?.body as Record<string, unknown>)).toBe(changed.price.gross);

    // The platform shows the stock: one ad per released vehicle, with its number and price.
    const ads = emulator.control.ads(SELLER);
    expect(ads.map((ad) => [ad.internalNumber, priceOf(ad)]).sort()).toEqual(
      vehicles.map((vehicle) => [vehicle.internalNumber, vehicle.price.gross]).sort(),
    );
    const recreated = await listings.getListing(exportId, deleted.vehicleId);
    expect(recreated).toMatchObject({ state: 'listed' });
    expect(recreated?.listingRef).not.toBe(refs.get(deleted.vehicleId));
    expect(ads.map((ad) => ad.mobileAdId)).toContain(recreated?.listingRef);
    expect(await listings.getListing(exportId, orphanId)).toMatchObject({
      state: 'removed',
      listingRef: orphanAd,
    });

    const written = await detailsOf();
    expect(written).toContainEqual(
      expect.objectContaining({
        vehicleId: deleted.vehicleId,
        action: 'create',
        outcome: 'warning',
        listingRef: recreated?.listingRef,
        messages: expect.arrayContaining([expect.objectContaining({ code: 'LISTING_RECREATED' })]) as unknown,
      }),
    );
    expect(written).toContainEqual(
      expect.objectContaining({
        vehicleId: orphanId,
        action: 'delete',
        outcome: 'success',
        listingRef: orphanAd,
      }),
    );
  });

  it('is idempotent: a second run only re-sends (PUT), creating and deleting nothing', async () => {
    const adsBefore = emulator.control.ads(SELLER).map((ad) => ad.mobileAdId);
    const mark = lastSeq();

    const { job, queued } = await runFullTransfer('job_ft_second');

    // The orphan's listing is gone now: only the released vehicles are queued.
    expect(queued.map((message) => message.vehicleId).sort()).toEqual(
      vehicles.map((vehicle) => vehicle.vehicleId).sort(),
    );
    expect(job).toMatchObject({ state: 'done', total: queued.length, done: queued.length, failed: 0 });

    const outcomes = await deliver(queued);

    expect(Object.values(outcomes)).toEqual(Array(5).fill('updated'));
    const calls = adCallsAfter(mark);
    expect(countOf(calls, 'POST')).toBe(0);
    expect(countOf(calls, 'DELETE')).toBe(0);
    expect(calls.map((call) => `${call.method} ${call.status}`)).toEqual(Array(5).fill('PUT 200'));
    expect(emulator.control.ads(SELLER).map((ad) => ad.mobileAdId)).toEqual(adsBefore);

    // Without `force`, the same messages would send nothing: the content hash says it is there.
    const unforced = queued.map(({ force: _force, ...message }) => message);
    const quiet = lastSeq();
    expect(Object.values(await deliver(unforced))).toEqual(Array(5).fill('unchanged'));
    expect(adCallsAfter(quiet)).toEqual([]);
  });
});
