import * as z from 'zod';

/**
 * "Bring this vehicle's listing on this export in step with the stock." The producer (stock
 * stream) validates with the schema its consumer (delta worker) parses with. The worker syncs
 * from the current state, so the version only names the change (deduplication, logs).
 */
export const SyncMessageSchema = z.object({
  dealerId: z.string().min(1),
  exportId: z.string().min(1),
  vehicleId: z.string().min(1),
  version: z.number().int().min(0),
});
export type SyncMessage = z.infer<typeof SyncMessageSchema>;
