import { randomUUID } from 'node:crypto';

/** An ad as `GET …/ads/{id}` returns it: the body sent, plus the platform's own fields (§1.5). */
export type StoredAd = Readonly<Record<string, unknown>> & {
  readonly mobileAdId: string;
  readonly mobileSellerId: string;
  readonly creationDate: string;
  readonly modificationDate: string;
};

export interface StoredImage {
  readonly ref: string;
  readonly bytes: Buffer;
}

/** First ad id; ids are numeric strings that only grow (platforms.md §1.2, §1.6 example). */
export const FIRST_AD_ID = 398_765_432;

/**
 * The ads per seller, the insertion-request ids that created them, and uploaded images. An
 * insertion id is remembered per seller until its ad is deleted [INFERRED: mobile.de's expiry of
 * the id is unknown, platforms.md §5 item 9]; then the same id creates a new ad.
 */
export class AdStore {
  private ads = new Map<string, Map<string, StoredAd>>();
  private insertions = new Map<string, string>();
  private images = new Map<string, StoredImage>();
  private nextId = FIRST_AD_ID;

  reset(): void {
    this.ads = new Map();
    this.insertions = new Map();
    this.images = new Map();
    this.nextId = FIRST_AD_ID;
  }

  list(sellerId: string): readonly StoredAd[] {
    return [...(this.ads.get(sellerId)?.values() ?? [])];
  }

  get(sellerId: string, adId: string): StoredAd | undefined {
    return this.ads.get(sellerId)?.get(adId);
  }

  /** The ad an insertion id already created for this seller, if it still exists. */
  byInsertionId(sellerId: string, insertionId: string): StoredAd | undefined {
    const adId = this.insertions.get(insertionKey(sellerId, insertionId));
    return adId === undefined ? undefined : this.get(sellerId, adId);
  }

  create(
    sellerId: string,
    body: Record<string, unknown>,
    insertionId: string | undefined,
    now: Date,
  ): StoredAd {
    const mobileAdId = String(this.nextId++);
    const at = timestamp(now);
    const ad: StoredAd = {
      ...body,
      mobileAdId,
      mobileSellerId: sellerId,
      creationDate: at,
      modificationDate: at,
    };
    const sellerAds = this.ads.get(sellerId) ?? new Map<string, StoredAd>();
    sellerAds.set(mobileAdId, ad);
    this.ads.set(sellerId, sellerAds);
    if (insertionId) this.insertions.set(insertionKey(sellerId, insertionId), mobileAdId);
    return ad;
  }

  /** Full replace (§1.4 #5); an ad body without `images` keeps the stored images (§1.12 item 5). */
  replace(sellerId: string, adId: string, body: Record<string, unknown>, now: Date): StoredAd | undefined {
    const existing = this.get(sellerId, adId);
    if (!existing) return undefined;
    const images =
      body.images === undefined && existing.images !== undefined ? { images: existing.images } : {};
    const ad: StoredAd = {
      ...body,
      ...images,
      mobileAdId: adId,
      mobileSellerId: sellerId,
      creationDate: existing.creationDate,
      modificationDate: timestamp(now),
    };
    this.ads.get(sellerId)!.set(adId, ad);
    return ad;
  }

  delete(sellerId: string, adId: string): boolean {
    const deleted = this.ads.get(sellerId)?.delete(adId) ?? false;
    for (const [key, id] of this.insertions) {
      if (id === adId && key.startsWith(`${sellerId}\u0000`)) this.insertions.delete(key);
    }
    return deleted;
  }

  addImage(bytes: Buffer): StoredImage {
    const image = { ref: randomUUID(), bytes };
    this.images.set(image.ref, image);
    return image;
  }

  image(ref: string): StoredImage | undefined {
    return this.images.get(ref);
  }

  /** All sellers' ads, for the human page and `GET /_emulator/state`. */
  all(): readonly { sellerId: string; ads: readonly StoredAd[] }[] {
    return [...this.ads.entries()].map(([sellerId, ads]) => ({ sellerId, ads: [...ads.values()] }));
  }
}

function insertionKey(sellerId: string, insertionId: string): string {
  return `${sellerId}\u0000${insertionId}`;
}

/** ISO-8601 with offset, as the Seller-API writes it (§1.5 `creationDate`). */
function timestamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
