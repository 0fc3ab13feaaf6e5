import { commonControlRoutes, controlBody, invalid } from '../kit/control-routes';
import type { Faults } from '../kit/faults';
import type { RequestLog } from '../kit/request-log';
import { route, type Route } from '../kit/router';
import type { ListingStore } from './listings';
import { autoScout24Page } from './page';
import {
  CustomerAuthorisationSchema,
  ProviderUserSchema,
  SeededListingSchema,
  type AutoScout24State,
} from './state';

/**
 * Test and developer controls: authorise or revoke customers, add users, seed listings that exist
 * before we act (the inventory match's starting point), plus the common ones.
 */
export function autoScout24ControlRoutes(
  state: AutoScout24State,
  listings: ListingStore,
  faults: Faults,
  log: RequestLog,
  reset: () => void,
): Route<void>[] {
  return [
    route('GET /', () => ({ status: 200, body: autoScout24Page(state, listings, faults, log) })),
    route('GET /_emulator/state', () => ({
      status: 200,
      body: { ...state.snapshot(), listings: listings.all() },
    })),
    route('POST /_emulator/customers', (request) => {
      const parsed = controlBody(request, CustomerAuthorisationSchema);
      if (!parsed.ok) return parsed.response;
      if (parsed.value.apiUser && !state.user(parsed.value.apiUser))
        return invalid('apiUser: unknown provider user');
      return { status: 201, body: state.authorise(parsed.value) };
    }),
    route('DELETE /_emulator/customers/{customerId}', (request) => {
      const apiUser = request.query.get('apiUser') ?? undefined;
      return { status: state.revoke(request.params.customerId!, apiUser) ? 204 : 404 };
    }),
    // A listing the dealer placed by hand or through another provider: stored as given, not validated.
    route('POST /_emulator/customers/{customerId}/listings', (request) => {
      const parsed = controlBody(request, SeededListingSchema);
      if (!parsed.ok) return parsed.response;
      return { status: 201, body: listings.create(request.params.customerId!, parsed.value) };
    }),
    route('POST /_emulator/users', (request) => {
      const parsed = controlBody(request, ProviderUserSchema);
      if (!parsed.ok) return parsed.response;
      state.addUser(parsed.value);
      return { status: 201, body: { user: parsed.value.user, enabled: parsed.value.enabled } };
    }),
    ...commonControlRoutes({ log, faults, reset }),
  ];
}
