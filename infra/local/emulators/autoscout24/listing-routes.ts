import { jsonBody, route, type EmulatorRequest, type EmulatorResponse, type Route } from '../kit/router';
import type { AutoScout24Caller } from './auth';
import { validateListing } from './listing-validation';
import { summaryOf, type ListingStore, type ListingSummary, type StoredListing } from './listings';
import { errors, validationFailed, type ErrorShape } from './responses';

export interface ListingRouteOptions {
  readonly errorShape: ErrorShape;
  readonly acceptImageUrls: boolean;
  /** 404/403 for a customer the caller may not use (routes.ts). */
  readonly refuse: (customerId: string, apiUser: string) => EmulatorResponse | undefined;
}

const imageTypes = ['image/jpeg', 'image/png'];
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/**
 * Listings and images per customer (platforms.md §3.2): create 201 with `{"id"}` and Location,
 * list (no pagination in the spec, `page`/`pageSize` honoured when given; `offerReferenceId`
 * filter [INFERRED]), get, PUT (full replace,
 * 200), DELETE (204, then 404), image upload (raw JPEG/PNG, 201 `{"id"}`).
 */
export function listingRoutes(store: ListingStore, options: ListingRouteOptions): Route<AutoScout24Caller>[] {
  const forCustomer =
    (handle: (request: EmulatorRequest, customerId: string) => EmulatorResponse) =>
    (request: EmulatorRequest, caller: AutoScout24Caller): EmulatorResponse => {
      const customerId = request.params.customerId!;
      return options.refuse(customerId, caller.apiUser) ?? handle(request, customerId);
    };
  const invalidListing = (request: EmulatorRequest, customerId: string) => {
    const body = jsonBody(request);
    const issues = validateListing(body, {
      knows: (imageId) => store.image(customerId, imageId) !== undefined,
      acceptUrls: options.acceptImageUrls,
    });
    return issues.length > 0
      ? { response: validationFailed(options.errorShape, issues) }
      : { body: body as Record<string, unknown> };
  };
  const notFound = (listingId: string) =>
    errors(404, 'listing-not-found', `Listing ${listingId} does not exist`);

  return [
    route(
      'GET /customers/{customerId}/listings',
      forCustomer((request, customerId) => {
        const reference = request.query.get('offerReferenceId');
        const listings = store
          .of(customerId)
          .map(summaryOf)
          .filter((summary) => reference === null || summary.offerReferenceId === reference);
        return { status: 200, body: page(listings, request.query) };
      }),
    ),
    route(
      'POST /customers/{customerId}/listings',
      forCustomer((request, customerId) => {
        const checked = invalidListing(request, customerId);
        if (checked.response) return checked.response;
        const listing = store.create(customerId, checked.body);
        return {
          status: 201,
          headers: { location: `/customers/${customerId}/listings/${listing.id}` },
          body: full(store, listing),
        };
      }),
    ),
    route(
      'GET /customers/{customerId}/listings/{listingId}',
      forCustomer((request, customerId) => {
        const listing = store.get(customerId, request.params.listingId!);
        return listing ? { status: 200, body: full(store, listing) } : notFound(request.params.listingId!);
      }),
    ),
    route(
      'PUT /customers/{customerId}/listings/{listingId}',
      forCustomer((request, customerId) => {
        const listingId = request.params.listingId!;
        if (!store.get(customerId, listingId)) return notFound(listingId);
        const checked = invalidListing(request, customerId);
        if (checked.response) return checked.response;
        return { status: 200, body: full(store, store.replace(customerId, listingId, checked.body)!) };
      }),
    ),
    route(
      'DELETE /customers/{customerId}/listings/{listingId}',
      forCustomer((request, customerId) => {
        const listingId = request.params.listingId!;
        return store.delete(customerId, listingId) ? { status: 204 } : notFound(listingId);
      }),
    ),
    route(
      'POST /customers/{customerId}/images',
      forCustomer((request, customerId) => {
        const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (!imageTypes.includes(contentType)) {
          return errors(415, 'unsupported-media-type', 'Upload one image/jpeg or image/png per request');
        }
        if (request.body.length === 0) return errors(400, 'image-empty', 'The image is empty');
        if (request.body.length > MAX_IMAGE_BYTES)
          return errors(400, 'image-too-large', 'Image size exceeds limit');
        const image = store.addImage(customerId, contentType, request.body);
        return { status: 201, body: { id: image.id } };
      }),
    ),
  ];
}

/**
 * The whole list without `pageSize` (no paging in the spec, §3.2); with it, one page (`page`
 * 1-based) and `total` [INFERRED from the one client that sends `pageSize`].
 */
function page(listings: readonly ListingSummary[], query: URLSearchParams): Record<string, unknown> {
  const size = Number(query.get('pageSize'));
  if (!Number.isInteger(size) || size < 1) return { listings };
  const number = Math.max(1, Number(query.get('page')) || 1);
  return { listings: listings.slice((number - 1) * size, number * size), total: listings.length };
}

/** The stored body plus the platform's own fields; image ids come back with previewUrl and md5 (§3.3). */
function full(store: ListingStore, listing: StoredListing): Record<string, unknown> {
  const images = Array.isArray(listing.body.images) ? (listing.body.images as Record<string, unknown>[]) : [];
  return {
    ...listing.body,
    id: listing.id,
    createdAt: listing.createdAt,
    lastUpdatedAt: listing.lastUpdatedAt,
    images: images.map((image) => {
      const stored = typeof image.id === 'string' ? store.image(listing.customerId, image.id) : undefined;
      return stored
        ? {
            id: stored.id,
            previewUrl: `https://prod.pictures.autoscout24.net/listing-images/${stored.id}.jpg`,
            md5: stored.md5,
          }
        : image;
    }),
  };
}
