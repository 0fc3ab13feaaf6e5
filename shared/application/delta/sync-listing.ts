import type { Detail } from '../../domain/detail';
import { ListingRejectedError } from '../../domain/errors';
import { pushesSingleVehicles, type Export } from '../../domain/export';
import { newId } from '../../domain/ids';
import { contentHash, type Listing, type ListingMessage } from '../../domain/listing';
import type { SyncMessage } from '../../domain/sync-message';
import type { Vehicle } from '../../domain/vehicle';
import type { Clock, DetailWriter, ExportReader, VehicleReader } from '../ports';
import type { ListingOutcome, ListingTarget } from './listing-connector';
import type { ListingPreferences, ListingStore, ResolvedTarget, TargetResolver } from './ports';

export interface SyncListingDeps {
  readonly vehicles: VehicleReader;
  readonly exports: Pick<ExportReader, 'getExport'>;
  readonly listings: ListingStore;
  readonly targets: TargetResolver;
  readonly preferences: ListingPreferences;
  readonly details: DetailWriter;
  readonly clock: Clock;
}

export type SyncOutcome = 'created' | 'updated' | 'removed' | 'unchanged' | 'rejected' | 'skipped';

/** Someone else changed the listing between read and write: retry from the current state. */
export class ListingChangedError extends Error {
  override readonly name = 'ListingChangedError';
}

/**
 * Brings one vehicle's listing on one export in step with the stock as it is NOW (not as the
 * message says): released and present → create or update; otherwise → remove. A payload whose
 * hash equals the last accepted one sends nothing. Duplicated and reordered messages are
 * therefore harmless. A passing platform failure propagates (the queue retries); a rejection is
 * recorded as an `error` detail and acknowledged.
 */
export async function syncListing(message: SyncMessage, deps: SyncListingDeps): Promise<SyncOutcome> {
  const exp = await deps.exports.getExport(message.dealerId, message.exportId);
  // Locked exports hold their changes: the lock policy (export-control issue) remembers them.
  if (!exp || !pushesSingleVehicles(exp) || exp.status === 'locked') return 'skipped';
  const target = await deps.targets.resolve(exp);
  if (!target) return 'skipped';

  const [vehicle, listing] = await Promise.all([
    deps.vehicles.getVehicle(message.dealerId, message.vehicleId),
    deps.listings.getListing(exp.exportId, message.vehicleId),
  ]);
  const released = vehicle?.releases[exp.exportId] === true && (target.accepts?.(vehicle) ?? true);
  const wanted = released ? vehicle : undefined;
  const sync = new ListingSync(exp, message.vehicleId, target, listing, deps);
  return wanted ? sync.upsert(wanted) : sync.remove();
}

class ListingSync {
  private readonly started: number;
  private readonly target: ListingTarget;

  constructor(
    private readonly exp: Export,
    private readonly vehicleId: string,
    private readonly resolved: ResolvedTarget,
    private readonly listing: Listing | undefined,
    private readonly deps: SyncListingDeps,
  ) {
    this.started = deps.clock.now().getTime();
    this.target = { exportId: exp.exportId, vehicleId, settings: resolved.settings };
  }

  async upsert(vehicle: Vehicle): Promise<SyncOutcome> {
    const { connector } = this.resolved;
    const bookings = this.listing?.bookings ?? [];
    const preferences = await this.deps.preferences.preferencesOf(this.exp.dealerId);
    const action = this.listing?.state === 'listed' ? 'update' : 'create';
    let payload: unknown;
    try {
      payload = connector.toPayload(vehicle, { settings: this.resolved.settings, bookings, ...preferences });
    } catch (error) {
      return this.rejected(error, action);
    }
    const hash = contentHash({ payload, bookings });
    if (this.listing?.state === 'listed' && this.listing.contentHash === hash) return 'unchanged';

    if (this.listing?.state === 'listed' && this.listing.listingRef) {
      const ref = this.listing.listingRef;
      const outcome = await this.call(action, () => connector.update(this.target, ref, payload));
      if (!outcome) return 'rejected';
      await this.save({ ...this.listing, contentHash: hash, syncedVersion: vehicle.version }, this.listing);
      await this.record('update', outcome);
      return 'updated';
    }

    // A new creation writes its insertion key first, so a crash after the platform created the
    // listing repeats the create with the same key ("already created"), never a second listing.
    const creating: Listing = {
      exportId: this.exp.exportId,
      vehicleId: this.vehicleId,
      state: 'creating',
      listingRef: null,
      insertionKey: this.listing?.state === 'creating' ? this.listing.insertionKey : newId('ins'),
      internalNumber: vehicle.internalNumber,
      contentHash: null,
      bookings,
      syncedVersion: this.listing?.syncedVersion ?? 0,
      updatedAt: this.now(),
    };
    if (this.listing?.state !== 'creating') await this.save(creating, this.listing);
    const outcome = await this.call('create', () =>
      connector.create(this.target, payload, creating.insertionKey),
    );
    if (!outcome) return 'rejected';
    const listed: Listing = {
      ...creating,
      state: 'listed',
      listingRef: outcome.listingRef,
      contentHash: hash,
      syncedVersion: vehicle.version,
    };
    await this.save(listed, this.listing?.state === 'creating' ? this.listing : creating);
    await this.record('create', outcome);
    return 'created';
  }

