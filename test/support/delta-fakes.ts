import type { ListingConnector, ListingOutcome } from '../../shared/application/delta/listing-connector';
import type { ListingStore, TargetResolver } from '../../shared/application/delta/ports';
import { ListingRejectedError, PlatformUnavailableError } from '../../shared/domain/errors';
import type { Listing } from '../../shared/domain/listing';
import type { Vehicle } from '../../shared/domain/vehicle';

/** In-memory listings with the same conditional write the DynamoDB adapter does. */
export class InMemoryListings implements ListingStore {
  readonly listings = new Map<string, Listing>();
  async getListing(exportId: string, vehicleId: string) {
    return this.listings.get(`${exportId}/${vehicleId}`);
  }
  async claimedByOther(exportId: string, vehicleId: string, listingRef: string) {
    return [...this.listings.values()].some(
      (listing) =>
        listing.exportId === exportId && listing.vehicleId !== vehicleId && listing.listingRef === listingRef,
    );
  }
  async liveListingWithInternalNumber(exportId: string, internalNumber: string) {
    return [...this.listings.values()].find(
      (listing) =>
        listing.exportId === exportId &&
        listing.state === 'listed' &&
        listing.internalNumber === internalNumber,
    );
  }
  async saveListing(listing: Listing, expected: Pick<Listing, 'state' | 'insertionKey'> | undefined) {
    if (!this.matches(listing, expected)) return false;
    this.listings.set(`${listing.exportId}/${listing.vehicleId}`, listing);
    return true;
  }
  async transferListing(from: Listing, to: Listing, expected: Listing | undefined) {
    if (!this.matches(from, from) || !this.matches(to, expected)) return false;
    this.listings.set(`${from.exportId}/${from.vehicleId}`, { ...from, state: 'removed', contentHash: null });
    this.listings.set(`${to.exportId}/${to.vehicleId}`, to);
    return true;
  }
  private matches(listing: Listing, expected: Pick<Listing, 'state' | 'insertionKey'> | undefined) {
    const stored = this.listings.get(`${listing.exportId}/${listing.vehicleId}`);
    return expected
      ? stored?.state === expected.state && stored.insertionKey === expected.insertionKey
      : stored === undefined;
  }
}

/**
 * A marketplace in memory: listings by reference, creates deduplicated by insertion key (as
 * mobile.de's 303 does), every call counted, failures injectable.
 */
export class FakeMarketplace implements ListingConnector {
  readonly ads = new Map<string, unknown>();
  readonly byInsertionKey = new Map<string, string>();
  readonly calls: string[] = [];
  /** The next calls fail with these errors, in order. */
  readonly failures: Error[] = [];
  warnings: ListingOutcome['messages'] = [];
  private nextRef = 398765432;

  toPayload(vehicle: Vehicle, context: { bookings: readonly string[]; contactEmail: string | null }) {
    if (vehicle.make === 'Unknown') {
      throw new ListingRejectedError('no make key', [
        { severity: 'error', code: 'UNKNOWN_MAKE', text: 'make not known' },
      ]);
    }
    return {
      title: `${vehicle.make} ${vehicle.model}`,
      price: vehicle.price.gross,
      contact: context.contactEmail,
    };
  }
  async create(_target: unknown, payload: unknown, insertionKey: string) {
    this.calls.push('create');
    this.failNow();
    const existing = this.byInsertionKey.get(insertionKey);
    const ref = existing ?? String(this.nextRef++);
    this.byInsertionKey.set(insertionKey, ref);
    this.ads.set(ref, payload);
    return { listingRef: ref, messages: this.warnings };
  }
  async update(_target: unknown, ref: string, payload: unknown) {
    this.calls.push('update');
    this.failNow();
    if (!this.ads.has(ref)) {
      const text = `ad ${ref} no longer exists`;
      throw new ListingRejectedError(text, [{ severity: 'error', code: 'LISTING_NOT_FOUND', text }]);
    }
    this.ads.set(ref, payload);
    return { listingRef: ref, messages: this.warnings };
  }
  async find(_target: unknown, hint: { insertionKey: string }) {
    this.calls.push('find');
    const ref = this.byInsertionKey.get(hint.insertionKey);
    return ref !== undefined && this.ads.has(ref) ? ref : undefined;
  }
  async remove(_target: unknown, ref: string) {
    this.calls.push('remove');
    this.failNow();
    this.ads.delete(ref);
    return { listingRef: ref, messages: [] };
  }
  private failNow(): void {
    const failure = this.failures.shift();
    if (failure) throw failure;
  }
}

export const unavailable = () => new PlatformUnavailableError('503 from the platform');
export const rejected = () =>
  new ListingRejectedError('rejected', [
    { severity: 'error', code: 'modeldescription-too-long', text: 'too long' },
  ]);

export function resolverFor(connector: ListingConnector): TargetResolver {
  return { resolve: async () => ({ connector, settings: { sellerId: '1000001' } }) };
}
