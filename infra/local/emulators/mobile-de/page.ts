import { page, table } from '../kit/html';
import type { Faults } from '../kit/faults';
import type { RequestLog } from '../kit/request-log';
import type { AdStore } from './ad-store';
import type { MobileDeState } from './state';

/** `GET /`: who is linked to which API user, each seller's ads, the fault settings and the latest calls. */
export function mobileDePage(state: MobileDeState, store: AdStore, faults: Faults, log: RequestLog): string {
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
    .map((call) => [
      call.at,
      call.method,
      call.path,
      call.headers['x-mobile-insertion-request-id'] ?? '',
      call.user ?? '-',
      call.status,
    ]);
  const ads = store
    .all()
    .flatMap(({ sellerId, ads: sellerAds }) =>
      sellerAds.map((ad) => [
        sellerId,
        ad.mobileAdId,
        [ad.make, ad.model, ad.modelDescription].filter((part) => typeof part === 'string').join(' · '),
        priceOf(ad.price),
        text(ad.internalNumber),
        Array.isArray(ad.images) ? ad.images.length : 0,
        Array.isArray(ad.features) ? ad.features.join(', ') : '',
        ad.modificationDate,
      ]),
    );
  return page('mobile.de Seller-API emulator', [
    {
      heading: 'Linked sellers (Datendienstleister)',
      html: table(
        ['API user', 'mobileSellerId', 'customerNumber', 'company'],
        sellers,
        'No seller is linked.',
      ),
    },
    {
      heading: 'Ads',
      html: table(
        ['seller', 'ad id', 'title', 'price', 'internal number', 'images', 'features', 'modified'],
        ads,
        'No ads yet.',
      ),
    },
    { heading: 'API users', html: table(['user', 'Seller-API permission'], users, 'No users.') },
    { heading: 'Faults', html: `<pre>${JSON.stringify(faults.current(), null, 2)}</pre>` },
    {
      heading: 'Latest calls',
      html: table(['at', 'method', 'path', 'insertion id', 'user', 'status'], calls, 'No calls yet.'),
    },
  ]);
}

function priceOf(price: unknown): string {
  if (typeof price !== 'object' || price === null) return '';
  const { consumerPriceGross, currency, vatRate } = price as Record<string, unknown>;
  const vat = typeof vatRate === 'string' ? ` (VAT ${vatRate} %)` : ' (margin)';
  return `${text(consumerPriceGross)} ${text(currency)}${vat}`;
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