  async remove(): Promise<SyncOutcome> {
    const listing = this.listing;
    if (!listing || listing.state === 'removed') return 'unchanged';
    if (listing.state === 'creating' || !listing.listingRef) {
      // The platform may have created the listing although the answer was lost (the worker died
      // right after it): find it by what the create carried and delete that. Not found: the
      // create never happened, and nothing is left to remove.
      const found = await this.resolved.connector.find(this.target, {
        insertionKey: listing.insertionKey,
        ...(listing.internalNumber ? { internalNumber: listing.internalNumber } : {}),
      });
      // An internal number can be reused by a new vehicle while the old one's ad still lives:
      // never take an ad another listing of this export owns.
      const ours =
        found && !(await this.deps.listings.claimedByOther(this.exp.exportId, this.vehicleId, found));
      if (!ours) {
        await this.save({ ...listing, state: 'removed', contentHash: null }, listing);
        return 'unchanged';
      }
      return this.removeListed(listing, found);
    }
    return this.removeListed(listing, listing.listingRef);
  }

  private async removeListed(listing: Listing, ref: string): Promise<SyncOutcome> {
    const outcome = await this.call('delete', () => this.resolved.connector.remove(this.target, ref));
    if (!outcome) return 'rejected';
    await this.save({ ...listing, listingRef: ref, state: 'removed', contentHash: null }, listing);
    await this.record('delete', outcome);
    return 'removed';
  }

  /** Calls the platform; a rejection is recorded and becomes `undefined`, anything else propagates. */
  private async call(
    action: Detail['action'],
    request: () => Promise<ListingOutcome>,
  ): Promise<ListingOutcome | undefined> {
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof ListingRejectedError)) throw error;
      await this.rejected(error, action);
      return undefined;
    }
  }

  private async rejected(error: unknown, action: Detail['action']): Promise<SyncOutcome> {
    if (!(error instanceof ListingRejectedError)) throw error;
    const messages: ListingMessage[] = error.messages.length
      ? [...error.messages]
      : [{ severity: 'error', code: error.code, text: error.message }];
    await this.writeDetail(action, 'error', messages, this.listing?.listingRef ?? undefined);
    return 'rejected';
  }

  private async save(listing: Listing, expected: Listing | undefined): Promise<void> {
    const saved = await this.deps.listings.saveListing(
      { ...listing, updatedAt: this.now() },
      expected && { state: expected.state, insertionKey: expected.insertionKey },
    );
    if (!saved)
      throw new ListingChangedError(`listing ${this.exp.exportId}/${this.vehicleId} changed meanwhile`);
  }

  private async record(action: Detail['action'], outcome: ListingOutcome): Promise<void> {
    const warned = outcome.messages.some((message) => message.severity !== 'info');
    await this.writeDetail(action, warned ? 'warning' : 'success', outcome.messages, outcome.listingRef);
  }

  private async writeDetail(
    action: Detail['action'],
    outcome: Detail['outcome'],
    messages: readonly ListingMessage[],
    listingRef: string | undefined,
  ): Promise<void> {
    const at = this.deps.clock.now();
    await this.deps.details.record({
      detailId: newId('det', at),
      exportId: this.exp.exportId,
      at: at.toISOString(),
      kind: 'delta',
      vehicleId: this.vehicleId,
      action,
      outcome,
      ...(listingRef ? { listingRef } : {}),
      messages: [...messages],
      bookings: [...(this.listing?.bookings ?? [])],
      durationMs: Math.max(0, at.getTime() - this.started),
    });
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}
