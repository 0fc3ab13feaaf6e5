import * as z from 'zod';
import { ValidationError } from './errors';

export const importModes = ['upsert', 'replace'] as const;
export type ImportMode = (typeof importModes)[number];

/**
 * One line of an import file: the candidate vehicle (not yet validated), or why the line could
 * not even be read. `line` is the file's line number for CSV (header = 1), the 1-based array
 * index for JSON.
 */
export type ImportLine =
  { readonly line: number; readonly candidate: unknown } | { readonly line: number; readonly error: string };

export const ImportResultSchema = z
  .object({
    created: z.number().int().min(0),
    updated: z.number().int().min(0),
    deleted: z.number().int().min(0),
    unchanged: z.number().int().min(0),
    errors: z.array(z.object({ line: z.number().int().min(0), message: z.string() })),
    /** Errors beyond the first 1,000 are counted here instead of listed. */
    errorsOmitted: z.number().int().min(0),
  })
  .meta({ id: 'ImportResult' });
export type ImportResult = z.infer<typeof ImportResultSchema>;

/** A JSON import body: an array of vehicle inputs, line = 1-based index. */
export function jsonImportLines(body: unknown): ImportLine[] {
  if (body === undefined) return [];
  if (!Array.isArray(body)) {
    throw new ValidationError('VALIDATION_FAILED', 'A JSON import is an array of vehicles.', [
      { path: '(root)', message: 'expected an array of vehicles' },
    ]);
  }
  return body.map((candidate: unknown, index) => ({ line: index + 1, candidate }));
}

/** The internal number a line names, if it names a usable one (valid or not otherwise). */
export function internalNumberOf(candidate: unknown): string | undefined {
  const value = (candidate as { internalNumber?: unknown } | null)?.internalNumber;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** zod issues of one line as one message: `price.gross: …; mileageKm: …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(line)'}: ${issue.message}`)
    .join('; ');
}
