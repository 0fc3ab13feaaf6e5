import type { Detail } from '../../domain/detail';
import { ListingRejectedError } from '../../domain/errors';
import { pushesSingleVehicles, type Export } from '../../domain/export';
import { newId } from '../../domain/ids';
import { IMAGE_DELAYED } from '../../domain/image-problems';
import { contentHash, type Listing, type ListingMessage } from '../../domain/listing';
import type { SyncMessage } from '../../domain/sync-message';
import type { Vehicle } from '../../domain/vehicle';
import { holdChange } from '../locks/hold-change';
import type { LockStore } from '../locks/ports';
import type { Clock, DetailWriter, ExportReader, VehicleLookup, VehicleReader } from '../ports';
import type { TransmissionLog } from '../stats/ports';
import type { ListingOutcome, ListingTarget } from './listing-connector';
import type { ListingPreferences, ListingStore, ResolvedTarget, TargetResolver } from './ports';

export interface SyncListingDeps {
  readonly vehicles: VehicleReader & VehicleLookup;
  readonly exports: Pick<ExportReader, 'getExport'>;
  readonly listings: ListingStore;
  readonly targets: TargetResolver;
  readonly preferences: ListingPreferences;
  readonly details: DetailWriter;
  readonly clock: Clock;
  readonly locks: Pick<LockStore, 'hold'>;
  /** A removal waits this long after the stock stream decided it (ADR 0006). */
  readonly removalSettleMs: number;
  /**
   * The export's `lastTransmissionAt`: the platform answered (accepted or rejected). Optional so
   * that workers built for tests that do not look at it need not pass one.
   */
  readonly transmissions?: TransmissionLog;
}

export type SyncOutcome =
  'created' | 'updated' | 'removed' | 'handedOver' | 'unchanged' | 'rejected' | 'held' | 'skipped';

/** `lastTransmissionAt` is shown to the minute: a fresher write would only cost capacity. */
const TRANSMISSION_PRECISION_MS = 60_000;

/** Someone else changed the listing between read and write: retry from the current state. */
export class ListingChangedError extends Error {
  override readonly name = 'ListingChangedError';
}

/** The message is to come back after `retryAfterSeconds` (the queue edge delays it). */
export abstract class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A removal is still inside its settle delay: the message comes back when it is over. */
export class RemovalSettlingError extends RetryLaterError {
  override readonly name = 'RemovalSettlingError';
  constructor(retryAfterSeconds: number) {
    super(`removal settles for ${retryAfterSeconds} s more`, retryAfterSeconds);
  }
}

/** The listing went up without images its dealer's server did not deliver for now: try again. */
export class ImagesDelayedError extends RetryLaterError {
  override readonly name = 'ImagesDelayedError';
  constructor(retryAfterSeconds: number) {
    super(`images delayed: the listing is sent again in ${retryAfterSeconds} s`, retryAfterSeconds);
  }
}

/** Tries for images that failed for a passing reason: 1, 2 and 4 minutes later, then let be. */
const MAX_IMAGE_RETRIES = 3;
const IMAGE_RETRY_SECONDS = 60;

/**
 * Brings one vehicle's listing on one export in step with the stock as it is NOW (not as the
 * message says): released and present → create or update; otherwise → remove. A payload whose
 * hash equals the last accepted one sends nothing. Duplicated and reordered messages are
 * therefore harmless. A passing platform failure propagates (the queue retries); a rejection is
 * recorded as an `error` detail and acknowledged.
 */
export async function syncListing(message: SyncMessage, deps: SyncListingDeps): Promise<SyncOutcome> {
  const exp = await deps.exports.getExport(message.dealerId, message.exportId);
  if (message.purge && exp?.status === 'inactive' && exp.removeListings) return purge(exp, message, deps);
  // While the inventory match runs, nothing is created: the match adopts or queues every vehicle.
  if (!exp || !pushesSingleVehicles(exp) || exp.status === 'matching') return 'skipped';
  const target = await deps.targets.resolve(exp);
  if (!target) return 'skipped';

  const [vehicle, listing] = await Promise.all([
    deps.vehicles.getVehicle(message.dealerId, message.vehicleId),
    deps.listings.getListing(exp.exportId, message.vehicleId),
  ]);
  const released = vehicle?.releases[exp.exportId] === true && (target.accepts?.(vehicle) ?? true);
  const wanted = released ? vehicle : undefined;
  if (exp.status === 'locked') {
    // Nothing reaches the platform; the unlock re-syncs the vehicle against the stock as it is then.
    await holdChange(deps, exp, message.vehicleId, wanted ? 'update' : 'delete');
    return 'held';
  }
  const sync = new ListingSync(exp, message, target, listing, deps);
  return wanted ? sync.upsert(wanted) : sync.remove();
}

