import * as z from 'zod';
import type {
  ListingConnector,
  ListingContext,
  ListingHint,
  ListingOutcome,
  ListingTarget,
} from '../../../application/delta/listing-connector';
import { ListingRejectedError } from '../../../domain/errors';
import type { PlatformListing } from '../../../domain/inventory-match';
import type { Vehicle } from '../../../domain/vehicle';
import type { PlatformAccount } from '../platform-http';
import { defaultBookingOptions, type BookingOptions } from './bookings';
import { downloadJpeg } from './image-download';
import { uploadImages, type ImageTransfer } from './image-refs';
import { ADS_PAGE_SIZE, MobileDeListingClient } from './listing-client';
import { toMobileDeAd } from './mapper';
import { MobileDeAdPayloadSchema } from './schemas';
import type { SellerApiHttpOptions } from './seller-api-http';

export interface MobileDeListingOptions extends SellerApiHttpOptions {
  /** Where additional bookings go in the ad (bookings.ts: the field is a guess). */
  readonly bookings?: BookingOptions;
  /** Per image download. Default 10 s. */
  readonly imageTimeoutMs?: number;
  /** Local stack and tests only: load images from loopback and private addresses. */
  readonly allowPrivateImageHosts?: boolean;
  /** The fetch for the dealer's image URLs (tests). */
  readonly imageFetch?: typeof fetch;
  /** Ads per page when listing a seller's ads; default 100 (tests page with less). */
  readonly adsPageSize?: number;
}

/** §1.7: JPEG, at most 2 MB. */
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

const TargetSettingsSchema = z.looseObject({
  sellerId: z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform(String),
});

/**
 * The ListingConnector for the mobile.de Seller-API (README.md beside this file): one ad per
 * vehicle, created idempotently by insertion id, replaced whole on update, deleted on remove.
 */
export class MobileDeListingConnector implements ListingConnector {
  private readonly client: MobileDeListingClient;
  private readonly transfer: ImageTransfer;
  private readonly bookings: BookingOptions;
  private readonly adsPageSize: number;

  constructor(account: PlatformAccount, options: MobileDeListingOptions = {}) {
    this.client = new MobileDeListingClient(account, options);
    this.adsPageSize = options.adsPageSize ?? ADS_PAGE_SIZE;
    this.bookings = options.bookings ?? defaultBookingOptions;
    const downloadOptions = {
      timeoutMs: options.imageTimeoutMs ?? 10_000,
      maxBytes: MAX_IMAGE_BYTES,
      allowPrivateHosts: options.allowPrivateImageHosts ?? false,
      fetch: options.imageFetch ?? globalThis.fetch,
    };
    this.transfer = {
      download: (url) => downloadJpeg(url, downloadOptions),
      upload: (jpeg) => this.client.uploadImage(jpeg),
    };
  }

  toPayload(vehicle: Vehicle, context: ListingContext): unknown {
    return toMobileDeAd(vehicle, context, this.bookings);
  }

  /** 201 → the new ad; 303 → the ad the same insertion key created before, then brought up to date by PUT. */
  async create(target: ListingTarget, payload: unknown, insertionKey: string): Promise<ListingOutcome> {
    const sellerId = sellerIdOf(target);
    const { body, warnings } = await this.withImages(payload);
    const created = await this.client.createAd(sellerId, body, insertionKey);
    if (created.kind === 'created')
      return { listingRef: created.adId, messages: [...warnings, ...created.warnings] };
    const updated = await this.client.updateAd(sellerId, created.adId, body);
    return { listingRef: created.adId, messages: [...warnings, ...updated] };
  }

  async update(target: ListingTarget, listingRef: string, payload: unknown): Promise<ListingOutcome> {
    const sellerId = sellerIdOf(target);
    const { body, warnings } = await this.withImages(payload);
    const updated = await this.client.updateAd(sellerId, listingRef, body);
    return { listingRef, messages: [...warnings, ...updated] };
  }

  /** The seller's ad with the vehicle's internal number (the key of a lost create cannot be asked for). */
  async find(target: ListingTarget, hint: ListingHint): Promise<string | undefined> {
    if (!hint.internalNumber) return undefined;
    const ads = await this.client.listAds(sellerIdOf(target), this.adsPageSize);
    return ads.find((ad) => ad.internalNumber === hint.internalNumber)?.mobileAdId;
  }

  /** The inventory match's view of the seller's ads: the list carries full details (§1.4 #2). */
  async listListings(target: ListingTarget): Promise<readonly PlatformListing[]> {
    const ads = await this.client.listAds(sellerIdOf(target), this.adsPageSize);
    return ads.map((ad) => ({
      listingRef: ad.mobileAdId,
      internalNumber: ad.internalNumber ?? null,
      vin: ad.vin ?? null,
      title: ad.modelDescription ?? [ad.make, ad.model].filter(Boolean).join(' '),
      make: ad.make ?? null,
      model: ad.model ?? null,
    }));
  }

  async remove(target: ListingTarget, listingRef: string): Promise<ListingOutcome> {
    const result = await this.client.deleteAd(sellerIdOf(target), listingRef);
    return {
      listingRef,
      messages:
        result === 'gone'
          ? [{ severity: 'info', code: 'ALREADY_REMOVED', text: 'The ad was already gone on mobile.de.' }]
          : [],
    };
  }

  /**
   * The ad body with uploaded refs in place of the image URLs. When the vehicle has images but
   * none arrived, `images` is left out, so mobile.de keeps the ones it has (§1.12 item 5) instead
   * of a passing image-server failure emptying the ad.
   */
  private async withImages(
    payload: unknown,
  ): Promise<{ body: Record<string, unknown>; warnings: ListingOutcome['messages'] }> {
    const { images: sources, ...ad } = MobileDeAdPayloadSchema.parse(payload);
    const { images, warnings } = await uploadImages(
      sources.map((image) => image.url),
      this.transfer,
    );
    const keepPlatformImages = sources.length > 0 && images.length === 0;
    return { body: keepPlatformImages ? ad : { ...ad, images }, warnings };
  }
}

/** The factory the connector registry calls with our provider account (platform-credentials.ts). */
export function createMobileDeListingConnector(
  credentials: PlatformAccount,
  options?: MobileDeListingOptions,
): MobileDeListingConnector {
  return new MobileDeListingConnector(credentials, options);
}

function sellerIdOf(target: ListingTarget): string {
  const parsed = TargetSettingsSchema.safeParse(target.settings);
  if (parsed.success) return parsed.data.sellerId;
  throw new ListingRejectedError('The export has no valid mobile.de seller id.', [
    {
      severity: 'error',
      code: 'SELLER_ID_INVALID',
      text: 'The export settings need the mobile.de seller id (digits) in "sellerId".',
    },
  ]);
}
