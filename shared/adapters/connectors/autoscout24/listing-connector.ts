import type {
  ListingConnector,
  ListingContext,
  ListingHint,
  ListingOutcome,
  ListingTarget,
  ListListingsOptions,
} from '../../../application/delta/listing-connector';
import { ListingRejectedError } from '../../../domain/errors';
import type { PlatformListing } from '../../../domain/inventory-match';
import type { ListingMessage } from '../../../domain/listing';
import type { Vehicle } from '../../../domain/vehicle';
import { PlatformCallError, type PlatformAccount } from '../platform-http';
import { listingImages, type ImageMode } from './images';
import { AutoScout24ListingClient } from './listing-client';
import type { ListingHttpOptions } from './listing-http';
import { ListingPayloadSchema, type ListingDetail } from './listing-schemas';
import { toAutoScout24Listing, type AutoScout24ListingPayload } from './mapper';
import { makeModelNames } from './reference-data';

export interface AutoScout24ListingOptions extends ListingHttpOptions {
  /** Default `upload` (README.md "Images"). */
  readonly images?: ImageMode;
  /** Fetches the dealer's images for upload; default global fetch. */
  readonly imageFetch?: typeof fetch;
  /** Summaries per page when listing a customer's listings; default 100 (tests page with less). */
  readonly listingsPageSize?: number;
}

/** Full reads of listings at once during the inventory match. */
const DETAIL_READS_AT_ONCE = 4;

/**
 * The ListingConnector port over the AutoScout24 Listing Creation API (LCA-NG) with our
 * data-provider account (README.md). Bookings are not sent: LCA-NG has no booking endpoint that
 * the reference found (platforms.md §3.5).
 */
export class AutoScout24ListingConnector implements ListingConnector {
  private readonly client: AutoScout24ListingClient;

  constructor(
    account: PlatformAccount,
    private readonly options: AutoScout24ListingOptions = {},
  ) {
    this.client = new AutoScout24ListingClient(account, options);
  }

  toPayload(vehicle: Vehicle, context: ListingContext): AutoScout24ListingPayload {
    return toAutoScout24Listing(vehicle, context);
  }

  /**
   * LCA-NG has no idempotency header (mobile.de's insertion id), so the listing is looked up by
   * its `offerReferenceId` (our internal number) first and replaced when found: a repeated create
   * never makes a second listing. The insertion key is therefore not sent.
   */
  async create(target: ListingTarget, payload: unknown, _insertionKey: string): Promise<ListingOutcome> {
    const customerId = customerIdOf(target);
    const listing = payloadOf(payload);
    const existing = await this.client.findByReference(customerId, listing.offerReferenceId);
    const { body, messages } = await this.bodyOf(customerId, listing);
    if (existing && (await this.client.replaceListing(customerId, existing, body)) === 'replaced') {
      const found: ListingMessage = {
        severity: 'info',
        code: 'LISTING_FOUND',
        text: `AutoScout24 already had listing ${existing} for ${listing.offerReferenceId}; it was updated.`,
      };
      return { listingRef: existing, messages: [found, ...messages] };
    }
    const created = await this.client.createListing(customerId, body);
    const pending: ListingMessage[] = created.accepted
      ? [
          {
            severity: 'info',
            code: 'ACCEPTED_NOT_ACTIVE',
            text: 'AutoScout24 accepted the listing; it is not active yet.',
          },
        ]
      : [];
    return { listingRef: created.id, messages: [...pending, ...messages] };
  }

  async update(target: ListingTarget, listingRef: string, payload: unknown): Promise<ListingOutcome> {
    const customerId = customerIdOf(target);
    const { body, messages } = await this.bodyOf(customerId, payloadOf(payload));
    if ((await this.client.replaceListing(customerId, listingRef, body)) === 'replaced') {
      return { listingRef, messages };
    }
    if (!(await this.client.customerKnown(customerId))) throw unknownCustomer(customerId);
    const text = `AutoScout24 listing ${listingRef} no longer exists (deleted on AutoScout24).`;
    throw new ListingRejectedError(text, [{ severity: 'error', code: 'LISTING_NOT_FOUND', text }]);
  }

  /** DELETE; a 404 for a customer that exists means the listing is already gone, which counts as removed. */
  /** The customer's listing with the vehicle's internal number as `offerReferenceId`, as create looks it up. */
  async find(target: ListingTarget, hint: ListingHint): Promise<string | undefined> {
    if (!hint.internalNumber) return undefined;
    return this.client.findByReference(customerIdOf(target), hint.internalNumber);
  }

