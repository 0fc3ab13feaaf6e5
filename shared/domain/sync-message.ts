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
  /**
   * When the stock stream decided the change: a removal waits a settle delay counted from here, so
   * that a burst of removals is counted (and can lock the export) before its first one is sent.
   */
  decidedAt: z.iso.datetime().optional(),
  /**
   * Set by a re-sync (unlock, full transfer, match): names it, so that the FIFO deduplication of
   * the last 5 minutes does not drop it as a repeat of the stream's message of the same version.
   */
  resync: z.string().min(1).max(40).optional(),
  /** Send even when the content hash says the platform has it already (full transfer). */
  force: z.boolean().optional(),
  /** Delete the listing: its export was deactivated with `removeListings=true`. */
  purge: z.boolean().optional(),
});
export type SyncMessage = z.infer<typeof SyncMessageSchema>;
