import { ValidationError } from './errors';

/** What every response shows in place of a secret (API.md: secrets are write-only). */
export const SECRET_MASK = '********';

type Json = Record<string, unknown>;

function getAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Json)[key];
  }
  return current;
}

/** A copy with the value at `path` replaced (only where the path exists). */
function replaceAt<T>(value: T, path: readonly string[], replace: (current: unknown) => unknown): T {
  const [head, ...rest] = path;
  if (head === undefined || !value || typeof value !== 'object' || !(head in value)) return value;
  const inner = (value as Json)[head];
  return {
    ...(value as Json),
    [head]: rest.length === 0 ? replace(inner) : replaceAt(inner, rest, replace),
  } as T;
}

const split = (path: string) => path.split('.');

/** The value with every present secret replaced by the mask. */
export function maskSecrets<T>(value: T, paths: readonly string[]): T {
  return paths.reduce(
    (masked, path) =>
      replaceAt(masked, split(path), (secret) =>
        secret === undefined || secret === null ? secret : SECRET_MASK,
      ),
    value,
  );
}

/**
 * An update may send the mask back for a secret it does not change: the stored value is kept.
 * A mask with nothing stored behind it is refused (it would store the mask as the secret).
 */
export function keepStoredSecrets<T>(incoming: T, stored: T | undefined, paths: readonly string[]): T {
  return paths.reduce((merged, path) => {
    const parts = split(path);
    if (getAt(merged, parts) !== SECRET_MASK) return merged;
    const previous = getAt(stored, parts);
    if (typeof previous !== 'string') {
      throw new ValidationError('VALIDATION_FAILED', 'A secret was sent masked but none is stored.', [
        { path, message: `send the secret itself, not ${SECRET_MASK}` },
      ]);
    }
    return replaceAt(merged, parts, () => previous);
  }, incoming);
}

/** Applies an async transformation to every present string secret (sealing or opening). */
export async function transformSecrets<T>(
  value: T,
  paths: readonly string[],
  transform: (secret: string) => Promise<string>,
): Promise<T> {
  let result = value;
  for (const path of paths) {
    const parts = split(path);
    const secret = getAt(result, parts);
    if (typeof secret !== 'string') continue;
    const transformed = await transform(secret);
    result = replaceAt(result, parts, () => transformed);
  }
  return result;
}
