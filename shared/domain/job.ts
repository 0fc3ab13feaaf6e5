import * as z from 'zod';

/** `remove-listings`: a deactivation with `removeListings=true` deletes the export's listings. */
export const jobKinds = ['match', 'full-transfer', 'feed', 'remove-listings'] as const;

/** A job message on the jobs queue; progress lives on the job item, not in the message. */
export const JobMessageSchema = z.object({
  dealerId: z.string().min(1),
  exportId: z.string().min(1),
  jobId: z.string().min(1),
  kind: z.enum(jobKinds),
});
export type JobMessage = z.infer<typeof JobMessageSchema>;

export const JobSchema = JobMessageSchema.extend({
  state: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.number().int().min(0),
  done: z.number().int().min(0),
  failed: z.number().int().min(0),
  error: z.string().optional(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
export type Job = z.infer<typeof JobSchema>;
