import { parseBasicAuth, samePassword } from '../kit/basic-auth';
import type { EmulatorRequest } from '../kit/router';
import type { Authentication } from '../kit/server';
import { forbidden, unauthorized } from './responses';
import type { AutoScout24State } from './state';

export interface AutoScout24Caller {
  readonly apiUser: string;
}

/**
 * HTTP Basic with the data provider's credentials (platforms.md §3.1): 401 when wrong, 403 when
 * the credentials are not enabled (§3.4). LCA-NG states no Accept requirement, so none is enforced.
 */
export function authenticate(
  state: AutoScout24State,
  request: EmulatorRequest,
): Authentication<AutoScout24Caller> {
  const credentials = parseBasicAuth(request.headers.authorization);
  const user = credentials && state.user(credentials.user);
  if (!credentials || !user || !samePassword(credentials.password, user.password)) {
    return { ok: false, user: credentials?.user ?? null, response: unauthorized() };
  }
  if (!user.enabled) {
    return {
      ok: false,
      user: user.user,
      response: forbidden('The credentials are not enabled for this API'),
    };
  }
  return { ok: true, user: user.user, context: { apiUser: user.user } };
}
