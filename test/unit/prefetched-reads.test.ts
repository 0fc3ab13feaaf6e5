import { describe, expect, it } from 'vitest';
import { prefetchedReads } from '../../shared/application/delta/prefetched-reads';
import type { Listing } from '../../shared/domain/listing';
import { InMemoryListings } from '../support/delta-fakes';
import { InMemoryVehicles, aVehicle } from '../support/fakes';

describe('the reads of a delta batch, prefetched', () => {
  const message = (vehicleId: string) => ({ dealerId: 'd1', exportId: 'exp_1', vehicleId, version: 1 });
  const listing = (vehicleId: string, contentHash: string): Listing => ({
    exportId: 'exp_1',
    vehicleId,
    state: 'listed',
    listingRef: `ad-${vehicleId}`,
    insertionKey: `ins-${vehicleId}`,
    contentHash,
    bookings: [],
    syncedVersion: 1,
    updatedAt: '2026-11-27T09:00:00.000Z',
  });

  it("serves each key's first read from two batch requests, and later reads from the tables", async () => {
    const vehicles = new InMemoryVehicles();
    vehicles.vehicles.set('veh_1', { ...aVehicle({ vehicleId: 'veh_1' }), dealerId: 'd1' });
    const listings = new InMemoryListings();
    await listings.saveListing(listing('veh_1', 'old'), undefined);
    const requests: string[] = [];

    const reads = await prefetchedReads(
      [message('veh_1'), message('veh_2'), message('veh_1')],
      {
        vehiclesOf: async (dealerId, ids) => {
          requests.push(`vehicles ${dealerId} ${ids.join(',')}`);
          return new Map([['veh_1', (await vehicles.getVehicle('d1', 'veh_1'))!]]);
        },
        listingsOf: async (exportId, ids) => {
          requests.push(`listings ${exportId} ${ids.join(',')}`);
          return new Map([['veh_1', (await listings.getListing('exp_1', 'veh_1'))!]]);
        },
      },
      vehicles,
      listings,
    );
    expect(requests).toEqual(['vehicles d1 veh_1,veh_2', 'listings exp_1 veh_1,veh_2']);

    // The first message of veh_1 writes its listing; the second one must see that write.
    expect((await reads.listings.getListing('exp_1', 'veh_1'))?.contentHash).toBe('old');
    await listings.saveListing(listing('veh_1', 'new'), listing('veh_1', 'old'));
    expect((await reads.listings.getListing('exp_1', 'veh_1'))?.contentHash).toBe('new');

    // Prefetched as absent: answered without a read, as absent.
    expect(await reads.vehicles.getVehicle('d1', 'veh_2')).toBeUndefined();
    expect(await reads.listings.getListing('exp_1', 'veh_2')).toBeUndefined();
    expect((await reads.vehicles.getVehicle('d1', 'veh_1'))?.vehicleId).toBe('veh_1');
  });
});
