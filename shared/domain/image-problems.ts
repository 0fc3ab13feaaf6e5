/**
 * An image the dealer's server did not deliver for a passing reason (timeout, connection failure,
 * HTTP 408, 429 or 5xx) is reported with this code; the worker sends the listing again a few times
 * later to pick it up. One that can never arrive (404, not a JPEG, too large) is `IMAGE_SKIPPED`.
 */
export const IMAGE_DELAYED = 'IMAGE_DELAYED';
export const IMAGE_SKIPPED = 'IMAGE_SKIPPED';

/** HTTP answers of an image server that may well be different on the next try. */
export function isPassingImageStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
