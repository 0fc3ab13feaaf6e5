import type { ListingMessage } from '../../../domain/listing';
import { PlatformCallError } from '../platform-http';
import type { AutoScout24ListingClient } from './listing-client';

/**
 * `upload` (platforms.md §3.2: upload each image, then reference `images:[{id}]`; the default) or
 * `url` (send `images:[{url}]` as they are: not in the reference, for if the spec allows it).
 */
export type ImageMode = 'upload' | 'url';

export interface ImageOptions {
  readonly mode: ImageMode;
  /** Fetches the dealer's image (tests inject one). */
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
}

const uploadable = ['image/jpeg', 'image/png'];
const PARALLEL = 4;

/**
 * The payload's image URLs as the listing body references them. A dealer image that is gone (4xx)
 * or not JPEG/PNG, or one AutoScout24 refuses, is left out with a warning: the listing still goes
 * up. A passing failure (timeout, 5xx) throws PlatformCallError so the whole push is retried.
 */
export async function listingImages(
  urls: readonly string[],
  customerId: string,
  client: AutoScout24ListingClient,
  options: ImageOptions,
): Promise<{ images: ({ id: string } | { url: string })[]; messages: ListingMessage[] }> {
  if (options.mode === 'url') return { images: urls.map((url) => ({ url })), messages: [] };
  const results = await inBatches(urls, PARALLEL, (url) => uploadOne(url, customerId, client, options));
  return {
    images: results.flatMap((result) => ('id' in result ? [{ id: result.id }] : [])),
    messages: results.flatMap((result) => ('warning' in result ? [result.warning] : [])),
  };
}

async function uploadOne(
  url: string,
  customerId: string,
  client: AutoScout24ListingClient,
  options: ImageOptions,
): Promise<{ id: string } | { warning: ListingMessage }> {
  const skipped = (why: string) => ({
    warning: { severity: 'warning' as const, code: 'IMAGE_SKIPPED', text: `Image ${url} was not sent: ${why}.` },
  });
  let response: Response;
  try {
    response = await options.fetch(url, { signal: AbortSignal.timeout(options.timeoutMs) });
  } catch {
    throw new PlatformCallError(`The image ${url} could not be fetched. Try again later.`);
  }
  if (response.status >= 500) throw new PlatformCallError(`The image ${url} could not be fetched. Try again later.`);
  if (!response.ok) return skipped(`it answers HTTP ${response.status}`);
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!uploadable.includes(contentType)) return skipped('AutoScout24 takes JPEG and PNG only');
  const data = new Uint8Array(await response.arrayBuffer());
  const uploaded = await client.uploadImage(customerId, contentType, data);
  return 'id' in uploaded ? uploaded : skipped(`AutoScout24 refused it (${uploaded.refused})`);
}

/** Runs `task` over `items` at most `parallel` at a time, keeping the order of the results. */
async function inBatches<Item, Result>(
  items: readonly Item[],
  parallel: number,
  task: (item: Item) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = [];
  for (let start = 0; start < items.length; start += parallel) {
    results.push(...(await Promise.all(items.slice(start, start + parallel).map(task))));
  }
  return results;
}
