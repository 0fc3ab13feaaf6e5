import { PlatformCallError, retryAfterSeconds, type PlatformAnswer } from '../platform-http';

const platform = 'mobile.de';

/**
 * A Seller-API answer that means we could not ask (platforms.md §1.2 "Credential errors", §1.9):
 * 401 wrong user or password and 403 no Seller-API permission are OUR credentials; 429 and 5xx are
 * passing. Anything else unexpected is treated as the platform failing too, never as the dealer's
 * fault. The delta issue adds the 400 `errors[]` mapping to ListingRejectedError here.
 */
export function mobileDeUnavailable(answer: PlatformAnswer): PlatformCallError {
  const { status } = answer;
  if (status === 401 || status === 403) {
    return new PlatformCallError(
      `${platform} refused our data service provider access (HTTP ${status}).`,
      status,
    );
  }
  if (status === 429) {
    const wait = retryAfterSeconds(answer.headers);
    return new PlatformCallError(
      `${platform} is limiting our calls (HTTP 429). Try again shortly.`,
      status,
      wait,
    );
  }
  if (status >= 500) {
    return new PlatformCallError(
      `${platform} is unavailable (HTTP ${status}). Try again later.`,
      status,
      retryAfterSeconds(answer.headers),
    );
  }
  return new PlatformCallError(`${platform} gave an unexpected answer (HTTP ${status}).`, status);
}
