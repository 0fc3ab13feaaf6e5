import * as z from 'zod';

export const exportStatuses = ['matching', 'active', 'locked', 'inactive'] as const;
export const transports = ['api', 'feed', 'webhook'] as const;

/** An export: one app activated by one dealer, with that dealer's settings. */
export const ExportSchema = z.object({
  exportId: z.string(),
  dealerId: z.string(),
  appId: z.string(),
  transport: z.enum(transports),
  status: z.enum(exportStatuses),
  settings: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  /** Feed exports: when the scheduler last started a run. */
  lastFeedRunAt: z.iso.datetime().optional(),
});
export type Export = z.infer<typeof ExportSchema>;

/** Exports that push single vehicles as they change (API and webhook transports). */
export function pushesSingleVehicles(exp: Export): boolean {
  return exp.transport !== 'feed' && exp.status !== 'inactive';
}
