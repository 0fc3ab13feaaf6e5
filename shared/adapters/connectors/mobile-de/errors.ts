import type { ListingMessage } from '../../../domain/listing';
import { ListingRejectedError, type PlatformUnavailableError } from '../../../domain/errors';
import { PlatformCallError, retryAfterSeconds, type PlatformAnswer } from '../platform-http';
import { MobileDeErrorsSchema, type MobileDeIssue } from './schemas';

const platform = 'mobile.de';

/**
 * A Seller-API answer that means we could not ask (platforms.md §1.2 "Credential errors", §1.9):
 * 401 wrong user or password and 403 no Seller-API permission are OUR credentials; 429 and 5xx are
 * passing. Anything else unexpected is treated as the platform failing too, never as the dealer's
 * fault. listingFailure adds what an ad call can be refused for.
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

/**
 * A non-2xx answer to an ad call. 400/422 with `errors[]` (§1.8, §1.9) reject the content for
 * good; a 404 on a seller means the dealer unlinked us (§1.2), which no retry repairs; a 404 on an
 * ad that should exist (update) means it is gone on the platform. Everything else is passing.
 */
export function listingFailure(
  answer: PlatformAnswer,
  call: 'create' | 'update' | 'remove',
): ListingRejectedError | PlatformUnavailableError {
  const { status } = answer;
  if (status === 400 || status === 422) {
    const parsed = MobileDeErrorsSchema.safeParse(answer.body);
    const messages = parsed.success
      ? parsed.data.errors.map((issue) => issueMessage('error', issue))
      : [{ severity: 'error' as const, code: `HTTP_${status}`, text: refusalText(answer) }];
    return new ListingRejectedError(`${platform} rejected the ad (HTTP ${status}).`, messages);
  }
  if (status === 404) {
    if (sellerMissing(answer, call)) {
      return new ListingRejectedError(`${platform}: the seller is not linked to us.`, [
        {
          severity: 'error',
          code: 'SELLER_NOT_LINKED',
          text: 'mobile.de no longer lists us as data service provider (Datendienstleister) for this seller. The dealer must enter us again in the mobile.de dealer area (Händlerbereich → Schnittstellen-Einstellungen).',
        },
      ]);
    }
    return new ListingRejectedError(`${platform}: the ad no longer exists.`, [
      { severity: 'error', code: 'LISTING_NOT_FOUND', text: 'The ad no longer exists on mobile.de.' },
    ]);
  }
  return mobileDeUnavailable(answer);
}

/** A platform `{key, message, args}` as one of our messages; the args name the field and value. */
export function issueMessage<Severity extends ListingMessage['severity']>(
  severity: Severity,
  issue: MobileDeIssue,
): { severity: Severity; code: string; text: string } {
  const args = (issue.args ?? []).map((arg) => `${arg.key}: ${String(arg.value)}`).join(', ');
  const text = issue.message ?? issue.key;
  return { severity, code: issue.key, text: args ? `${text} (${args})` : text };
}

/**
 * True when a 404 is about the seller, not the ad. [INFERRED] §1.2: the key of that 404 is not
 * documented; we look for "seller" in the error keys (the emulator sends `seller-not-found`). A
 * create addresses no ad, so its 404 can only be the seller.
 */
export function sellerMissing(answer: PlatformAnswer, call: 'create' | 'update' | 'remove'): boolean {
  if (answer.status !== 404) return false;
  if (call === 'create') return true;
  const parsed = MobileDeErrorsSchema.safeParse(answer.body);
  return parsed.success && parsed.data.errors.some((issue) => issue.key.includes('seller'));
}

/** The first error's text (§1.8 first shape), the title/detail (second shape), or a plain note. */
export function refusalText(answer: PlatformAnswer): string {
  const parsed = MobileDeErrorsSchema.safeParse(answer.body);
  if (parsed.success) return issueMessage('error', parsed.data.errors[0]!).text;
  const body = answer.body;
  if (typeof body === 'object' && body !== null) {
    const { title, detail } = body as Record<string, unknown>;
    const parts = [title, detail].filter((part): part is string => typeof part === 'string');
    if (parts.length > 0) return parts.join(': ');
  }
  return `mobile.de refused it without details (HTTP ${answer.status}).`;
}
