import { route, type EmulatorRequest, type EmulatorResponse, type Route } from '../kit/router';
import type { MobileDeCaller } from './auth';
import { errors } from './responses';
import type { MobileDeState } from './state';

/**
 * The Seller-API route table (platforms.md §1.4): the sellers here, the ads and images in
 * ad-routes.ts.
 */
export function sellerApiRoutes(state: MobileDeState): Route<MobileDeCaller>[] {
  return [
    // §1.4 #1: the sellers linked to this API user.
    route('GET /seller-api/sellers', (_request, caller) => ({
      status: 200,
      body: { sellers: state.sellersOf(caller.apiUser) },
    })),
  ];
}

export function sellerNotFound(sellerId: string): EmulatorResponse {
  return errors(404, 'seller-not-found', `Seller ${sellerId} is not linked to this API account`, [
    { key: 'mobileSellerId', value: sellerId },
  ]);
}

export function unknownResource(request: EmulatorRequest): EmulatorResponse {
  return errors(404, 'not-found', `No resource ${request.method} ${request.path}`);
}
