import type { HttpEvent, HttpResult } from './http-edge';
import { HttpError } from './problem';

export type RouteHandler = (event: HttpEvent) => Promise<HttpResult>;

/**
 * Dispatches on API Gateway's `routeKey` (`GET /v1/vehicles/{vehicleId}`), which the real gateway
 * and the local one both set, so one function can serve a family of routes.
 */
export function routeTable(routes: Readonly<Record<string, RouteHandler>>): RouteHandler {
  return async (event) => {
    const route = routes[event.routeKey];
    if (!route) throw new HttpError(404, 'ROUTE_NOT_FOUND', `No route ${event.routeKey}.`);
    return route(event);
  };
}
