import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryLocks } from '../support/lock-fakes';
import { syncListing, type SyncListingDeps } from '../../shared/application/delta/sync-listing';
import { PlatformUnavailableError } from '../../shared/domain/errors';
import type { Vehicle } from '../../shared/domain/vehicle';
import {
  FakeMarketplace,
  InMemoryListings,
  rejected,
  resolverFor,
  unavailable,
} from '../support/delta-fakes';
import {
  FakeClock,
  InMemoryExports,
  InMemoryVehicles,
  RecordingDetails,
  aVehicle,
  anExport,
} from '../support/fakes';

describe('syncing one listing with the current stock', () => {
  const message = { dealerId: 'd1', exportId: 'exp_1', vehicleId: 'veh_1', version: 1 };
  let platform: FakeMarketplace;
  let vehicles: InMemoryVehicles;
  let listings: InMemoryListings;
  let details: RecordingDetails;
  let exports: InMemoryExports;
  let deps: SyncListingDeps;

  const stock = (overrides: Partial<Vehicle> = {}) =>
    vehicles.vehicles.set('veh_1', {
      ...aVehicle({ releases: { exp_1: true }, ...overrides }),
      dealerId: 'd1',
    });
  const sync = () => syncListing(message, deps);

  beforeEach(() => {
    platform = new FakeMarketplace();
    vehicles = new InMemoryVehicles();
    listings = new InMemoryListings();
    details = new RecordingDetails();
    exports = new InMemoryExports();
    exports.add(anExport());
    deps = {
      vehicles,
      exports,
      listings,
      targets: resolverFor(platform),
      preferences: { preferencesOf: async () => ({ contactEmail: 'sales@dealer.example', maxImages: 30 }) },
      details,
      clock: new FakeClock(new Date('2026-11-27T09:00:00.000Z')),
      locks: new InMemoryLocks(exports),
      removalSettleMs: 30_000,
    };
  });

  it('creates a released vehicle once, then sends nothing while nothing changed', async () => {
    stock();
    expect(await sync()).toBe('created');
    expect(await sync()).toBe('unchanged');
    expect(platform.calls).toEqual(['create']);
    expect(await listings.getListing('exp_1', 'veh_1')).toMatchObject({
      state: 'listed',
      listingRef: '398765432',
    });
    expect(details.details).toEqual([
      expect.objectContaining({
        kind: 'delta',
        action: 'create',
        outcome: 'success',
        listingRef: '398765432',
        vehicleId: 'veh_1',
      }),
    ]);
  });

  it('updates on a change the platform would see, and not on one it would not', async () => {
    stock();
    await sync();
    stock({ description: 'not part of this payload', version: 2 });
    expect(await sync()).toBe('unchanged');
    stock({ price: { gross: '19990.00', currency: 'EUR', vatRate: '19.00' }, version: 3 });
    expect(await sync()).toBe('updated');
    expect(platform.calls).toEqual(['create', 'update']);
    expect(platform.ads.get('398765432')).toMatchObject({ price: '19990.00' });
  });

  it('removes the listing when the vehicle is unreleased or deleted, and only once', async () => {
    stock();
    await sync();
    stock({ releases: { exp_1: false } });
    expect(await sync()).toBe('removed');
    expect(await sync()).toBe('unchanged');
    vehicles.vehicles.delete('veh_1');
    expect(await sync()).toBe('unchanged');
    expect(platform.calls).toEqual(['create', 'remove']);
    expect(details.details.at(-1)).toMatchObject({ action: 'delete', outcome: 'success' });
  });

  it('creates a new listing after a removal, with a new insertion key', async () => {
    stock();
    await sync();
    stock({ releases: {} });
    await sync();
    stock();
    expect(await sync()).toBe('created');
    expect(platform.byInsertionKey.size).toBe(2);
  });

  it('records a rejection as an error detail and acknowledges it', async () => {
    stock();
    platform.failures.push(rejected());
    expect(await sync()).toBe('rejected');
    expect(details.details).toEqual([
      expect.objectContaining({
        action: 'create',
        outcome: 'error',
        messages: [expect.objectContaining({ code: 'modeldescription-too-long' })],
      }),
    ]);
    stock({ make: 'Unknown' });
    expect(await sync()).toBe('rejected');
    expect(details.details.at(-1)?.messages[0]?.code).toBe('UNKNOWN_MAKE');
  });

  it('lets a passing failure propagate so the queue retries, without recording a listing', async () => {
    stock();
    platform.failures.push(unavailable());
    await expect(sync()).rejects.toThrow(PlatformUnavailableError);
    expect(await sync()).toBe('created');
    expect(platform.ads.size).toBe(1);
  });

  it('never creates a second listing when it crashed between the create and storing the reference', async () => {
    stock();
    const save = listings.saveListing.bind(listings);
    let crashOnce = true;
    listings.saveListing = async (listing, expected) => {
      if (listing.state === 'listed' && crashOnce) {
        crashOnce = false;
        throw new Error('the function died');
      }
      return save(listing, expected);
    };
    await expect(sync()).rejects.toThrow('the function died');
    expect(await sync()).toBe('created');
    expect(platform.ads.size).toBe(1);
    expect(platform.calls).toEqual(['create', 'create']);
    expect((await listings.getListing('exp_1', 'veh_1'))?.listingRef).toBe('398765432');
  });

  it('records warnings of an accepted listing', async () => {
    stock();
    platform.warnings = [{ severity: 'warning', code: 'missing-field', text: 'exteriorColor missing' }];
    await sync();
    expect(details.details[0]).toMatchObject({ outcome: 'warning', messages: platform.warnings });
  });

  it("treats a vehicle the app's filter refuses like an unreleased one", async () => {
    stock();
    await sync();
    deps = {
      ...deps,
      targets: {
        resolve: async () => ({ connector: platform, settings: {}, accepts: (v) => v.condition === 'used' }),
      },
    };
    expect(await sync()).toBe('removed');
    expect(platform.calls).toEqual(['create', 'remove']);
  });

  it('skips exports that are gone, inactive, matching or of another dealer', async () => {
    stock();
    for (const exp of [
      anExport({ status: 'inactive' }),
      anExport({ status: 'matching' }),
      anExport({ dealerId: 'd2' }),
    ]) {
      exports.exports.clear();
      exports.add(exp);
      expect(await sync()).toBe('skipped');
    }
    expect(platform.calls).toEqual([]);
  });

  it('creates no candidate of a listing awaiting the dealer’s match assignment, until the hold is lifted', async () => {
    stock();
    exports.exports.clear();
    exports.add(anExport({ matchHolds: ['veh_1'] }));

    expect(await sync()).toBe('skipped');
    expect(platform.calls).toEqual([]);
    expect(details.details).toEqual([]);
    // The assignment's sync names the decision: an older read of the export does not hold it back.
    expect(await syncListing({ ...message, resync: 'hold:102' }, deps)).toBe('created');
    expect(platform.calls).toEqual(['create']);
    // Once listed, a held vehicle is updated as any other (the hold only stops creations).
    stock({ version: 2, price: { gross: '9999.00', currency: 'EUR', vatRate: '19.00' } });
    expect(await sync()).toBe('updated');
  });

  it('holds every change of a locked export and remembers the vehicle once', async () => {
    stock();
    exports.exports.clear();
    exports.add(
      anExport({
        status: 'locked',
        lock: { reason: 'MASS_REMOVAL', detail: 'x', lockedAt: '2026-11-27T08:59:00.000Z', heldChanges: 0 },
      }),
    );
    expect(await sync()).toBe('held');
    expect(await sync()).toBe('held');
    expect(platform.calls).toEqual([]);
    expect(await deps.locks.hold(anExport(), 'veh_1', new Date())).toBe(false);
    expect(details.details).toMatchObject([{ vehicleId: 'veh_1', outcome: 'held', action: 'update' }]);
    expect(exports.exports.get('exp_1')?.lock?.heldChanges).toBe(1);
  });

  it('lets a removal from the stock stream settle before it deletes, then deletes', async () => {
    stock();
    await sync();
    stock({ releases: { exp_1: false } });
    const removal = { ...message, version: 2, decidedAt: '2026-11-27T09:00:00.000Z' };
    await expect(syncListing(removal, deps)).rejects.toMatchObject({
      name: 'RemovalSettlingError',
      retryAfterSeconds: 30,
    });
    expect(platform.calls).toEqual(['create']);
    (deps.clock as FakeClock).set('2026-11-27T09:00:30.000Z');
    expect(await syncListing(removal, deps)).toBe('removed');
    expect(platform.calls).toEqual(['create', 'remove']);
  });

  it('passes a live listing to the re-created vehicle of its internal number instead of deleting it', async () => {
    stock({ internalNumber: 'STK-1' });
    await sync();
    // The vehicle is deleted and created again under the same internal number (new vehicle id).
    vehicles.vehicles.delete('veh_1');
    vehicles.vehicles.set('veh_2', {
      ...aVehicle({
        vehicleId: 'veh_2',
        internalNumber: 'STK-1',
        releases: { exp_1: true },
        price: { gross: '1.00', currency: 'EUR', vatRate: '19.00' },
      }),
      dealerId: 'd1',
    });

    expect(await syncListing({ ...message, version: 2 }, deps)).toBe('handedOver');
    expect(await syncListing({ ...message, vehicleId: 'veh_2', version: 1 }, deps)).toBe('updated');

    expect(platform.calls).toEqual(['create', 'update']);
    expect(await listings.getListing('exp_1', 'veh_1')).toMatchObject({ state: 'removed' });
    expect(await listings.getListing('exp_1', 'veh_2')).toMatchObject({
      state: 'listed',
      listingRef: '398765432',
    });
  });

  it('lets the re-created vehicle take over the listing when its own sync comes first', async () => {
    stock({ internalNumber: 'STK-1' });
    await sync();
    vehicles.vehicles.delete('veh_1');
    vehicles.vehicles.set('veh_2', {
      ...aVehicle({ vehicleId: 'veh_2', internalNumber: 'STK-1', releases: { exp_1: true } }),
      dealerId: 'd1',
    });

    expect(await syncListing({ ...message, vehicleId: 'veh_2', version: 1 }, deps)).toBe('updated');
    expect(await syncListing({ ...message, version: 2 }, deps)).toBe('unchanged');

    expect(platform.calls).toEqual(['create', 'update']);
    expect(details.details.some((detail) => detail.messages.some((m) => m.code === 'LISTING_KEPT'))).toBe(
      true,
    );
  });

  it('creates the listing again when it was deleted on the platform by hand', async () => {
    stock();
    await sync();
    platform.ads.clear();
    stock({ price: { gross: '1.00', currency: 'EUR', vatRate: '19.00' } });

    expect(await syncListing({ ...message, version: 2 }, deps)).toBe('created');

    expect(platform.calls).toEqual(['create', 'update', 'create']);
    expect(platform.ads.size).toBe(1);
    expect(details.details.at(-1)).toMatchObject({
      action: 'create',
      outcome: 'warning',
      messages: [{ code: 'LISTING_RECREATED' }],
    });
  });

  it('re-sends unchanged content when forced (full transfer)', async () => {
    stock();
    await sync();
    expect(await syncListing({ ...message, force: true, resync: 'ft-1' }, deps)).toBe('updated');
    expect(platform.calls).toEqual(['create', 'update']);
  });

  it('sends the listing again later while images failed for a passing reason, three times at most', async () => {
    stock();
    platform.warnings = [{ severity: 'warning', code: 'IMAGE_DELAYED', text: 'image timed out' }];

    const waits: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const error = await sync().catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'ImagesDelayedError' });
      waits.push((error as { retryAfterSeconds: number }).retryAfterSeconds);
    }
    expect(await sync()).toBe('updated');

    expect(waits).toEqual([60, 120, 240]);
    expect(platform.calls).toEqual(['create', 'update', 'update', 'update']);
    expect(await listings.getListing('exp_1', 'veh_1')).toMatchObject({
      contentHash: expect.any(String) as string,
    });
    expect((await listings.getListing('exp_1', 'veh_1'))?.imageRetries).toBeUndefined();
    // Given up until the content changes: the same content sends nothing.
    expect(await sync()).toBe('unchanged');
  });

  it('sends nothing again when the images arrive on the retry', async () => {
    stock();
    platform.warnings = [{ severity: 'warning', code: 'IMAGE_DELAYED', text: 'image timed out' }];
    await expect(sync()).rejects.toMatchObject({ name: 'ImagesDelayedError' });
    platform.warnings = [];
    expect(await sync()).toBe('updated');
    expect(await sync()).toBe('unchanged');
    expect(platform.calls).toEqual(['create', 'update']);
  });

  it('deletes the listing of an export deactivated with removeListings, and only then', async () => {
    stock({ internalNumber: 'STK-1' });
    await sync();
    const purge = { ...message, version: 0, resync: 'rm-job_1', purge: true };
    exports.add(anExport({ status: 'inactive' }));
    expect(await syncListing(purge, deps)).toBe('skipped');
    // A vehicle with the same number must not keep the deactivated export's ad alive.
    vehicles.vehicles.set('veh_2', {
      ...aVehicle({ vehicleId: 'veh_2', internalNumber: 'STK-1', releases: { exp_1: true } }),
      dealerId: 'd1',
    });
    exports.add(anExport({ status: 'inactive', removeListings: true }));
    expect(await syncListing(message, deps)).toBe('skipped');
    expect(await syncListing(purge, deps)).toBe('removed');
    expect(platform.calls).toEqual(['create', 'remove']);
  });
});
