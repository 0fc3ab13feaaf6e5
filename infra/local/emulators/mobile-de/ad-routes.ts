import { jsonBody, route, type EmulatorRequest, type EmulatorResponse, type Route } from '../kit/router';
import type { AdStore, StoredAd } from './ad-store';
import { validateAd } from './ad-validation';
import type { MobileDeCaller } from './auth';
import { errors, MOBILE_DE_MEDIA_TYPE, titled } from './responses';
import { sellerNotFound } from './routes';
import type { MobileDeState } from './state';

/** platforms.md §1.7: "JPEG only, ≤ 2 MB each". */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/**
 * The ad and image rows of the Seller-API (platforms.md §1.4 #2–#7, §1.6, §1.9). Validation
 * failures answer 400 `{errors[]}`; accepted ads carry `{warnings[]}` in the body.
 */
export function adRoutes(state: MobileDeState, store: AdStore, now: () => Date): Route<MobileDeCaller>[] {
  /** The seller if linked to the caller (§1.2: 404 otherwise). */
  const seller = (request: EmulatorRequest, caller: MobileDeCaller): string | EmulatorResponse => {
    const sellerId = request.params.sellerId!;
    return state.linkedSeller(caller.apiUser, sellerId) ? sellerId : sellerNotFound(sellerId);
  };
  const adLocation = (request: EmulatorRequest, sellerId: string, adId: string): string =>
    `http://${request.headers.host ?? 'localhost'}/seller-api/sellers/${sellerId}/ads/${adId}`;

  return [
    // §1.4 #2: all ads with full details; page.size/page.number (1-based) honoured when given.
    route('GET /seller-api/sellers/{sellerId}/ads', (request, caller) => {
      const sellerId = seller(request, caller);
      if (typeof sellerId !== 'string') return sellerId;
      return { status: 200, body: page(store.list(sellerId), request.query) };
    }),
    route('GET /seller-api/sellers/{sellerId}/ads/{adId}', (request, caller) => {
      const sellerId = seller(request, caller);
      if (typeof sellerId !== 'string') return sellerId;
      const ad = store.get(sellerId, request.params.adId!);
      return ad ? { status: 200, body: ad } : adNotFound(request.params.adId!);
    }),
    // §1.4 #4 / #4a: 201 + Location, or 303 to the ad a repeated insertion id created.
    route('POST /seller-api/sellers/{sellerId}/ads', (request, caller) => {
      const sellerId = seller(request, caller);
      if (typeof sellerId !== 'string') return sellerId;
      const insertionId = header(request, 'x-mobile-insertion-request-id');
      const existing = insertionId ? store.byInsertionId(sellerId, insertionId) : undefined;
      if (existing)
        return { status: 303, headers: { location: adLocation(request, sellerId, existing.mobileAdId) } };
      const checked = checkBody(request, store, now());
      if ('response' in checked) return checked.response;
      const ad = store.create(sellerId, checked.body, insertionId, now());
      return {
        status: 201,
        headers: { location: adLocation(request, sellerId, ad.mobileAdId) },
        body: { warnings: checked.warnings },
      };
    }),
    // §1.4 #5: full replace; the emulator answers 200 with the stored ad and its warnings.
    route('PUT /seller-api/sellers/{sellerId}/ads/{adId}', (request, caller) => {
      const sellerId = seller(request, caller);
      if (typeof sellerId !== 'string') return sellerId;
      const adId = request.params.adId!;
      if (!store.get(sellerId, adId)) return adNotFound(adId);
      const checked = checkBody(request, store, now());
      if ('response' in checked) return checked.response;
      const ad = store.replace(sellerId, adId, checked.body, now())!;
      return { status: 200, body: { ...ad, warnings: checked.warnings } };
    }),
    // §1.4 #6: 204, or 404 when the ad is already gone.
    route('DELETE /seller-api/sellers/{sellerId}/ads/{adId}', (request, caller) => {
      const sellerId = seller(request, caller);
      if (typeof sellerId !== 'string') return sellerId;
      const adId = request.params.adId!;
      return store.delete(sellerId, adId) ? { status: 204 } : adNotFound(adId);
    }),
    // §1.4 #7: one raw JPEG ≤ 2 MB → 201 {"ref"} (the status is [INFERRED], §5 item 4).
    route('POST /seller-api/images', (request) => {
      if (mediaType(request) !== 'image/jpeg')
        return titled(415, 'Unsupported Media Type', 'Images are uploaded as image/jpeg');
      if (request.body.length > MAX_IMAGE_BYTES)
        return errors(400, 'image-too-large', 'An image may have at most 2 MB', [
          { key: 'size', value: String(request.body.length) },
        ]);
      if (!isJpeg(request.body)) return errors(400, 'invalid-image', 'The body is not a JPEG image');
      return { status: 201, body: { ref: store.addImage(request.body).ref } };
    }),
  ];
}

/** The ad body if it is JSON in the Seller-API media type and valid, else the platform's answer. */
function checkBody(
  request: EmulatorRequest,
  store: AdStore,
  now: Date,
): { body: Record<string, unknown>; warnings: unknown[] } | { response: EmulatorResponse } {
  // §1.3: `;version=…` parameters are accepted, the media type itself is required.
  if (mediaType(request) !== MOBILE_DE_MEDIA_TYPE)
    return {
      response: titled(415, 'Unsupported Media Type', `Ads are sent as ${MOBILE_DE_MEDIA_TYPE}`),
    };
  const body = jsonBody(request);
  const result = validateAd(body, { imageKnown: (ref) => store.image(ref) !== undefined, now });
  if (result.errors.length > 0) return { response: { status: 400, body: { errors: result.errors } } };
  return { body: body as Record<string, unknown>, warnings: [...result.warnings] };
}

/** §1.11: a page size is at most 100. */
const MAX_PAGE_SIZE = 100;

/**
 * The whole list without `page.size` (§1.4: "the response is the whole list"); with it, one page
 * and the Search-API's `total`, `maxPages`, `pageSize` (§1.11) [INFERRED for the Seller-API].
 */
function page(ads: readonly StoredAd[], query: URLSearchParams): Record<string, unknown> {
  const asked = Number(query.get('page.size'));
  if (!Number.isInteger(asked) || asked < 1) return { ads };
  const size = Math.min(asked, MAX_PAGE_SIZE);
  const number = Math.max(1, Number(query.get('page.number')) || 1);
  return {
    ads: ads.slice((number - 1) * size, number * size),
    total: ads.length,
    maxPages: Math.max(1, Math.ceil(ads.length / size)),
    pageSize: size,
  };
}

function adNotFound(adId: string): EmulatorResponse {
  return errors(404, 'ad-not-found', `Ad ${adId} does not exist`, [{ key: 'mobileAdId', value: adId }]);
}

function header(request: EmulatorRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function mediaType(request: EmulatorRequest): string {
  return (header(request, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function isJpeg(bytes: Buffer): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}
