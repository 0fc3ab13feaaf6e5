import * as z from 'zod';
import { FeedScheduleSchema } from './feed-schedule';

export const exportStatuses = ['matching', 'active', 'locked', 'inactive'] as const;
export const transports = ['api', 'feed', 'webhook'] as const;

export type ExportStatus = (typeof exportStatuses)[number];

/** Why and since when an export holds back changes (API.md "lock"); set by the lock policy. */
export const ExportLockSchema = z.object({
  reason: z.string(),
  detail: z.string(),
  lockedAt: z.iso.datetime(),
  heldChanges: z.number().int().min(0),
});
export type ExportLock = z.infer<typeof ExportLockSchema>;

/**
 * Counters of the export, none of them counted by reading the stock or the listings. On the item,
 * from 0 at activation: `released` (the stock stream, once per release transition), `listed`
 * (every listing write that goes live or stops being live); a feed run sets both to its file's
 * vehicles. Derived when the export is answered (export-view.ts): `pending` and `errorsLast24h`
 * (hourly error counts); their fields on the item stay 0.
 */
export const ExportStatsSchema = z.object({
  released: z.number().int().min(0),
  listed: z.number().int().min(0),
  pending: z.number().int().min(0),
  errorsLast24h: z.number().int().min(0),
});
export type ExportStats = z.infer<typeof ExportStatsSchema>;

export const emptyExportStats: ExportStats = { released: 0, listed: 0, pending: 0, errorsLast24h: 0 };

/**
 * An export: one app activated by one dealer, with that dealer's settings. Settings are stored
 * with the values at `secretPaths` sealed; the paths are the app's at activation, kept here so
 * the export can be read, masked and opened without its app (a custom app may be gone later).
 * Fields added after the first release default, so older items still parse.
 */
export const ExportSchema = z.object({
  exportId: z.string(),
  dealerId: z.string(),
  appId: z.string(),
  transport: z.enum(transports),
  status: z.enum(exportStatuses),
  settings: z.record(z.string(), z.unknown()),
  secretPaths: z.array(z.string()).default([]),
  lock: ExportLockSchema.nullable().default(null),
  stats: ExportStatsSchema.default(emptyExportStats),
  lastTransmissionAt: z.iso.datetime().nullable().default(null),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime().optional(),
  /** Set on deactivation: when, and whether the dealer asked for the platform listings to go. */
  deactivatedAt: z.iso.datetime().optional(),
  removeListings: z.boolean().optional(),
  /** Lock bookkeeping: the lock e-mail went out; removals are counted only after the last unlock. */
  lockNotifiedAt: z.iso.datetime().optional(),
  unlockedAt: z.iso.datetime().optional(),
  /**
   * Inventory match (ADR 0007): vehicles not created yet because they are candidates of a platform
   * listing the dealer has still to assign; each goes when no unassigned listing names it any more.
   * Stored as a string set, so that concurrent assignments remove from it atomically.
   */
  matchHolds: z
    .preprocess((value) => (value instanceof Set ? [...(value as Set<string>)] : value), z.array(z.string()))
    .optional(),
  /** Custom feed exports: the schedule of the app's definition (built-in feeds keep it in settings). */
  feedSchedule: FeedScheduleSchema.optional(),
  /** Feed exports: when the scheduler last started a run. */
  lastFeedRunAt: z.iso.datetime().optional(),
  /** Feed exports: the last file delivered (the feed lock compares the next run with it). */
  lastFeedDelivery: z
    .object({ vehicles: z.number().int().min(0), bytes: z.number().int().min(0), at: z.iso.datetime() })
    .optional(),
});
export type Export = z.infer<typeof ExportSchema>;

/** Exports that push single vehicles as they change (API and webhook transports). */
export function pushesSingleVehicles(exp: Export): boolean {
  return exp.transport !== 'feed' && exp.status !== 'inactive';
}
