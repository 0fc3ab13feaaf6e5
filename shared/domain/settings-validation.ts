import type * as z from 'zod';
import { ValidationError, type FieldIssue } from './errors';

/**
 * Parses an export's settings with its app's schema (defaults filled in) or throws 422
 * VALIDATION_FAILED naming every bad field as `settings.<path>`, the way the request spells it.
 */
export function parseExportSettings(
  schema: z.ZodType<Record<string, unknown>>,
  settings: unknown,
): Record<string, unknown> {
  const result = schema.safeParse(settings);
  if (result.success) return result.data;
  throw new ValidationError(
    'VALIDATION_FAILED',
    'The settings are not valid for this app.',
    result.error.issues.map((issue) => ({
      path: ['settings', ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}

/** The same error with every issue path under `prefix` (errors raised on a part of the body). */
export function underPath(error: ValidationError, prefix: string): ValidationError {
  const issues: FieldIssue[] = error.issues.map((issue) => ({ ...issue, path: `${prefix}.${issue.path}` }));
  return new ValidationError(error.code, error.message, issues);
}
