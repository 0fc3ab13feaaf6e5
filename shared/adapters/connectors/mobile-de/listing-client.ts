import * as z from 'zod';
import type { ListingMessage } from '../../../domain/listing';
import { collectPages } from '../paging';
import { parseAnswer, PlatformCallError, type PlatformAccount, type PlatformAnswer } from '../platform-http';
import { MOBILE_DE_MEDIA_TYPE } from './client';
import { issueMessage, listingFailure, mobileDeUnavailable, refusalText, sellerMissing } from './errors';
import { MobileDeImageRefSchema, MobileDeWarningsSchema } from './schemas';
import { SellerApiHttp, type SellerApiHttpOptions } from './seller-api-http';

export type AdWarnings = readonly ListingMessage[];

/** The created ad, or the one a repeated insertion id had created already (303, §1.4 #4a). */
export type CreateAnswer =
  | { readonly kind: 'created'; readonly adId: string; readonly warnings: AdWarnings }
  | { readonly kind: 'exists'; readonly adId: string };

/** An image upload mobile.de refused (wrong type, too large): a note, not a failure of the ad. */
export interface ImageRefused {
  readonly refused: string;
}

/**
 * The Seller-API's ad and image calls (platforms.md §1.4 #4–#7) with our provider account. Each
 * method turns the answer into a result, ListingRejectedError or PlatformUnavailableError.
 */
/** Only what a look-up and the inventory match need of each ad; the rest of the ad is not read. */
const AdListSchema = z.looseObject({
  ads: z.array(
    z.looseObject({
      mobileAdId: z.coerce.string(),
      internalNumber: z.string().optional().catch(undefined),
      vin: z.string().optional().catch(undefined),
      make: z.string().optional().catch(undefined),
      model: z.string().optional().catch(undefined),
      modelDescription: z.string().optional().catch(undefined),
    }),
  ),
  /** Search-API style paging (§1.11); the Seller-API may answer the whole list instead (§1.4). */
  maxPages: z.number().int().optional().catch(undefined),
});
export type ListedAd = z.infer<typeof AdListSchema>['ads'][number];

/** §1.4 pagination: `page.size` at most 100, like the Search-API (§1.11). */
export const ADS_PAGE_SIZE = 100;

export class MobileDeListingClient {
  private readonly http: SellerApiHttp;

  constructor(account: PlatformAccount, options: SellerApiHttpOptions = {}) {
    this.http = new SellerApiHttp(account, options);
  }

  /** `POST …/ads` with `X-Mobile-Insertion-Request-Id`: 201 + Location, or 303 to the existing ad. */
  async createAd(sellerId: string, ad: Record<string, unknown>, insertionKey: string): Promise<CreateAnswer> {
    const answer = await this.http.send({
      method: 'POST',
      path: `${adsPath(sellerId)}`,
      headers: { ...jsonHeaders, 'x-mobile-insertion-request-id': insertionKey },
      body: JSON.stringify(ad),
    });
    if (answer.status === 201) return { kind: 'created', adId: adIdOf(answer), warnings: warningsOf(answer) };
    if (answer.status === 303) return { kind: 'exists', adId: adIdOf(answer) };
    throw listingFailure(answer, 'create');
  }

  /**
   * `GET …/ads` (§1.4 #2): every ad of the seller, page after page (`page.size`/`page.number`,
   * 1-based). A Seller-API that ignores paging answers the whole list at once, which ends the loop.
   */
  async listAds(sellerId: string, pageSize = ADS_PAGE_SIZE): Promise<readonly ListedAd[]> {
    return collectPages(
      'mobile.de',
      async (page) => {
        const answer = await this.http.send({
          method: 'GET',
          path: `${adsPath(sellerId)}?page.size=${pageSize}&page.number=${page}`,
          headers: { accept: MOBILE_DE_MEDIA_TYPE },
        });
        if (answer.status !== 200) throw listingFailure(answer, 'remove');
        const { ads, maxPages } = parseAnswer('mobile.de', AdListSchema, answer);
        return { items: ads, ...(maxPages === undefined ? {} : { maxPages }) };
      },
      { pageSize, idOf: (ad) => ad.mobileAdId },
    );
  }

  /** `PUT …/ads/{id}`: the whole ad (§1.4 #5); 200 with a body or 204. */
  async updateAd(sellerId: string, adId: string, ad: Record<string, unknown>): Promise<AdWarnings> {
    const answer = await this.http.send({
      method: 'PUT',
      path: `${adsPath(sellerId)}/${encodeURIComponent(adId)}`,
      headers: jsonHeaders,
      body: JSON.stringify(ad),
    });
    if (answer.status === 200 || answer.status === 204) return warningsOf(answer);
    throw listingFailure(answer, 'update');
  }

  /** `DELETE …/ads/{id}` (§1.4 #6): 'gone' when mobile.de no longer has the ad (404). */
  async deleteAd(sellerId: string, adId: string): Promise<'deleted' | 'gone'> {
    const answer = await this.http.send({
      method: 'DELETE',
      path: `${adsPath(sellerId)}/${encodeURIComponent(adId)}`,
      headers: { accept: MOBILE_DE_MEDIA_TYPE },
    });
    if (answer.status === 200 || answer.status === 204) return 'deleted';
    if (answer.status === 404 && !sellerMissing(answer, 'remove')) return 'gone';
    throw listingFailure(answer, 'remove');
  }

  /** `POST /seller-api/images` with the raw JPEG (§1.4 #7, §1.6 step 1). */
  async uploadImage(jpeg: Uint8Array): Promise<string | ImageRefused> {
    const answer = await this.http.send({
      method: 'POST',
      path: '/seller-api/images',
      headers: { accept: MOBILE_DE_MEDIA_TYPE, 'content-type': 'image/jpeg' },
      body: jpeg,
    });
    if (answer.status === 200 || answer.status === 201)
      return parseAnswer('mobile.de', MobileDeImageRefSchema, answer).ref;
    if ([400, 413, 415, 422].includes(answer.status)) return { refused: refusalText(answer) };
    throw mobileDeUnavailable(answer);
  }
}

const jsonHeaders = { accept: MOBILE_DE_MEDIA_TYPE, 'content-type': MOBILE_DE_MEDIA_TYPE };

function adsPath(sellerId: string): string {
  return `/seller-api/sellers/${encodeURIComponent(sellerId)}/ads`;
}

/** The ad id is the last path segment of `Location`, absolute or relative (§1.6, C-RELLER). */
function adIdOf(answer: PlatformAnswer): string {
  const location = answer.headers.get('location');
  const id = location
    ? new URL(location, 'http://relative').pathname.split('/').filter(Boolean).pop()
    : undefined;
  if (!id)
    throw new PlatformCallError(
      'mobile.de gave an answer we could not read. Try again later.',
      answer.status,
    );
  return decodeURIComponent(id);
}

function warningsOf(answer: PlatformAnswer): AdWarnings {
  const parsed = MobileDeWarningsSchema.safeParse(answer.body);
  return parsed.success ? parsed.data.map((issue) => issueMessage('warning', issue)) : [];
}
