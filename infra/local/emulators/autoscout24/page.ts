import type { Faults } from '../kit/faults';
import { page, table } from '../kit/html';
import type { RequestLog } from '../kit/request-log';
import type { AutoScout24State } from './state';

/** `GET /`: the customers and the providers they authorised, fault settings, latest calls. */
export function autoScout24Page(state: AutoScout24State, faults: Faults, log: RequestLog): string {
  const snapshot = state.snapshot();
  const customers = snapshot.customers.map((customer) => [
    customer.id,
    customer.sellId,
    customer.companyName,
    customer.authorised.join(', ') || '(none)',
  ]);
  const users = snapshot.users.map((user) => [user.user, user.enabled ? 'yes' : 'no (403)']);
  const calls = log
    .list()
    .slice(-20)
    .reverse()
    .map((call) => [call.at, call.method, call.path, call.user ?? '-', call.status]);
  return page('AutoScout24 listing API (LCA-NG) emulator', [
    {
      heading: 'Customers (data partner authorisations)',
      html: table(['customerId', 'sellId', 'company', 'authorised providers'], customers, 'No customers.'),
    },
    { heading: 'Provider users', html: table(['user', 'enabled'], users, 'No users.') },
    { heading: 'Faults', html: `<pre>${JSON.stringify(faults.current(), null, 2)}</pre>` },
    {
      heading: 'Latest calls',
      html: table(['at', 'method', 'path', 'user', 'status'], calls, 'No calls yet.'),
    },
  ]);
}
