/** One change of a vehicle in the stock, as the stock stream reports it. */
export interface StockChange {
  readonly dealerId: string;
  readonly vehicleId: string;
  /** `removed`: the vehicle left the stock (a dealer's deletion, never a TTL expiry). */
  readonly kind: 'upserted' | 'removed';
  /** The stock version after the change (a removal counts as one more version). */
  readonly version: number;
  /** Per export: was the vehicle released there before the change, and is it after. */
  readonly releasedBefore: Readonly<Record<string, boolean>>;
  readonly releasedAfter: Readonly<Record<string, boolean>>;
}

/** What a change means for one export's listing. */
export type SyncDecision = 'upsert' | 'remove' | 'none';

/**
 * Released and present → upsert; released before but not any more (unreleased or deleted) →
 * remove; never released on either side → nothing to do. The worker then decides from the
 * current state, so this only spares the queue changes that cannot concern the export.
 */
export function syncDecision(change: StockChange, exportId: string): SyncDecision {
  const after = change.kind === 'upserted' && change.releasedAfter[exportId] === true;
  if (after) return 'upsert';
  return change.releasedBefore[exportId] === true ? 'remove' : 'none';
}

/**
 * The vehicle's release on the export after the change, when the change flips it (released →
 * unreleased or deleted, or not released → released); undefined when it stays as it was.
 */
export function releaseTransition(change: StockChange, exportId: string): boolean | undefined {
  const before = change.releasedBefore[exportId] === true;
  const after = change.kind === 'upserted' && change.releasedAfter[exportId] === true;
  return before === after ? undefined : after;
}
