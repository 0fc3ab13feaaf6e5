import { parseBasicAuth, samePassword } from '../kit/basic-auth';
import type { Authentication } from '../kit/server';
import type { EmulatorRequest } from '../kit/router';
import { forbidden, MOBILE_DE_MEDIA_TYPE, notAcceptable, unauthorized } from './responses';
import type { MobileDeState } from './state';

export interface MobileDeCaller {
  readonly apiUser: string;
}

/**
 * Every Seller-API call: HTTP Basic with an API user (401 when wrong), Seller-API permission
 * (403 without), then `Accept: application/vnd.de.mobile.api+json` (406 otherwise; platforms.md
 * §1.2, §1.3, §1.12 item 1).
 */
export function authenticate(state: MobileDeState, request: EmulatorRequest): Authentication<MobileDeCaller> {
  const credentials = parseBasicAuth(request.headers.authorization);
  const user = credentials && state.user(credentials.user);
  if (!credentials || !user || !samePassword(credentials.password, user.password)) {
    return { ok: false, user: credentials?.user ?? null, response: unauthorized() };
  }
  if (!user.sellerApi) return { ok: false, user: user.user, response: forbidden() };
  if (!accepts(request.headers.accept)) return { ok: false, user: user.user, response: notAcceptable() };
  return { ok: true, user: user.user, context: { apiUser: user.user } };
}

/** True when one of the listed media types (parameters ignored) is the Seller-API's JSON type. */
function accepts(header: string | undefined): boolean {
  return (header ?? '')
    .split(',')
    .some((entry) => entry.split(';')[0]!.trim().toLowerCase() === MOBILE_DE_MEDIA_TYPE);
}
