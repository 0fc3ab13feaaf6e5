import * as z from 'zod';

/** Export details are kept this long (PRODUCT.md §7). */
export const DETAIL_RETENTION_MS = 5 * 24 * 60 * 60 * 1000;

export const DetailSchema = z.object({
  detailId: z.string(),
  exportId: z.string(),
  at: z.iso.datetime(),
  kind: z.enum(['delta', 'full-transfer', 'feed', 'match', 'lock', 'unlock']),
  vehicleId: z.string().optional(),
  action: z.enum(['create', 'update', 'delete', 'none']),
  outcome: z.enum(['success', 'warning', 'error', 'held', 'skipped']),
  listingRef: z.string().optional(),
  messages: z.array(
    z.object({ severity: z.enum(['info', 'warning', 'error']), code: z.string(), text: z.string() }),
  ),
  bookings: z.array(z.string()).optional(),
  counts: z.record(z.string(), z.number()).optional(),
  durationMs: z.number().int().min(0).optional(),
});
export type Detail = z.infer<typeof DetailSchema>;

/** When a detail stops being visible (and TTL may delete it). */
export function detailExpiry(at: Date): Date {
  return new Date(at.getTime() + DETAIL_RETENTION_MS);
}
