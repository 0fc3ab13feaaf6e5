import type { PlatformAccount } from '../platform-http';
import { parseAnswer, PlatformCallError } from '../platform-http';
import { errorMessages, listingCallFailed } from './listing-errors';
import { ListingHttp, type ListingHttpOptions } from './listing-http';
import { collectPages } from '../paging';
import {
  ImageUploadedSchema,
  ListingAnswerSchema,
  ListingDetailSchema,
  ListingSummariesSchema,
  ListingSummaryPageSchema,
  type ListingDetail,
} from './listing-schemas';

const platform = 'AutoScout24';
const ok = (status: number, accepted: readonly number[]) => accepted.includes(status);

/**
 * The LCA-NG listing and image calls (platforms.md §3.2), one method per call. Success codes are
 * every variant the sources report (§3.2, §3.4), since the spec could not be read (§5.7).
 */
export class AutoScout24ListingClient {
  private readonly http: ListingHttp;

  constructor(account: PlatformAccount, options: ListingHttpOptions = {}) {
    this.http = new ListingHttp(account, options);
  }

  /** The id of the customer's listing with this `offerReferenceId`, if any (the first one listed). */
  async findByReference(customerId: string, offerReferenceId: string): Promise<string | undefined> {
    const answer = await this.http.send('GET', listingsPath(customerId));
    if (answer.status !== 200) throw listingCallFailed(answer, customerId);
    const { listings } = parseAnswer(platform, ListingSummariesSchema, answer);
    return listings.find((listing) => listing.offerReferenceId === offerReferenceId)?.id;
  }

  /**
   * Every listing summary of the customer. The spec has no paging (§3.2), one client sends
   * `pageSize`: both are asked for and either answer ends right (paging.ts).
   */
  async listSummaries(
    customerId: string,
    pageSize: number,
  ): Promise<readonly { id: string; offerReferenceId?: string | null }[]> {
    return collectPages(
      platform,
      async (page) => {
        const answer = await this.http.send(
          'GET',
          `${listingsPath(customerId)}?page=${page}&pageSize=${pageSize}`,
        );
        if (answer.status !== 200) throw listingCallFailed(answer, customerId);
        return { items: parseAnswer(platform, ListingSummaryPageSchema, answer).listings };
      },
      { pageSize, idOf: (listing) => listing.id },
    );
  }

  /** The full listing, or undefined when it is gone (404 for a customer that exists). */
  async getListing(customerId: string, listingId: string): Promise<ListingDetail | undefined> {
    const answer = await this.http.send('GET', listingPath(customerId, listingId));
    if (answer.status === 200) return parseAnswer(platform, ListingDetailSchema, answer);
    if (answer.status === 404 && (await this.customerKnown(customerId))) return undefined;
    throw listingCallFailed(answer, customerId);
  }

  /** After a 404 on a listing: is it the listing (customer known) or the customer that is missing? */
  async customerKnown(customerId: string): Promise<boolean> {
    const answer = await this.http.send('GET', listingsPath(customerId));
    if (answer.status === 200) return true;
    if (answer.status === 404) return false;
    throw listingCallFailed(answer, customerId);
  }

  /** `POST …/listings` → the new id; `accepted` for 202 ("created but not yet active", reported). */
  async createListing(customerId: string, body: unknown): Promise<{ id: string; accepted: boolean }> {
    const answer = await this.http.send('POST', listingsPath(customerId), { json: body });
    if (!ok(answer.status, [200, 201, 202])) throw listingCallFailed(answer, customerId);
    const parsed = ListingAnswerSchema.safeParse(answer.body ?? {});
    const id =
      (parsed.success ? (parsed.data.id ?? parsed.data.listingId) : undefined) ??
      answer.headers.get('location')?.split('/').filter(Boolean).pop();
    // Retrying is safe: the create looks the listing up by its reference first.
    if (!id)
      throw new PlatformCallError(`${platform} created a listing but did not say its id.`, answer.status);
    return { id: decodeURIComponent(id), accepted: answer.status === 202 };
  }

  /** `PUT …/listings/{id}` with the whole body; 'missing' on 404 (listing or customer: ask customerKnown). */
  async replaceListing(
    customerId: string,
    listingId: string,
    body: unknown,
  ): Promise<'replaced' | 'missing'> {
    const answer = await this.http.send('PUT', listingPath(customerId, listingId), { json: body });
    if (ok(answer.status, [200, 202, 204])) return 'replaced';
    if (answer.status === 404) return 'missing';
    throw listingCallFailed(answer, customerId);
  }

  async deleteListing(customerId: string, listingId: string): Promise<'deleted' | 'missing'> {
    const answer = await this.http.send('DELETE', listingPath(customerId, listingId));
    if (ok(answer.status, [200, 202, 204])) return 'deleted';
    if (answer.status === 404) return 'missing';
    throw listingCallFailed(answer, customerId);
  }

  /** `POST …/images` with one raw JPEG or PNG; a refused image gives the platform's messages instead. */
  async uploadImage(
    customerId: string,
    contentType: string,
    data: Uint8Array,
  ): Promise<{ id: string } | { refused: string }> {
    const answer = await this.http.send('POST', `/customers/${encodeURIComponent(customerId)}/images`, {
      contentType,
      data,
    });
    if (ok(answer.status, [200, 201])) return { id: parseAnswer(platform, ImageUploadedSchema, answer).id };
    if ([400, 413, 415, 422].includes(answer.status)) {
      const texts = errorMessages(answer.body).map((message) => message.text);
      return { refused: texts.join('; ') || `HTTP ${answer.status}` };
    }
    throw listingCallFailed(answer, customerId);
  }
}

function listingsPath(customerId: string): string {
  return `/customers/${encodeURIComponent(customerId)}/listings`;
}

function listingPath(customerId: string, listingId: string): string {
  return `${listingsPath(customerId)}/${encodeURIComponent(listingId)}`;
}
