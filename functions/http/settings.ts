import middy from '@middy/core';
import { httpEdge } from '../../shared/runtime/http/http-edge';
import { routeTable } from '../../shared/runtime/http/route-table';
import { observability } from '../../shared/runtime/observability';

// Placeholder while the stock routes are built: every route answers 404 ROUTE_NOT_FOUND.
export const handler = middy()
  .use(observability({ metrics: false }))
  .use(httpEdge())
  .handler(routeTable({}));
