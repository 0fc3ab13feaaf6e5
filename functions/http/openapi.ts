import middy from '@middy/core';
import { operations } from '../../shared/contract/operations';
import { httpEdge } from '../../shared/runtime/http/http-edge';
import { buildOpenApi } from '../../shared/runtime/http/openapi';
import { observability } from '../../shared/runtime/observability';

// Built once per execution environment: the contract does not change at run time.
const document = buildOpenApi(operations, { title: 'Vehicle export API', version: '1.0.0' });

/** `GET /openapi.json`: the OpenAPI 3.1 document generated from the contract's zod schemas. */
export const handler = middy()
  .use(observability({ metrics: false }))
  .use(httpEdge())
  .handler(async () => ({ status: 200, body: document }));
