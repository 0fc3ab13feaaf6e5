import * as z from 'zod';
import { matchMethods } from './inventory-match';

/**
 * What an export keeps of its inventory match (Exports table, pk `EXPORT#<exportId>`): one summary
 * (`MATCH`) written by the match job, and one item per listing that matched nothing
 * (`MATCH#<listingRef>`) carrying the dealer's one-time assignment once made.
 */

export const MatchedListingSchema = z.object({
  vehicleId: z.string(),
  listingRef: z.string(),
  by: z.enum(matchMethods),
});
export type MatchedListing = z.infer<typeof MatchedListingSchema>;

export const MatchSummarySchema = z.object({
  exportId: z.string(),
  jobId: z.string(),
  /** `pending` until the job has adopted the matches and queued the creations, then `done`. */
  state: z.enum(['pending', 'done']),
  matched: z.array(MatchedListingSchema),
  unmatchedVehicles: z.array(z.string()),
  /** Of the unmatched vehicles, those held back as candidates of an unassigned listing. */
  held: z.array(z.string()).default([]),
  counts: z.object({
    listings: z.number().int().min(0),
    matched: z.number().int().min(0),
    unmatched: z.number().int().min(0),
    vehiclesToCreate: z.number().int().min(0),
  }),
  updatedAt: z.iso.datetime(),
});
export type MatchSummary = z.infer<typeof MatchSummarySchema>;

/** The dealer's decision about a listing that matched nothing; made once. */
export const MatchAssignmentSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('vehicle'), vehicleId: z.string(), at: z.iso.datetime() }),
  z.object({ action: z.literal('keep'), at: z.iso.datetime() }),
  z.object({ action: z.literal('delete'), at: z.iso.datetime() }),
]);
export type MatchAssignment = z.infer<typeof MatchAssignmentSchema>;

export const UnmatchedListingSchema = z.object({
  exportId: z.string(),
  listingRef: z.string(),
  title: z.string(),
  internalNumber: z.string().nullable(),
  vin: z.string().nullable(),
  candidates: z.array(z.string()),
  assignment: MatchAssignmentSchema.nullable().default(null),
});
export type UnmatchedListing = z.infer<typeof UnmatchedListingSchema>;
