import * as z from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment once, at init. A bad or missing key fails the cold start with the list
 * of every bad key, instead of failing later inside a request.
 */
export function loadConfig<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const keys = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${keys.join('; ')}`);
  }
  return result.data;
}

/** A required, non-empty variable (a resource name must never default silently). */
export const required = z.string().min(1);

/** A whole number of seconds with a default, e.g. `seconds(30)`. */
export const seconds = (fallback: number) => z.coerce.number().int().min(0).max(86_400).default(fallback);
