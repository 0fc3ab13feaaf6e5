import { route, type EmulatorRequest, type EmulatorResponse, type Route } from '../kit/router';
import type { MobileDeCaller } from './auth';
import { errors } from './responses';
import type { MobileDeState } from './state';

/**
 * The Seller-API route table (platforms.md §1.4). The delta issue adds the ad rows here:
 * `POST /seller-api/images`, `POST|GET|PUT|DELETE …/ads[/{mobileAdId}]` with 201/303/400.
 */
export function sellerApiRoutes(state: MobileDeState): Route<MobileDeCaller>[] {
  return [
    // §1.4 #1: the sellers linked to this API user.
    route('GET /seller-api/sellers', (_request, caller) => ({
      status: 200,
      body: { sellers: state.sellersOf(caller.apiUser) },
    })),
    // §1.4 #2: all of a seller's ads; 404 for a seller not linked to this user (§1.2).
    route('GET /seller-api/sellers/{sellerId}/ads', (request, caller) => {
      const sellerId = request.params.sellerId!;
      if (!state.linkedSeller(caller.apiUser, sellerId)) return sellerNotFound(sellerId);
      return { status: 200, body: { ads: [] } };
    }),
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
