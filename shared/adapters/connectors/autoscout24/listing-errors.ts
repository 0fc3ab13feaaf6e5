import { ListingRejectedError } from '../../../domain/errors';
import { PlatformCallError, type PlatformAnswer } from '../platform-http';
import { autoScout24Unavailable } from './errors';
import { ErrorBodySchema } from './listing-schemas';

type RejectionMessage = ListingRejectedError['messages'][number];

/**
 * A failed listing call (platforms.md §3.4) as the port's two errors: the content or the dealer's
 * mandate is refused for good → ListingRejectedError (recorded, not retried); anything a retry can
 * fix → PlatformUnavailableError (listing-connector.ts port contract).
 */
export function listingCallFailed(answer: PlatformAnswer, customerId: string): Error {
  const { status } = answer;
  if (status === 400 || status === 422) {
    const messages = errorMessages(answer.body);
    return new ListingRejectedError(
      'AutoScout24 rejected the listing.',
      messages.length > 0
        ? messages
        : [
            {
              severity: 'error',
              code: `HTTP_${status}`,
              text: 'AutoScout24 rejected the listing without a reason.',
            },
          ],
    );
  }
  if (status === 403) {
    // The dealer withdrew (or never gave) the data-partner mandate; a retry cannot fix that.
    const text = `AutoScout24 customer ${customerId} has not authorised us as data partner. Select us as data partner in the AutoScout24 dealer area.`;
    return new ListingRejectedError(text, [{ severity: 'error', code: 'DATA_PARTNER_MISSING', text }]);
  }
  if (status === 404) {
    return new PlatformCallError(`AutoScout24 does not know customer ${customerId} (HTTP 404).`, status);
  }
  return autoScout24Unavailable(answer);
}

/** The platform's messages from any error shape §3.4 names; field names go into the text. */
export function errorMessages(body: unknown): RejectionMessage[] {
  const parsed = ErrorBodySchema.safeParse(body);
  if (!parsed.success) return [];
  const { errors } = parsed.data;
  const message = (code: string, text: string, field?: string): RejectionMessage => ({
    severity: 'error',
    code,
    text: field ? `${field}: ${text}` : text,
  });
  if (Array.isArray(errors)) {
    return errors.map((item) =>
      message(
        String(item.code ?? item.key ?? 'VALIDATION'),
        item.message ?? item.detail ?? 'invalid',
        item.field,
      ),
    );
  }
  if (errors) {
    return Object.entries(errors).flatMap(([field, texts]) =>
      (Array.isArray(texts) ? texts : [texts]).map((text) => message('VALIDATION', text, field)),
    );
  }
  const top = parsed.data.message ?? parsed.data.detail ?? parsed.data.title ?? parsed.data.error;
  return top ? [message('VALIDATION', top)] : [];
}
