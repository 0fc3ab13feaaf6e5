import { randomUUID } from 'node:crypto';
import type {
  ListingConnector,
  ListingContext,
  ListingOutcome,
  ListingTarget,
} from '../../../application/delta/listing-connector';
import type { Vehicle } from '../../../domain/vehicle';
import { interpretAnswer } from './answers';
import { idempotencyKey, serializeEnvelope, webhookListingRef, type WebhookEnvelope } from './envelope';
import { toWebhookData, type WebhookObject } from './payload';
import { parseWebhookFields, parseWebhookSettings } from './settings';
import { signWebhook } from './signature';
import { checkWebhookTarget, resolveWithDns, type ResolveHost } from './target-guard';
import { postPinned } from './transport';

export interface WebhookConnectorOptions {
  /** false in AWS (SSRF guard: https and public addresses only); true locally and in tests. */
  readonly allowPrivateTargets: boolean;
  /** Per delivery, connection and answer included. Default 10 s. */
  readonly timeoutMs?: number;
  /** All addresses of a host; node's resolver by default. Injected by tests. */
  readonly resolve?: ResolveHost;
  /** Unix seconds for `X-Timestamp`; injected by tests. */
  readonly now?: () => Date;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
export const WEBHOOK_USER_AGENT = 'vehicle-export-webhook/1';

/**
 * Custom apps with `delivery: webhook`: one signed JSON POST per change to the dealer's own system
 * (README.md beside this file). One attempt per call: the delta queue retries with back-off.
 */
export class WebhookListingConnector implements ListingConnector {
  private readonly timeoutMs: number;
  private readonly resolve: ResolveHost;
  private readonly now: () => Date;

  constructor(private readonly options: WebhookConnectorOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
    this.resolve = options.resolve ?? resolveWithDns;
    this.now = options.now ?? (() => new Date());
  }

  toPayload(vehicle: Vehicle, context: ListingContext): WebhookObject {
    return toWebhookData(vehicle, parseWebhookFields(context.settings));
  }

  /** Idempotent without the insertion key: the receiver upserts by listingRef (README.md). */
  async create(target: ListingTarget, payload: unknown, _insertionKey: string): Promise<ListingOutcome> {
    return this.upsert(target, webhookListingRef(target.exportId, target.vehicleId), payload);
  }

  async update(target: ListingTarget, listingRef: string, payload: unknown): Promise<ListingOutcome> {
    return this.upsert(target, listingRef, payload);
  }

  /** A webhook listing's reference is derived, so a lost create is always "found" (removal is idempotent for receivers). */
  async find(target: ListingTarget): Promise<string | undefined> {
    return webhookListingRef(target.exportId, target.vehicleId);
  }

  async remove(target: ListingTarget, listingRef: string): Promise<ListingOutcome> {
    return this.deliver(target, { event: 'listing.removed', ...ids(target), listingRef }, 'remove');
  }

  private upsert(target: ListingTarget, listingRef: string, payload: unknown): Promise<ListingOutcome> {
    // The payload is what toPayload returned for this export; the worker stores and passes it through.
    const data = payload as WebhookObject;
    return this.deliver(target, { event: 'listing.upserted', ...ids(target), listingRef, data }, 'upsert');
  }

  private async deliver(
    target: ListingTarget,
    envelope: WebhookEnvelope,
    action: 'upsert' | 'remove',
  ): Promise<ListingOutcome> {
    const { delivery } = parseWebhookSettings(target.settings);
    const checked = await checkWebhookTarget(delivery.url, {
      allowPrivateTargets: this.options.allowPrivateTargets,
      resolve: this.resolve,
    });
    const body = serializeEnvelope(envelope);
    const timestamp = Math.floor(this.now().getTime() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      'x-webhook-event': envelope.event,
      'x-webhook-id': randomUUID(),
      'x-idempotency-key': idempotencyKey(body),
      'x-timestamp': String(timestamp),
      'x-signature': signWebhook(delivery.secret, timestamp, body),
    };
    const answer = await postPinned(checked, headers, body, this.timeoutMs);
    return { listingRef: envelope.listingRef, messages: interpretAnswer(answer, action, checked.url.host) };
  }
}

function ids(target: ListingTarget) {
  return { exportId: target.exportId, vehicleId: target.vehicleId };
}

export function createWebhookListingConnector(options: WebhookConnectorOptions): WebhookListingConnector {
  return new WebhookListingConnector(options);
}
