import { route, type EmulatorRequest, type EmulatorResponse, type Route } from '../kit/router';
import type { AutoScout24Caller } from './auth';
import { errors, forbidden } from './responses';
import type { AutoScout24State } from './state';

/**
 * The LCA-NG route table (platforms.md §3.2). The delta issue adds the listing and image rows:
 * `POST|GET|PUT|DELETE /customers/{customerId}/listings[/{listingId}]`, `POST …/images`.
 */
export function listingApiRoutes(state: AutoScout24State): Route<AutoScout24Caller>[] {
  return [
    // The customers that authorised this data provider.
    route('GET /customers', (_request, caller) => ({
      status: 200,
      body: { customers: state.customersOf(caller.apiUser) },
    })),
    route('GET /customers/{customerId}/listings', (request, caller) => {
      const refusal = customerRefusal(state, request.params.customerId!, caller.apiUser);
      return refusal ?? { status: 200, body: { listings: [] } };
    }),
  ];
}

/** 404 for an unknown customer, 403 for one that has not authorised this provider (§3.4). */
export function customerRefusal(
  state: AutoScout24State,
  customerId: string,
  apiUser: string,
): EmulatorResponse | undefined {
  if (!state.customer(customerId)) return errors(404, 'customer-not-found', `Unknown customer ${customerId}`);
  if (!state.isAuthorised(customerId, apiUser)) {
    return forbidden(`Customer ${customerId} has not authorised this data provider`);
  }
  return undefined;
}

export function unknownResource(request: EmulatorRequest): EmulatorResponse {
  return errors(404, 'not-found', `No resource ${request.method} ${request.path}`);
}
