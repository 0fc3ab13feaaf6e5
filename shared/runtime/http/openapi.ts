import * as z from 'zod';
import { ProblemSchema } from '../../contract/common';
import type { Operation } from '../../contract/operations';

type JsonObject = Record<string, unknown>;

const commonErrors: Record<number, string> = {
  400: 'Malformed JSON or query',
  413: 'Body too large',
  415: 'Unsupported media type',
  500: 'Unexpected error (no details are given)',
};
const authErrors: Record<number, string> = {
  401: 'Missing or invalid token',
  404: 'Unknown resource, or a resource of another dealer',
  422: 'Well-formed but invalid',
};

/** Builds the OpenAPI 3.1 document (JSON Schema 2020-12) from the contract's operations. */
export function buildOpenApi(
  operations: readonly Operation[],
  info: { title: string; version: string },
): JsonObject {
  const components: JsonObject = {};
  // Named schemas (`.meta({ id })`) come back as `$defs`; they move to components, refs follow.
  const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonObject => {
    const {
      $schema: _dialect,
      $defs,
      ...json
    } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    }) as JsonObject & { $defs?: Record<string, JsonObject> };
    for (const [name, definition] of Object.entries($defs ?? {}))
      components[name] = toComponentRefs(definition);
    return toComponentRefs(json);
  };

  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const operation of operations) {
    const responses: JsonObject = {};
    for (const [status, response] of Object.entries(operation.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? { content: { 'application/json': { schema: toSchema(response.schema, 'output') } } }
          : {}),
      };
    }
    const errors = { ...commonErrors, ...(operation.auth === 'jwt' ? authErrors : {}) };
    for (const status of Object.keys(operation.errors ?? {}))
      errors[Number(status)] ??= 'See the problem code';
    for (const [status, description] of Object.entries(errors)) {
      const codes = operation.errors?.[Number(status)];
      responses[status] = {
        description: codes ? `${description}: ${codes.join(', ')}` : description,
        content: { 'application/problem+json': { schema: toSchema(ProblemSchema, 'output') } },
      };
    }
    (paths[operation.path] ??= {})[operation.method.toLowerCase()] = {
      operationId: operation.operationId,
      summary: operation.summary,
      tags: [operation.tag],
      ...(operation.auth === 'jwt' ? { security: [{ bearerAuth: [] }] } : { security: [] }),
      parameters: [...pathParameters(operation.path), ...queryParameters(operation.query, toSchema)],
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                operation.body.map((body) => [body.mediaType, { schema: toSchema(body.schema, 'input') }]),
              ),
            },
          }
        : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

function pathParameters(path: string): JsonObject[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

function queryParameters(
  query: z.ZodObject | undefined,
  toSchema: (schema: z.ZodType, io: 'input' | 'output') => JsonObject,
): JsonObject[] {
  if (!query) return [];
  return Object.entries(query.shape).map(([name, schema]) => ({
    name,
    in: 'query',
    required: !(schema as z.ZodType).safeParse(undefined).success,
    schema: toSchema(schema as z.ZodType, 'input'),
  }));
}

function toComponentRefs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(toComponentRefs) as T;
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string'
        ? inner.replace('#/$defs/', '#/components/schemas/')
        : toComponentRefs(inner),
    ]),
  ) as T;
}
