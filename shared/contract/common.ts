import * as z from 'zod';

/** Every error body of the API (RFC 9457 problem details with a stable code). */
export const ProblemSchema = z
  .object({
    type: z.literal('about:blank'),
    title: z.string(),
    status: z.number().int(),
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export const HealthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

/** List paging of every collection (API.md "Lists"). */
export const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(2048).optional(),
});
export type ListQuery = z.infer<typeof ListQuerySchema>;

export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
