import { createHash } from 'node:crypto';
import * as z from 'zod';

/** A message the platform gave about a listing (a warning, or why it was rejected). */
export const ListingMessageSchema = z.object({
  severity: z.enum(['info', 'warning', 'error']),
  code: z.string(),
  text: z.string(),
});
export type ListingMessage = z.infer<typeof ListingMessageSchema>;

/**
 * What an export knows of one vehicle's listing on its platform (Exports table, pk
 * `EXPORT#<exportId>`, sk `LISTING#<vehicleId>`). `creating` is written before the platform is
 * asked to create, with the insertion key: a crash after the platform created the listing but
 * before `listingRef` was stored is repaired by repeating the create with the same key, which the
 * connector turns into "already created" (mobile.de 303) instead of a second listing.
 */
export const ListingSchema = z.object({
  exportId: z.string(),
  /** The export's dealer: lets a state change count the export's listings in the same write. */
  dealerId: z.string().optional(),
  vehicleId: z.string(),
  state: z.enum(['creating', 'listed', 'removed']),
  /** The platform's reference (mobile.de ad id, AutoScout24 listing id); kept as a string. */
  listingRef: z.string().nullable(),
  /** Stable per export and vehicle: the platform's idempotency key for the create. */
  insertionKey: z.string(),
  /** The internal number the create carried: finds the listing again when its answer was lost. */
  internalNumber: z.string().optional(),
  /** Hash of the last payload the platform accepted; equal hash → nothing is sent. */
  contentHash: z.string().nullable(),
  bookings: z.array(z.string()).default([]),
  /** Sends again for images that failed for a passing reason (absent: none pending). */
  imageRetries: z.number().int().min(0).optional(),
  /** The stock version last brought to the platform. */
  syncedVersion: z.number().int().min(0),
  updatedAt: z.iso.datetime(),
});
export type Listing = z.infer<typeof ListingSchema>;

/** A deterministic hash of a JSON value: object keys sorted, so key order never matters. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
