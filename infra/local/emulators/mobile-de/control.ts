import { commonControlRoutes, controlBody, invalid } from '../kit/control-routes';
import type { Faults } from '../kit/faults';
import type { RequestLog } from '../kit/request-log';
import { route, type Route } from '../kit/router';
import type { AdStore } from './ad-store';
import { mobileDePage } from './page';
import { ApiUserSchema, SeededAdSchema, SellerLinkSchema, type MobileDeState } from './state';

/**
 * Test and developer controls: link or unlink sellers, add API users, see ads, seed ads that exist
 * before we act (the inventory match's starting point), plus the common ones.
 */
export function mobileDeControlRoutes(
  state: MobileDeState,
  store: AdStore,
  faults: Faults,
  log: RequestLog,
  reset: () => void,
  now: () => Date = () => new Date(),
): Route<void>[] {
  return [
    route('GET /', () => ({ status: 200, body: mobileDePage(state, store, faults, log) })),
    route('GET /_emulator/state', () => ({ status: 200, body: { ...state.snapshot(), ads: store.all() } })),
    route('POST /_emulator/sellers', (request) => {
      const parsed = controlBody(request, SellerLinkSchema);
      if (!parsed.ok) return parsed.response;
      if (parsed.value.apiUser && !state.user(parsed.value.apiUser))
        return invalid('apiUser: unknown API user');
      return { status: 201, body: state.link(parsed.value) };
    }),
    route('DELETE /_emulator/sellers/{sellerId}', (request) => {
      const apiUser = request.query.get('apiUser') ?? undefined;
      return { status: state.unlink(request.params.sellerId!, apiUser) ? 204 : 404 };
    }),
    // An ad the dealer placed by hand or through another provider: stored as given, not validated.
    route('POST /_emulator/sellers/{sellerId}/ads', (request) => {
      const parsed = controlBody(request, SeededAdSchema);
      if (!parsed.ok) return parsed.response;
      return { status: 201, body: store.create(request.params.sellerId!, parsed.value, undefined, now()) };
    }),
    route('POST /_emulator/users', (request) => {
      const parsed = controlBody(request, ApiUserSchema);
      if (!parsed.ok) return parsed.response;
      state.addUser(parsed.value);
      return { status: 201, body: { user: parsed.value.user, sellerApi: parsed.value.sellerApi } };
    }),
    ...commonControlRoutes({ log, faults, reset }),
  ];
}
