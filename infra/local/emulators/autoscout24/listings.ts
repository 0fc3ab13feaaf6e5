import { createHash, randomUUID } from 'node:crypto';

/** An uploaded image (platforms.md §3.2 `POST /customers/{id}/images`), referenced by id in listings. */
export interface StoredImage {
  readonly id: string;
  readonly contentType: string;
  readonly bytes: number;
  readonly md5: string;
}

/** A listing as the emulator keeps it: the body last sent, plus what the platform adds (§3.3 "response extras"). */
export interface StoredListing {
  readonly id: string;
  readonly customerId: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly lastUpdatedAt: string;
}

/** The summary row of `GET /customers/{id}/listings` (§3.2, from the spec as C-HELVARO quotes it). */
export interface ListingSummary {
  readonly id: string;
  readonly createdAt: string;
  readonly lastUpdatedAt: string;
  readonly offerReferenceId: string | null;
  readonly crossReferenceId: string | null;
  readonly vinEnrichmentStatus: string;
  readonly vinEnrichmentMissingFields: readonly string[];
}

/** Listings and images per customer. Ids are GUID strings (§3.3); PUT replaces the whole body. */
export class ListingStore {
  private listings = new Map<string, StoredListing>();
  private images = new Map<string, StoredImage & { customerId: string }>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  clear(): void {
    this.listings = new Map();
    this.images = new Map();
  }

  create(customerId: string, body: Record<string, unknown>): StoredListing {
    const at = this.now().toISOString();
    const listing = { id: randomUUID(), customerId, body, createdAt: at, lastUpdatedAt: at };
    this.listings.set(listing.id, listing);
    return listing;
  }

  get(customerId: string, listingId: string): StoredListing | undefined {
    const listing = this.listings.get(listingId);
    return listing?.customerId === customerId ? listing : undefined;
  }

  replace(customerId: string, listingId: string, body: Record<string, unknown>): StoredListing | undefined {
    const known = this.get(customerId, listingId);
    if (!known) return undefined;
    const listing = { ...known, body, lastUpdatedAt: this.now().toISOString() };
    this.listings.set(listingId, listing);
    return listing;
  }

  delete(customerId: string, listingId: string): boolean {
    return this.get(customerId, listingId) ? this.listings.delete(listingId) : false;
  }

  /** Oldest first, as created. */
  of(customerId: string): readonly StoredListing[] {
    return [...this.listings.values()].filter((listing) => listing.customerId === customerId);
  }

  all(): readonly StoredListing[] {
    return [...this.listings.values()];
  }

  addImage(customerId: string, contentType: string, data: Buffer): StoredImage {
    const image = {
      id: randomUUID(),
      customerId,
      contentType,
      bytes: data.length,
      md5: createHash('md5').update(data).digest('hex'),
    };
    this.images.set(image.id, image);
    return image;
  }

  image(customerId: string, imageId: string): StoredImage | undefined {
    const image = this.images.get(imageId);
    return image?.customerId === customerId ? image : undefined;
  }
}

export function summaryOf(listing: StoredListing): ListingSummary {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: listing.id,
    createdAt: listing.createdAt,
    lastUpdatedAt: listing.lastUpdatedAt,
    offerReferenceId: text(listing.body.offerReferenceId),
    crossReferenceId: text(listing.body.crossReferenceId),
    vinEnrichmentStatus: 'NotRequested',
    vinEnrichmentMissingFields: [],
  };
}
