import type { Faults } from '../kit/faults';
import { page, table } from '../kit/html';
import type { RequestLog } from '../kit/request-log';
import type { ListingStore } from './listings';
import { emulatedMakes } from './reference-data';
import type { AutoScout24State } from './state';

/** `GET /`: customers and their providers, each customer's listings, fault settings, latest calls. */
export function autoScout24Page(
  state: AutoScout24State,
  listings: ListingStore,
  faults: Faults,
  log: RequestLog,
): string {
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
    {
      heading: 'Listings',
      html: table(
        ['customerId', 'title', 'price (EUR)', 'external id (offerReferenceId)', 'id', 'status'],
        listings.all().map((listing) => listingRow(listing.customerId, listing.id, listing.body)),
        'No listings.',
      ),
    },
    { heading: 'Provider users', html: table(['user', 'enabled'], users, 'No users.') },
    { heading: 'Faults', html: `<pre>${JSON.stringify(faults.current(), null, 2)}</pre>` },
    {
      heading: 'Latest calls',
      html: table(['at', 'method', 'path', 'user', 'status'], calls, 'No calls yet.'),
    },
  ]);
}

function listingRow(
  customerId: string,
  id: string,
  body: Readonly<Record<string, unknown>>,
): (string | number | null)[] {
  const make = emulatedMakes.get(body.make as number);
  const title = [make?.name, make?.models.get(body.model as number), body.modelVersion]
    .filter((part) => typeof part === 'string')
    .join(' ');
  const prices = body.prices as { public?: { price?: number } } | undefined;
  const publication = body.publication as { status?: string } | undefined;
  return [
    customerId,
    title,
    prices?.public?.price ?? null,
    typeof body.offerReferenceId === 'string' ? body.offerReferenceId : null,
    id,
    publication?.status ?? null,
  ];
}
