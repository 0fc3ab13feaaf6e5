import type * as z from 'zod';

/**
 * The HTTP contract as data: every operation with the zod schemas of its input and output. The
 * handlers parse with these schemas and `GET /openapi.json` is generated from them, so the
 * document cannot drift from the code. A test checks that it lists exactly the topology's routes.
 */
export interface Operation {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly auth: 'jwt' | 'none';
  readonly query?: z.ZodObject;
  readonly body?: { readonly mediaType: string; readonly schema: z.ZodType }[];
  /** Success responses; the error responses (problem+json) are added by the generator. */
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: z.ZodType }>>;
  /** Problem codes this operation can answer with, beyond the ones every route has. */
  readonly errors?: Readonly<Record<number, readonly string[]>>;
}
