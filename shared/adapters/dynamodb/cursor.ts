import { ValidationError } from '../../domain/errors';

/**
 * Opaque list cursors: DynamoDB's LastEvaluatedKey, base64url-encoded. A cursor is only accepted
 * for the partition it was made in, so a cursor can never reach into another dealer's data.
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeCursor(
  cursor: string | undefined,
  partitionKey: string,
): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && (key as { pk?: unknown }).pk === partitionKey) {
      return key as Record<string, unknown>;
    }
  } catch {
    // fall through: not a cursor of ours
  }
  throw new ValidationError('INVALID_CURSOR', 'The cursor is not valid for this list.', [
    { path: 'query.cursor', message: 'not a cursor of this list' },
  ]);
}
