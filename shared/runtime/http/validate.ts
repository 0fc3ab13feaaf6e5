import type * as z from 'zod';
import { ValidationError, type FieldIssue } from '../../domain/errors';
import type { HttpEvent } from './http-edge';

/** zod issues as the API's `errors` list: a dotted path (prefixed) and a message. */
export function toFieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.') || '(root)',
    message: issue.message,
  }));
}

/** Parses with a schema or throws 422 VALIDATION_FAILED naming every bad field. */
export function parseOrFail<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  prefix = '',
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError(
      'VALIDATION_FAILED',
      'The request is not valid.',
      toFieldIssues(result.error, prefix),
    );
  }
  return result.data;
}

export function parseBody<Schema extends z.ZodType>(schema: Schema, event: HttpEvent): z.infer<Schema> {
  return parseOrFail(schema, event.parsedBody);
}

export function parseQuery<Schema extends z.ZodType>(schema: Schema, event: HttpEvent): z.infer<Schema> {
  return parseOrFail(schema, event.queryStringParameters ?? {}, 'query');
}

/** A path parameter the route guarantees (API Gateway never invokes a route without it). */
export function pathParameter(event: HttpEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value) throw new ValidationError('VALIDATION_FAILED', `Missing path parameter ${name}.`);
  return value;
}
