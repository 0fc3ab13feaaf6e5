import * as z from 'zod';
import { HealthSchema } from './common';
import type { Operation } from './operation';

export const publicOperations: readonly Operation[] = [
  {
    method: 'GET',
    path: '/health',
    operationId: 'getHealth',
    summary: 'Liveness of the API',
    tag: 'Public',
    auth: 'none',
    responses: { 200: { description: 'The API answers', schema: HealthSchema } },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This OpenAPI 3.1 document',
    tag: 'Public',
    auth: 'none',
    responses: { 200: { description: 'The document', schema: z.looseObject({ openapi: z.string() }) } },
  },
];
