import type { HttpEvent } from './http-edge';
import { HttpError } from './problem';

/** The tenant of a request: taken only from the verified token's claims, never from input. */
export interface Caller {
  readonly dealerId: string;
  readonly sub: string;
  readonly email?: string;
}

export function callerOf(event: HttpEvent): Caller {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  const dealerId = claims.dealerId ?? claims['custom:dealerId'];
  if (typeof dealerId !== 'string' || dealerId === '' || typeof claims.sub !== 'string') {
    // The authorizer passed the token, but it carries no tenant: treat as unauthenticated.
    throw new HttpError(401, 'UNAUTHORIZED', 'The token carries no dealer.');
  }
  return { dealerId, sub: claims.sub, ...(typeof claims.email === 'string' ? { email: claims.email } : {}) };
}