/** A deactivated export's listing goes, whatever the stock says (`removeListings=true`). */
async function purge(exp: Export, message: SyncMessage, deps: SyncListingDeps): Promise<SyncOutcome> {
  const target = await deps.targets.resolve(exp);
  if (!target) return 'skipped';
  const listing = await deps.listings.getListing(exp.exportId, message.vehicleId);
  return new ListingSync(exp, message, target, listing, deps).remove({ handOver: false });
}

class ListingSync {
  private readonly started: number;
  private readonly target: ListingTarget;
  private readonly vehicleId: string;

  constructor(
    private readonly exp: Export,
    private readonly message: SyncMessage,
    private readonly resolved: ResolvedTarget,
    private listing: Listing | undefined,
    private readonly deps: SyncListingDeps,
  ) {
    this.started = deps.clock.now().getTime();
    this.vehicleId = message.vehicleId;
    this.target = { exportId: exp.exportId, vehicleId: this.vehicleId, settings: resolved.settings };
  }

  async upsert(vehicle: Vehicle): Promise<SyncOutcome> {
    if (!this.listing || this.listing.state === 'removed')
      this.listing = (await this.inherit(vehicle)) ?? this.listing;
    const { connector } = this.resolved;
    const bookings = this.listing?.bookings ?? [];
    const action = this.listing?.state === 'listed' ? 'update' : 'create';
    if (action === 'create' && this.listing?.state !== 'creating' && this.heldForMatch()) return 'skipped';
    const preferences = await this.deps.preferences.preferencesOf(this.exp.dealerId);
    let payload: unknown;
    try {
      payload = connector.toPayload(vehicle, { settings: this.resolved.settings, bookings, ...preferences });
    } catch (error) {
      return this.rejected(error, action);
    }
    const hash = contentHash({ payload, bookings });
    // A full transfer re-sends what the platform should already have (it may have drifted).
    const same = this.listing?.state === 'listed' && this.listing.contentHash === hash;
    if (same && !this.message.force) return 'unchanged';

    const notes: ListingMessage[] = [];
    if (this.listing?.state === 'listed' && this.listing.listingRef) {
      const listing = this.listing;
      const ref = listing.listingRef as string;
      const outcome = await this.call(action, () => connector.update(this.target, ref, payload), 'gone');
      if (outcome !== 'gone') {
        if (!outcome) return 'rejected';
        const updated = { ...listing, contentHash: hash, syncedVersion: vehicle.version };
        await this.accept(updated, listing, 'update', outcome);
        return 'updated';
      }
      // Deleted on the platform by hand while the vehicle is still released: list it again.
      const removed: Listing = { ...listing, state: 'removed', contentHash: null };
      await this.save(removed, listing);
      this.listing = removed;
      notes.push({
        severity: 'warning',
        code: 'LISTING_RECREATED',
        text: `Listing ${ref} had been deleted on the platform; it was created again`,
      });
    }

    // A new creation writes its insertion key first, so a crash after the platform created the
    // listing repeats the create with the same key ("already created"), never a second listing.
    const creating: Listing = {
      exportId: this.exp.exportId,
      dealerId: this.exp.dealerId,
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
    const expected = this.listing?.state === 'creating' ? this.listing : creating;
    await this.accept(listed, expected, 'create', { ...outcome, messages: [...notes, ...outcome.messages] });
    return 'created';
  }

  async remove(options: { handOver: boolean } = { handOver: true }): Promise<SyncOutcome> {
    const listing = this.listing;
    if (!listing || listing.state === 'removed') return 'unchanged';
    this.settle();
    if (options.handOver && (await this.handOver(listing))) return 'handedOver';
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

  /**
   * Stores what the platform accepted and tells the dealer. When images stayed out for a passing
   * reason, the hash is not kept and the message comes back later (a few times, waiting longer
   * each time), so the next try sends the listing again with its images.
   */
  private async accept(
    listing: Listing,
    expected: Listing,
    action: 'create' | 'update',
    outcome: ListingOutcome,
  ): Promise<void> {
    const tries = expected.imageRetries ?? 0;
    const delayed = outcome.messages.some((message) => message.code === IMAGE_DELAYED);
    const again = delayed && tries < MAX_IMAGE_RETRIES;
    const { imageRetries: _tries, ...accepted } = listing;
    await this.save(again ? { ...accepted, contentHash: null, imageRetries: tries + 1 } : accepted, expected);
    await this.record(action, outcome);
    if (again) throw new ImagesDelayedError(IMAGE_RETRY_SECONDS * 2 ** tries);
  }

  /**
   * A candidate of a platform listing the dealer has still to assign is not created (ADR 0007):
   * the assignment may give it that listing. The sync that lifts the hold names it (`hold:…`),
   * so a batch's older read of the export cannot keep it held.
   */
  private heldForMatch(): boolean {
    if (this.message.resync?.startsWith('hold:')) return false;
    return this.exp.matchHolds?.includes(this.vehicleId) ?? false;
  }

  /** A removal decided by the stock stream waits its settle delay, so a burst can lock first. */
  private settle(): void {
    if (!this.message.decidedAt) return;
    const left =
      Date.parse(this.message.decidedAt) + this.deps.removalSettleMs - this.deps.clock.now().getTime();
    if (left > 0) throw new RemovalSettlingError(Math.ceil(left / 1000));
  }

  /**
   * A vehicle without a live listing takes over the live listing of its internal number when the
   * vehicle that held it is gone (deleted and re-created, e.g. a repaired stock import after a
   * lock): the ad is updated, never deleted and paid for again.
   */
  private async inherit(vehicle: Vehicle): Promise<Listing | undefined> {
    const orphan = await this.deps.listings.liveListingWithInternalNumber(
      this.exp.exportId,
      vehicle.internalNumber,
    );
    if (!orphan || orphan.vehicleId === this.vehicleId) return undefined;
    const owner = await this.deps.vehicles.getVehicle(this.exp.dealerId, orphan.vehicleId);
    if (owner?.releases[this.exp.exportId] === true && owner.internalNumber === vehicle.internalNumber) {
      return undefined;
    }
    return this.transfer(orphan, this.vehicleId, this.listing);
  }

  /** The other side of `inherit`: a listing about to go stays when a vehicle with its number wants it. */
  private async handOver(listing: Listing): Promise<boolean> {
    if (listing.state !== 'listed' || !listing.internalNumber) return false;
    const heirId = await this.deps.vehicles.vehicleIdByInternalNumber(
      this.exp.dealerId,
      listing.internalNumber,
    );
    if (!heirId || heirId === this.vehicleId) return false;
    const [heir, heirListing] = await Promise.all([
      this.deps.vehicles.getVehicle(this.exp.dealerId, heirId),
      this.deps.listings.getListing(this.exp.exportId, heirId),
    ]);
    if (heir?.releases[this.exp.exportId] !== true) return false;
    if (heirListing && heirListing.state !== 'removed') return false;
    return (await this.transfer(listing, heirId, heirListing)) !== undefined;
  }

  /** Moves a live listing to another vehicle; its next sync sends that vehicle's content (PUT). */
  private async transfer(
    from: Listing,
    toVehicleId: string,
    expected: Listing | undefined,
  ): Promise<Listing | undefined> {
    const heir: Listing = {
      ...from,
      vehicleId: toVehicleId,
      dealerId: this.exp.dealerId,
      insertionKey: newId('ins'),
      contentHash: null,
      syncedVersion: 0,
      updatedAt: this.now(),
    };
    if (!(await this.deps.listings.transferListing(from, heir, expected))) {
      throw new ListingChangedError(`listing ${this.exp.exportId}/${from.vehicleId} changed meanwhile`);
    }
    const at = this.deps.clock.now();
    await this.deps.details.record({
      detailId: newId('det', at),
      exportId: this.exp.exportId,
      at: at.toISOString(),
      kind: 'delta',
      vehicleId: toVehicleId,
      action: 'none',
      outcome: 'success',
      ...(from.listingRef ? { listingRef: from.listingRef } : {}),
      messages: [
        {
          severity: 'info',
          code: 'LISTING_KEPT',
          text: `The listing of internal number ${from.internalNumber ?? ''} passes from ${from.vehicleId} to this vehicle instead of being deleted and created again`,
        },
      ],
    });
    return heir;
  }

  /**
   * Calls the platform; a rejection is recorded and becomes `undefined`, anything else propagates.
   * With `'gone'`, a rejection saying the listing no longer exists answers `'gone'` instead.
   */
  private async call(
    action: Detail['action'],
    request: () => Promise<ListingOutcome>,
  ): Promise<ListingOutcome | undefined>;
  private async call(
    action: Detail['action'],
    request: () => Promise<ListingOutcome>,
    gone: 'gone',
  ): Promise<ListingOutcome | 'gone' | undefined>;
  private async call(
    action: Detail['action'],
    request: () => Promise<ListingOutcome>,
    gone?: 'gone',
  ): Promise<ListingOutcome | 'gone' | undefined> {
    try {
      const outcome = await request();
      await this.transmitted();
      return outcome;
    } catch (error) {
      if (!(error instanceof ListingRejectedError)) throw error;
      await this.transmitted();
      if (gone && error.messages.some((message) => message.code === 'LISTING_NOT_FOUND')) return gone;
      await this.rejected(error, action);
      return undefined;
    }
  }

  /**
   * The export read for this message (once per batch) already shows an answer within the last
   * minute: no write at all. Otherwise the adapter writes at most once a minute per export.
   */
  private async transmitted(): Promise<void> {
    const at = this.deps.clock.now();
    const last = this.exp.lastTransmissionAt;
    if (last !== null && at.getTime() - Date.parse(last) < TRANSMISSION_PRECISION_MS) return;
    await this.deps.transmissions?.transmitted(this.exp, at);
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
