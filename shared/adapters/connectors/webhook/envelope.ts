import { createHash } from 'node:crypto';
import type { WebhookObject } from './payload';

export type WebhookEvent = 'listing.upserted' | 'listing.removed';

export interface WebhookEnvelope {
  readonly event: WebhookEvent;
  readonly exportId: string;
  readonly vehicleId: string;
  readonly listingRef: string;
  /** Absent for `listing.removed`. */
  readonly data?: WebhookObject;
}

/**
 * The exact bytes that are sent and signed. No time and no delivery id inside: the same change
 * gives the same body, so a retry is byte-for-byte the first attempt (README.md "Body").
 */
export function serializeEnvelope(envelope: WebhookEnvelope): string {
  const { event, exportId, vehicleId, listingRef, data } = envelope;
  // Fixed key order; JSON.stringify leaves out an undefined `data`.
  return JSON.stringify({ event, exportId, vehicleId, listingRef, data });
}

/** `X-Idempotency-Key`: the same for the same export, vehicle, event and content. */
export function idempotencyKey(body: string): string {
  return createHash('sha256').update(body).digest('base64url');
}

/** A listing of a webhook app is the vehicle in that export: stable, and the same after a re-create. */
export function webhookListingRef(exportId: string, vehicleId: string): string {
  return `${exportId}:${vehicleId}`;
}
