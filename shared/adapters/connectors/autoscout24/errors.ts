import { PlatformCallError, retryAfterSeconds, type PlatformAnswer } from '../platform-http';

const platform = 'AutoScout24';

/**
 * An LCA-NG answer that means we could not ask (platforms.md §3.4): 401 wrong data-provider
 * credentials and 403 credentials not enabled are OUR side on `GET /customers`; 429 rate limit;
 * 503 planned maintenance; other 5xx. Listing calls interpret 400 and 403 first (listing-errors.ts).
 */
export function autoScout24Unavailable(answer: PlatformAnswer): PlatformCallError {
  const { status } = answer;
  const wait = retryAfterSeconds(answer.headers);
  if (status === 401 || status === 403) {
    return new PlatformCallError(`${platform} refused our data provider access (HTTP ${status}).`, status);
  }
  if (status === 429) {
    return new PlatformCallError(
      `${platform} is limiting our calls (HTTP 429). Try again shortly.`,
      status,
      wait,
    );
  }
  if (status === 503) {
    return new PlatformCallError(
      `${platform} is down for maintenance (HTTP 503). Try again later.`,
      status,
      wait,
    );
  }
  if (status >= 500) {
    return new PlatformCallError(
      `${platform} is unavailable (HTTP ${status}). Try again later.`,
      status,
      wait,
    );
  }
  return new PlatformCallError(`${platform} gave an unexpected answer (HTTP ${status}).`, status);
}
