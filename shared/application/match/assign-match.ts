import {
  ConflictError,
  ListingRejectedError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../../domain/errors';
import type { Export } from '../../domain/export';
import { newId } from '../../domain/ids';
import type { Listing } from '../../domain/listing';
import type { MatchAssignment, UnmatchedListing } from '../../domain/match-state';
import type { SyncMessage } from '../../domain/sync-message';
import type { TargetResolver } from '../delta/ports';
import type { Clock, DetailWriter, ExportReader, SyncQueue, VehicleReader } from '../ports';
import { getMatch, type MatchView } from './get-match';
import type { MatchStore } from './ports';

export interface AssignMatchDeps {
  readonly exports: Pick<ExportReader, 'getExport'>;
  readonly vehicles: Pick<VehicleReader, 'getVehicle'>;
  readonly matches: MatchStore;
  readonly targets: TargetResolver;
  readonly syncQueue: SyncQueue;
  readonly details: DetailWriter;
  readonly clock: Clock;
}

export type MatchDecision = { readonly vehicleId: string } | { readonly action: 'keep' | 'delete' };

/**
 * `PUT /v1/exports/{exportId}/match/{listingRef}`: the dealer's one-time decision about a listing
 * that matched nothing. To a vehicle: the listing is adopted for it (and updated by the sync that
 * follows); keep: it stays as it is, ours to leave alone; delete: it is removed on the platform.
 * A second decision about the same listing is refused (409 ALREADY_ASSIGNED).
 */
export async function assignMatch(
  deps: AssignMatchDeps,
  dealerId: string,
  exportId: string,
  listingRef: string,
  decision: MatchDecision,
): Promise<MatchView> {
  const exp = await deps.exports.getExport(dealerId, exportId);
  if (!exp) throw new NotFoundError('export');
  if (exp.status === 'inactive')
    throw new ConflictError(
      'EXPORT_INACTIVE',
      'The export is inactive; its listings are no longer ours to assign.',
    );
  const item = await deps.matches.getUnmatched(exportId, listingRef);
  if (!item) throw new NotFoundError('listing');
  if (item.assignment) throw alreadyAssigned(item);

  const started = deps.clock.now();
  const at = started.toISOString();
  if ('vehicleId' in decision) await toVehicle(deps, exp, item, decision.vehicleId, at);
  else if (decision.action === 'keep') {
    if (!(await deps.matches.assign(item, { action: 'keep', at }))) throw alreadyAssigned(item);
  } else await remove(deps, exp, item, { action: 'delete', at });
  await releaseHolds(deps, exp, item, 'vehicleId' in decision ? decision.vehicleId : undefined);

  const done = deps.clock.now();
  await deps.details.record({
    detailId: newId('det', done),
    exportId,
    at: done.toISOString(),
    kind: 'match',
    ...('vehicleId' in decision ? { vehicleId: decision.vehicleId } : {}),
    action: 'vehicleId' in decision ? 'none' : decision.action === 'delete' ? 'delete' : 'none',
    outcome: 'success',
    listingRef,
    messages: [
      {
        severity: 'info',
        code: 'MATCH_ASSIGNED',
        text:
          'vehicleId' in decision
            ? `Listing ${listingRef} was assigned to vehicle ${decision.vehicleId}.`
            : decision.action === 'keep'
              ? `Listing ${listingRef} is kept as it is.`
              : `Listing ${listingRef} was deleted on the platform.`,
      },
    ],
    durationMs: Math.max(0, done.getTime() - started.getTime()),
  });
  return getMatch(deps, dealerId, exportId);
}

async function toVehicle(
  deps: AssignMatchDeps,
  exp: Export,
  item: UnmatchedListing,
  vehicleId: string,
  at: string,
): Promise<void> {
  const vehicle = await deps.vehicles.getVehicle(exp.dealerId, vehicleId);
  if (!vehicle)
    throw new ValidationError('VEHICLE_UNKNOWN', `The stock has no vehicle ${vehicleId}.`, [
      { path: 'vehicleId', message: 'unknown vehicle' },
    ]);
  // An unreleased vehicle's listing would be removed by its next sync: release it first.
  if (vehicle.releases[exp.exportId] !== true)
    throw new ValidationError(
      'VEHICLE_NOT_RELEASED',
      `Vehicle ${vehicleId} is not released to this export.`,
      [{ path: 'vehicleId', message: 'not released to this export' }],
    );
  const listing: Listing = {
    exportId: exp.exportId,
    dealerId: exp.dealerId,
    vehicleId,
    state: 'listed',
    listingRef: item.listingRef,
    insertionKey: newId('ins', new Date(at)),
    internalNumber: vehicle.internalNumber,
    // No hash: the sync below sends the vehicle as an update of the adopted listing.
    contentHash: null,
    bookings: [],
    syncedVersion: 0,
    updatedAt: at,
  };
  const outcome = await deps.matches.assignToVehicle(item, listing, { action: 'vehicle', vehicleId, at });
  if (outcome === 'already-assigned') throw alreadyAssigned(item);
  if (outcome === 'vehicle-listed')
    throw new ConflictError(
      'VEHICLE_LISTED',
      `Vehicle ${vehicleId} already has a listing on this export. Keep or delete listing ${item.listingRef} instead.`,
    );
  await deps.syncQueue.send([
    {
      dealerId: exp.dealerId,
      exportId: exp.exportId,
      vehicleId,
      version: vehicle.version,
      resync: `assign:${item.listingRef}`.slice(0, 40),
    },
  ]);
}

/**
 * The decision is claimed first, so two requests never both act; a platform call that fails
 * gives the claim back for another try.
 */
async function remove(
  deps: AssignMatchDeps,
  exp: Export,
  item: UnmatchedListing,
  assignment: Extract<MatchAssignment, { action: 'delete' }>,
): Promise<void> {
  if (!(await deps.matches.assign(item, assignment))) throw alreadyAssigned(item);
  try {
    const target = await deps.targets.resolve(exp);
    if (!target) throw new ConflictError('APP_UNAVAILABLE', 'The export app is no longer available.');
    // The listing belongs to no vehicle of ours: the target names none.
    await target.connector.remove(
      { exportId: exp.exportId, vehicleId: '', settings: target.settings },
      item.listingRef,
    );
  } catch (error) {
    await deps.matches.withdraw(item, assignment);
    if (error instanceof ListingRejectedError)
      throw new PreconditionFailedError('PLATFORM_REFUSED', error.message);
    throw error;
  }
}

/**
 * The held candidates that no unassigned listing names any more are created now: each gets a
 * sync that names the decision (`hold:<listingRef>`), which also tells a worker holding an older
 * read of the export that the hold is over. The vehicle just assigned was queued already.
 */
async function releaseHolds(
  deps: AssignMatchDeps,
  exp: Export,
  decided: UnmatchedListing,
  assignedVehicleId: string | undefined,
): Promise<void> {
  if (!exp.matchHolds?.length) return;
  const stillNamed = new Set(
    (await deps.matches.listUnmatched(exp.exportId))
      .filter((item) => item.assignment === null && item.listingRef !== decided.listingRef)
      .flatMap((item) => item.candidates),
  );
  const released = exp.matchHolds.filter((vehicleId) => !stillNamed.has(vehicleId));
  if (released.length === 0) return;
  await deps.matches.releaseHolds(exp, released);
  const resync = `hold:${decided.listingRef}`.slice(0, 40);
  const messages: SyncMessage[] = [];
  for (const vehicleId of released.filter((candidate) => candidate !== assignedVehicleId)) {
    const vehicle = await deps.vehicles.getVehicle(exp.dealerId, vehicleId);
    if (vehicle)
      messages.push({
        dealerId: exp.dealerId,
        exportId: exp.exportId,
        vehicleId,
        version: vehicle.version,
        resync,
      });
  }
  if (messages.length > 0) await deps.syncQueue.send(messages);
}

function alreadyAssigned(item: UnmatchedListing): ConflictError {
  return new ConflictError(
    'ALREADY_ASSIGNED',
    `Listing ${item.listingRef} was assigned already; an assignment is made once.`,
  );
}
