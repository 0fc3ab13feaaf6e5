import type { Listing } from '../../domain/listing';
import type { SyncMessage } from '../../domain/sync-message';
import type { Vehicle } from '../../domain/vehicle';
import type { VehicleLookup, VehicleReader } from '../ports';
import type { ListingStore } from './ports';

/** Reads of many vehicles or listings in one request (BatchGetItem). */
export interface BatchReads {
  vehiclesOf(dealerId: string, vehicleIds: readonly string[]): Promise<ReadonlyMap<string, Vehicle>>;
  listingsOf(exportId: string, vehicleIds: readonly string[]): Promise<ReadonlyMap<string, Listing>>;
}

const key = (scope: string, vehicleId: string) => `${scope}/${vehicleId}`;

/**
 * The vehicles and listings a batch of sync messages is about, read in two requests up front
 * instead of two per message. Each prefetched value serves its key's FIRST read only: a later read
 * of the same key in the batch (a second message of the same vehicle, after the first one wrote)
 * goes to the table again. Messages of one vehicle are one FIFO group, so no other worker writes
 * its listing between the prefetch and that first read.
 */
export async function prefetchedReads<Stores extends VehicleReader & VehicleLookup>(
  messages: readonly SyncMessage[],
  batch: BatchReads,
  vehicles: Stores,
  listings: ListingStore,
): Promise<{ vehicles: VehicleReader & VehicleLookup; listings: ListingStore }> {
  const vehicleKeys = groupBy(messages, (message) => message.dealerId);
  const listingKeys = groupBy(messages, (message) => message.exportId);
  const [vehicleMaps, listingMaps] = await Promise.all([
    Promise.all(
      [...vehicleKeys].map(
        async ([dealerId, ids]) => [dealerId, await batch.vehiclesOf(dealerId, ids)] as const,
      ),
    ),
    Promise.all(
      [...listingKeys].map(
        async ([exportId, ids]) => [exportId, await batch.listingsOf(exportId, ids)] as const,
      ),
    ),
  ]);
  // Present keys hold the value; prefetched keys without an item hold undefined.
  const vehicleCache = new Map<string, Vehicle | undefined>();
  for (const [dealerId, found] of vehicleMaps)
    for (const id of vehicleKeys.get(dealerId)!) vehicleCache.set(key(dealerId, id), found.get(id));
  const listingCache = new Map<string, Listing | undefined>();
  for (const [exportId, found] of listingMaps)
    for (const id of listingKeys.get(exportId)!) listingCache.set(key(exportId, id), found.get(id));

  const once = <Value>(
    cache: Map<string, Value | undefined>,
    cacheKey: string,
    read: () => Promise<Value | undefined>,
  ) => {
    if (!cache.has(cacheKey)) return read();
    const value = cache.get(cacheKey);
    cache.delete(cacheKey);
    return Promise.resolve(value);
  };
  return {
    vehicles: {
      getVehicle: (dealerId, vehicleId) =>
        once(vehicleCache, key(dealerId, vehicleId), () => vehicles.getVehicle(dealerId, vehicleId)),
      vehicleIdByInternalNumber: (dealerId, internalNumber) =>
        vehicles.vehicleIdByInternalNumber(dealerId, internalNumber),
    },
    listings: {
      getListing: (exportId, vehicleId) =>
        once(listingCache, key(exportId, vehicleId), () => listings.getListing(exportId, vehicleId)),
      saveListing: (listing, expected) => listings.saveListing(listing, expected),
      transferListing: (from, to, expected) => listings.transferListing(from, to, expected),
      liveListingWithInternalNumber: (exportId, internalNumber) =>
        listings.liveListingWithInternalNumber(exportId, internalNumber),
      claimedByOther: (exportId, vehicleId, ref) => listings.claimedByOther(exportId, vehicleId, ref),
    },
  };
}

function groupBy(
  messages: readonly SyncMessage[],
  scope: (message: SyncMessage) => string,
): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const message of messages) {
    const ids = groups.get(scope(message)) ?? [];
    if (!ids.includes(message.vehicleId)) ids.push(message.vehicleId);
    groups.set(scope(message), ids);
  }
  return groups;
}
