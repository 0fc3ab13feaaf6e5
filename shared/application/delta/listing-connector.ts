import type { PlatformListing } from '../../domain/inventory-match';
import type { ListingMessage } from '../../domain/listing';
import type { Vehicle } from '../../domain/vehicle';

/**
 * Port: one marketplace (or the dealer's own system) as the delta worker sees it. One
 * implementation per platform under shared/adapters/connectors/<platform>/.
 *
 * Errors: a passing failure (timeout, 429, 5xx, network) throws PlatformUnavailableError (the
 * message is retried with back-off, then dead-lettered); a permanent refusal of the content
 * (validation) throws ListingRejectedError with the platform's messages (recorded as an `error`
 * detail, not retried). Nothing else is thrown for platform answers.
 */
export interface ListingConnector {
  /**
   * What the platform would receive for this vehicle: pure and deterministic, because its hash
   * decides whether anything is sent. Throws ListingRejectedError when the vehicle cannot be
   * expressed for the platform at all (e.g. a make without a reference key).
   */
  toPayload(vehicle: Vehicle, context: ListingContext): unknown;
  /**
   * Creates the listing. Idempotent by `insertionKey`: repeating a create that already succeeded
   * returns the existing listing (mobile.de: 303 on a repeated X-Mobile-Insertion-Request-Id;
   * elsewhere: look it up by the key first), never a second one.
   */
  create(target: ListingTarget, payload: unknown, insertionKey: string): Promise<ListingOutcome>;
  /** Replaces the whole listing with the payload. */
  update(target: ListingTarget, listingRef: string, payload: unknown): Promise<ListingOutcome>;
  /** Removes the listing; one that is already gone counts as removed. */
  remove(target: ListingTarget, listingRef: string): Promise<ListingOutcome>;
  /**
   * The reference of a listing a create may have made although its answer was lost (the worker
   * died right after the platform created it), looked up by what the create carried: the
   * insertion key and the vehicle's internal number. Undefined when there is none.
   */
  find(target: ListingTarget, hint: ListingHint): Promise<string | undefined>;
  /**
   * Every listing of the dealer on the platform, all pages, in the platform's order (the inventory
   * match, PRODUCT.md §4). Absent where the match does not apply (webhooks). A platform whose list
   * lacks the VIN or title reads a listing in full only when `details` says so (it is asked in
   * list order). Throws PlatformUnavailableError like every call.
   */
  listListings?(target: ListingTarget, options?: ListListingsOptions): Promise<readonly PlatformListing[]>;
}

export interface ListListingsOptions {
  /** True: the listing's VIN and title are needed (it matched no internal number). Default: always. */
  readonly details?: (listing: PlatformListing) => boolean;
}

export interface ListingHint {
  readonly insertionKey: string;
  readonly internalNumber?: string;
}

/** Everything about the dealer and the export that shapes a payload besides the vehicle. */
export interface ListingContext {
  /** The export's settings, secrets opened. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The dealer's contact e-mail for customer requests (put into every listing), if set. */
  readonly contactEmail: string | null;
  /** The dealer's image limit. */
  readonly maxImages: number;
  /** Additional bookings (validated against the app's bookableFeatures). */
  readonly bookings: readonly string[];
}

/** Where the listing lives: the export's settings (e.g. sellerId, customerId, webhook url/secret), secrets opened. */
export interface ListingTarget {
  readonly exportId: string;
  readonly vehicleId: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

export interface ListingOutcome {
  /** The platform's reference of the listing (for remove: the removed one). */
  readonly listingRef: string;
  /** Warnings and notes the platform gave (an accepted listing may still carry warnings). */
  readonly messages: readonly ListingMessage[];
}
