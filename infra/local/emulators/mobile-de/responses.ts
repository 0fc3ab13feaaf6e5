import type { EmulatorResponse } from '../kit/router';

/** The Seller-API's media type (platforms.md §1.3); the only one this emulator serves. */
export const MOBILE_DE_MEDIA_TYPE = 'application/vnd.de.mobile.api+json';

/** The `ErrorResponse → Error → Arg` shape (platforms.md §1.8, first shape). */
export function errors(
  status: number,
  key: string,
  message: string,
  args: readonly { key: string; value: string }[] = [],
  headers: Record<string, string> = {},
): EmulatorResponse {
  return { status, headers, body: { errors: [{ key, message, args }] } };
}

/** The second shape (platforms.md §1.8): title, detail, status, as the 406 of a wrong Accept. */
export function titled(
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return { status, headers, body: { title, detail, status } };
}

export function notAcceptable(): EmulatorResponse {
  return titled(406, 'Not Acceptable', `Acceptable representations: [${MOBILE_DE_MEDIA_TYPE}]`);
}

export function unauthorized(): EmulatorResponse {
  return titled(401, 'Unauthorized', 'Full authentication is required to access this resource', {
    'www-authenticate': 'Basic realm="mobile.de Seller-API"',
  });
}

export function forbidden(): EmulatorResponse {
  return titled(403, 'Forbidden', 'The API user has no permission for the Seller-API');
}

export function faultAnswer(status: 429 | 503, retryAfterSeconds: number): EmulatorResponse {
  return status === 429
    ? errors(429, 'too-many-requests', 'Rate limit exceeded', [], {
        'retry-after': String(retryAfterSeconds),
      })
    : errors(503, 'service-unavailable', 'The service is temporarily unavailable', [], {
        'retry-after': String(retryAfterSeconds),
      });
}
