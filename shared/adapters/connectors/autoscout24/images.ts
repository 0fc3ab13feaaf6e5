import { IMAGE_DELAYED, IMAGE_SKIPPED, isPassingImageStatus } from '../../../domain/image-problems';
import type { ListingMessage } from '../../../domain/listing';
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
 * The payload's image URLs as the listing body references them. Images are best effort: one the
 * dealer's server does not deliver (any failure, timeouts included) or that is not JPEG/PNG, or
 * that AutoScout24 refuses, is left out with a warning and the listing still goes up; a broken
 * image host must not hold the listing back. AutoScout24's own failures on upload (429, 5xx)
 * throw like any listing call.
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
  const skipped = (why: string, passing = false) => ({
    warning: {
      severity: 'warning' as const,
      code: passing ? IMAGE_DELAYED : IMAGE_SKIPPED,
      text: `Image ${url} was not sent: ${why}${passing ? '; it is tried again later' : ''}.`,
    },
  });
  const download = await downloadImage(url, options);
  if ('why' in download) return skipped(download.why, download.passing);
  const uploaded = await client.uploadImage(customerId, download.contentType, download.data);
  return 'id' in uploaded ? uploaded : skipped(`AutoScout24 refused it (${uploaded.refused})`);
}

async function downloadImage(
  url: string,
  options: ImageOptions,
): Promise<{ contentType: string; data: Uint8Array } | { why: string; passing?: boolean }> {
  try {
    const response = await options.fetch(url, { signal: AbortSignal.timeout(options.timeoutMs) });
    if (!response.ok) {
      return { why: `it answers HTTP ${response.status}`, passing: isPassingImageStatus(response.status) };
    }
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!uploadable.includes(contentType)) return { why: 'AutoScout24 takes JPEG and PNG only' };
    return { contentType, data: new Uint8Array(await response.arrayBuffer()) };
  } catch {
    return { why: 'it could not be fetched', passing: true };
  }
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
