import type { EmulatorResponse } from '../kit/router';

export const AUTOSCOUT24_MEDIA_TYPE = 'application/json';

/**
 * Error bodies: `{"errors":[{"code","message"}]}`. The real shape is not verified (platforms.md
 * §3.4); this is the shape that section suggests for the emulator.
 */
export function errors(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return { status, headers, body: { errors: [{ code, message }] } };
}

export function unauthorized(): EmulatorResponse {
  return errors(401, 'unauthorized', 'Invalid data provider credentials', {
    'www-authenticate': 'Basic realm="AutoScout24 Listing Creation API"',
  });
}

export function forbidden(message: string): EmulatorResponse {
  return errors(403, 'forbidden', message);
}

export function faultAnswer(status: 429 | 503, retryAfterSeconds: number): EmulatorResponse {
  const headers = { 'retry-after': String(retryAfterSeconds) };
  return status === 429
    ? errors(429, 'too-many-requests', 'Rate limit exceeded', headers)
    : errors(503, 'service-unavailable', 'Planned maintenance', headers);
}

/**
 * The 400 body for validation findings. platforms.md §3.4 leaves the shape open: `list` is the
 * emulator default it suggests (`{"errors":[{code,message,field}]}`, like the C-HELVARO fixture);
 * `map` is what C-AS24-PHP parses (`{"message", "errors":{field:[messages]}}`).
 */
export type ErrorShape = 'list' | 'map';

export function validationFailed(
  shape: ErrorShape,
  issues: readonly { field: string; code: string; message: string }[],
): EmulatorResponse {
  if (shape === 'list') return { status: 400, body: { errors: issues } };
  const errors: Record<string, string[]> = {};
  for (const issue of issues) (errors[issue.field] ??= []).push(issue.message);
  return { status: 400, body: { message: 'The listing is invalid', errors } };
}
