import type { Export } from '../../domain/export';
import type { Listing } from '../../domain/listing';
import type { Vehicle } from '../../domain/vehicle';
import type { ListingConnector } from './listing-connector';

/** What the worker needs of the listings an export keeps (Exports table, `LISTING#<vehicleId>`). */
export interface ListingStore {
  getListing(exportId: string, vehicleId: string): Promise<Listing | undefined>;
  /**
   * Writes the listing only if the stored one is still what the worker read (`undefined`: none
   * stored), comparing state and insertion key. False when someone else changed it first.
   */
  saveListing(
    listing: Listing,
    expected: Pick<Listing, 'state' | 'insertionKey'> | undefined,
  ): Promise<boolean>;
  /** The live (`listed`) listing on this export that carries the internal number, if any. */
  liveListingWithInternalNumber(exportId: string, internalNumber: string): Promise<Listing | undefined>;
  /**
   * Moves a live listing to another vehicle in one step: `from` becomes `removed` (it must still
   * be as read) and `to` is written if the target vehicle's listing is still `expected`.
   */
  transferListing(from: Listing, to: Listing, expected: Listing | undefined): Promise<boolean>;
  /** Does another vehicle's listing on this export hold this reference? */
  claimedByOther(exportId: string, vehicleId: string, listingRef: string): Promise<boolean>;
}

/** The connector that serves an export, with the settings it acts on (secrets opened). */
export interface ResolvedTarget {
  readonly connector: ListingConnector;
  readonly settings: Readonly<Record<string, unknown>>;
  /** The app's own filter (custom apps): a vehicle it refuses is treated as not released. */
  readonly accepts?: (vehicle: Vehicle) => boolean;
}

export interface TargetResolver {
  /** Undefined when no connector serves the export's app (e.g. a feed app). */
  resolve(exp: Export): Promise<ResolvedTarget | undefined>;
}

/** The dealer preferences a listing payload depends on. */
export interface ListingPreferences {
  preferencesOf(dealerId: string): Promise<{ contactEmail: string | null; maxImages: number }>;
}
