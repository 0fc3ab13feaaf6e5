import middy from '@middy/core';
import { httpEdge } from '../../shared/runtime/http/http-edge';
import { observability } from '../../shared/runtime/observability';

/** `GET /health`: the function answers; nothing else is checked (a liveness probe). */
export const handler = middy()
  .use(observability({ metrics: false }))
  .use(httpEdge())
  .handler(async () => ({ status: 200, body: { status: 'ok' } }));
