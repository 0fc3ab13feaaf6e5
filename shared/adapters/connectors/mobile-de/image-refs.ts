import { IMAGE_DELAYED, IMAGE_SKIPPED } from '../../../domain/image-problems';
import type { ListingMessage } from '../../../domain/listing';
import type { ImageProblem } from './image-download';
import type { ImageRefused } from './listing-client';

export interface ImageRefs {
  /** Refs of the images that arrived, in the vehicle's order. */
  readonly images: readonly { ref: string }[];
  /** One warning per image that was left out. */
  readonly warnings: readonly ListingMessage[];
}

/** How one image gets from the dealer's URL to mobile.de. */
export interface ImageTransfer {
  download(url: string): Promise<Uint8Array | ImageProblem>;
  /** Throws PlatformUnavailableError when mobile.de fails: the whole call is retried. */
  upload(jpeg: Uint8Array): Promise<string | ImageRefused>;
}

const PARALLEL = 4;

/**
 * Uploads the images of one create or update (§1.6 step 1) and returns their refs in order. A URL
 * that appears twice is transferred once. An image that cannot be loaded or that mobile.de refuses
 * is left out with a warning: the ad matters more than one picture.
 */
export async function uploadImages(urls: readonly string[], transfer: ImageTransfer): Promise<ImageRefs> {
  const unique = [...new Set(urls)];
  const results = new Map<string, { ref: string } | ImageProblem>();
  for (let start = 0; start < unique.length; start += PARALLEL) {
    await Promise.all(
      unique.slice(start, start + PARALLEL).map(async (url) => {
        results.set(url, await transferOne(url, transfer));
      }),
    );
  }
  const images: { ref: string }[] = [];
  const warnings: ListingMessage[] = [];
  for (const url of unique) {
    const result = results.get(url)!;
    if ('ref' in result) images.push({ ref: result.ref });
    else
      warnings.push({
        severity: 'warning',
        code: result.passing ? IMAGE_DELAYED : IMAGE_SKIPPED,
        text: `Image ${url} was not sent: ${result.problem}${result.passing ? '; it is tried again later' : ''}.`,
      });
  }
  return { images, warnings };
}

async function transferOne(url: string, transfer: ImageTransfer): Promise<{ ref: string } | ImageProblem> {
  const bytes = await transfer.download(url);
  if (!(bytes instanceof Uint8Array)) return bytes;
  const ref = await transfer.upload(bytes);
  return typeof ref === 'string' ? { ref } : { problem: `mobile.de refused it (${ref.refused})` };
}
