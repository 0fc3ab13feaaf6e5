import { page, table } from '../kit/html';
import type { Faults } from '../kit/faults';
import type { RequestLog } from '../kit/request-log';
import type { MobileDeState } from './state';

/** `GET /`: who is linked to which API user, the fault settings and the latest calls. */
export function mobileDePage(state: MobileDeState, faults: Faults, log: RequestLog): string {
  const snapshot = state.snapshot();
  const sellers = snapshot.links.flatMap((link) =>
    link.sellers.map((seller) => [
      link.apiUser,
      seller.mobileSellerId,
      seller.customerNumber,
      seller.companyName,
    ]),
  );
  const users = snapshot.users.map((user) => [user.user, user.sellerApi ? 'yes' : 'no (403)']);
  const calls = log
    .list()
    .slice(-20)
    .reverse()
    .map((call) => [call.at, call.method, call.path, call.user ?? '-', call.status]);
  return page('mobile.de Seller-API emulator', [
    {
      heading: 'Linked sellers (Datendienstleister)',
      html: table(
        ['API user', 'mobileSellerId', 'customerNumber', 'company'],
        sellers,
        'No seller is linked.',
      ),
    },
    { heading: 'API users', html: table(['user', 'Seller-API permission'], users, 'No users.') },
    { heading: 'Faults', html: `<pre>${JSON.stringify(faults.current(), null, 2)}</pre>` },
    {
      heading: 'Latest calls',
      html: table(['at', 'method', 'path', 'user', 'status'], calls, 'No calls yet.'),
    },
  ]);
}