  /**
   * The summaries carry our internal number (`offerReferenceId`) but no VIN or title (§3.2), so a
   * listing is read in full only when the match needs more than its internal number: one GET per
   * such listing instead of one per listing of the dealer.
   */
  async listListings(
    target: ListingTarget,
    options: ListListingsOptions = {},
  ): Promise<readonly PlatformListing[]> {
    const customerId = customerIdOf(target);
    const summaries = await this.client.listSummaries(customerId, this.options.listingsPageSize ?? 100);
    const listed = summaries.map((summary) => {
      const listing: PlatformListing = {
        listingRef: summary.id,
        internalNumber: summary.offerReferenceId ?? null,
        vin: null,
        title: summary.offerReferenceId ?? summary.id,
      };
      return { listing, details: options.details?.(listing) ?? true };
    });
    const result: (PlatformListing | undefined)[] = [];
    for (let start = 0; start < listed.length; start += DETAIL_READS_AT_ONCE) {
      const chunk = listed.slice(start, start + DETAIL_READS_AT_ONCE);
      result.push(
        ...(await Promise.all(
          chunk.map(async ({ listing, details }) => {
            if (!details) return listing;
            const full = await this.client.getListing(customerId, listing.listingRef);
            // Deleted between the list and the read: nothing left to match.
            return full ? detailedListing(full) : undefined;
          }),
        )),
      );
    }
    return result.filter((listing) => listing !== undefined);
  }

  async remove(target: ListingTarget, listingRef: string): Promise<ListingOutcome> {
    const customerId = customerIdOf(target);
    if ((await this.client.deleteListing(customerId, listingRef)) === 'deleted')
      return { listingRef, messages: [] };
    if (!(await this.client.customerKnown(customerId))) throw unknownCustomer(customerId);
    return {
      listingRef,
      messages: [
        {
          severity: 'info',
          code: 'ALREADY_GONE',
          text: `AutoScout24 listing ${listingRef} was already gone.`,
        },
      ],
    };
  }

  /** The body as sent: the payload with its image URLs turned into uploaded image ids. */
  private async bodyOf(
    customerId: string,
    listing: { images: { url: string }[] } & Record<string, unknown>,
  ): Promise<{ body: Record<string, unknown>; messages: ListingMessage[] }> {
    const { images, messages } = await listingImages(
      listing.images.map((image) => image.url),
      customerId,
      this.client,
      {
        mode: this.options.images ?? 'upload',
        fetch: this.options.imageFetch ?? globalThis.fetch,
        timeoutMs: this.options.timeoutMs ?? 10_000,
      },
    );
    return { body: { ...listing, images }, messages };
  }
}

export function createAutoScout24ListingConnector(
  credentials: PlatformAccount,
  options: AutoScout24ListingOptions = {},
): AutoScout24ListingConnector {
  return new AutoScout24ListingConnector(credentials, options);
}

/** A listing read in full: title from its version text, else the make and model names of its ids. */
function detailedListing(full: ListingDetail): PlatformListing {
  const names = makeModelNames(full.make, full.model);
  const title =
    full.modelVersion ?? full.modelName ?? ([names.make, names.model].filter(Boolean).join(' ') || full.id);
  return {
    listingRef: full.id,
    internalNumber: full.offerReferenceId ?? null,
    vin: full.vin ?? null,
    title,
    make: names.make ?? null,
    model: full.modelName ?? names.model ?? null,
  };
}

/** The dealer's AutoScout24 customer id from the export's settings (checked at activation). */
function customerIdOf(target: ListingTarget): string {
  const value = target.settings.customerId;
  if ((typeof value === 'string' && value !== '') || typeof value === 'number') return String(value);
  const text = 'The export has no AutoScout24 customer id in its settings.';
  throw new ListingRejectedError(text, [{ severity: 'error', code: 'CUSTOMER_ID_MISSING', text }]);
}

/** The payload comes back from the delta worker as `unknown`; only toPayload's output is valid. */
function payloadOf(payload: unknown) {
  const parsed = ListingPayloadSchema.safeParse(payload);
  if (!parsed.success) throw new TypeError('AutoScout24: the payload was not made by toPayload');
  return parsed.data;
}

function unknownCustomer(customerId: string): PlatformCallError {
  return new PlatformCallError(`AutoScout24 does not know customer ${customerId} (HTTP 404).`, 404);
}
