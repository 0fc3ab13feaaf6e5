import { createHmac } from 'node:crypto';

/**
 * `X-Signature` (README.md "Verifying a delivery"): HMAC-SHA256 with the app's secret over
 * `<X-Timestamp>.<raw body>`, hex, prefixed with the scheme so a later scheme can stand beside it.
 * The timestamp is signed too, so a captured delivery cannot be replayed later under a new time.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
