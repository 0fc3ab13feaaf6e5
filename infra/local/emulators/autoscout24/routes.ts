import { route, type EmulatorRequest, type EmulatorResponse, type Route } from '../kit/router';
import type { AutoScout24Caller } from './auth';
import { listingRoutes } from './listing-routes';
import type { ListingStore } from './listings';
import { errors, forbidden, type ErrorShape } from './responses';
import type { AutoScout24State } from './state';

/**
 * The LCA-NG route table (platforms.md §3.2): customers here, listings and images in
 * listing-routes.ts.
 */
export function listingApiRoutes(
  state: AutoScout24State,
  listings: ListingStore,
  options: { readonly errorShape: ErrorShape; readonly acceptImageUrls: boolean },
): Route<AutoScout24Caller>[] {
  return [
    // The customers that authorised this data provider.
    route('GET /customers', (_request, caller) => ({
      status: 200,
      body: { customers: state.customersOf(caller.apiUser) },
    })),
    ...listingRoutes(listings, {
      ...options,
      refuse: (customerId, apiUser) => customerRefusal(state, customerId, apiUser),
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
