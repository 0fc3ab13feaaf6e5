import type { Export } from '../../domain/export';
import { newId } from '../../domain/ids';
import {
  matchInventory,
  numberKey,
  type InventoryMatch,
  type PlatformListing,
} from '../../domain/inventory-match';
import type { Job } from '../../domain/job';
import type { Listing, ListingMessage } from '../../domain/listing';
import type { MatchSummary, UnmatchedListing } from '../../domain/match-state';
import type { Vehicle } from '../../domain/vehicle';
import type { ListingStore, ResolvedTarget, TargetResolver } from '../delta/ports';
import type { Clock, DetailWriter, ExportReader, Logger, SyncQueue } from '../ports';
import type { JobRunner } from '../run-job';
import type { VehicleStore } from '../stock/stock-ports';
import type { MatchStore } from './ports';

export interface RunMatchDeps {
  readonly exports: Pick<ExportReader, 'getExport'>;
  readonly stock: Pick<VehicleStore, 'listVehicles'>;
  readonly listings: Pick<ListingStore, 'getListing' | 'saveListing'>;
  readonly matches: MatchStore;
  readonly targets: TargetResolver;
  readonly syncQueue: SyncQueue;
  readonly details: DetailWriter;
  readonly clock: Clock;
  readonly log: Logger;
}

/** Vehicles read per stock query. */
const STOCK_PAGE = 200;

/**
 * The `match` job (PRODUCT.md §4): lists the dealer's listings on the platform, matches them to
 * the released stock (internal number, then VIN), adopts the matches as listed listings whose
 * next sync is an update, keeps the rest for the dealer's one-time assignment, then turns the
 * export `active` and queues a sync of every released vehicle: matched ones are updated,
 * the others created, except the candidates of unassigned listings, which wait for the dealer's
 * decision (creating one would pay for a second ad of a vehicle that may be listed already).
 * While the export is `matching` the delta worker creates nothing.
 *
 * A redelivered job is harmless: adoption is conditional (never overwrites a listing), stored
 * assignments are kept, and the export leaves `matching` once; the queued syncs carry the job id,
 * so FIFO deduplication drops repeats and the worker syncs from the current state anyway.
 */
export function matchRunner(deps: RunMatchDeps): JobRunner {
  return async (job, progress) => {
    const exp = await deps.exports.getExport(job.dealerId, job.exportId);
    if (!exp || exp.status === 'inactive') {
      deps.log.info('match skipped: export gone or inactive', { exportId: job.exportId, jobId: job.jobId });
      return;
    }
    const target = await deps.targets.resolve(exp);
    if (!target) throw new Error(`no connector serves export ${exp.exportId} (app ${exp.appId})`);
    const started = deps.clock.now();
    const vehicles = await releasedVehicles(deps, exp, target);

    if (exp.status === 'matching') {
      const summary = await matchListings(deps, job, exp, target, vehicles, progress);
      if (!(await deps.matches.finishMatching(exp, deps.clock.now(), summary.held))) {
        const now = await deps.exports.getExport(exp.dealerId, exp.exportId);
        // Deactivated meanwhile: nothing may be created any more.
        if (!now || now.status === 'inactive') return;
      }
      await queueSyncs(deps, job, exp, vehicles, summary, started, progress);
      return;
    }
    // A redelivery after the export went active: finish what the first delivery began.
    const summary = await deps.matches.getSummary(exp.exportId);
    if (summary?.jobId === job.jobId && summary.state === 'pending')
      await queueSyncs(deps, job, exp, vehicles, summary, started, progress);
  };
}

async function releasedVehicles(deps: RunMatchDeps, exp: Export, target: ResolvedTarget): Promise<Vehicle[]> {
  const released: Vehicle[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.stock.listVehicles(exp.dealerId, {
      limit: STOCK_PAGE,
      ...(cursor ? { cursor } : {}),
    });
    for (const vehicle of page.items) {
      if (vehicle.releases[exp.exportId] === true && (target.accepts?.(vehicle) ?? true))
        released.push(vehicle);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return released;
}

async function matchListings(
  deps: RunMatchDeps,
  job: Job,
  exp: Export,
  target: ResolvedTarget,
  vehicles: readonly Vehicle[],
  progress: Parameters<JobRunner>[1],
): Promise<MatchSummary> {
  const listings = await listPlatform(target, exp, vehicles);
  await progress({ total: listings.length + vehicles.length, done: 0, failed: 0 });
  const result = matchInventory(listings, vehicles);
  const byId = new Map(vehicles.map((vehicle) => [vehicle.vehicleId, vehicle]));

  const matched: MatchSummary['matched'] = [];
  const refused: PlatformListing[] = [];
  for (const match of result.matched) {
    const adopted = await adopt(deps, exp, byId.get(match.vehicleId)!, match.listingRef);
    if (adopted) matched.push(match);
    else refused.push(listings.find((listing) => listing.listingRef === match.listingRef)!);
  }
  // A vehicle that holds another listing already (an assignment made during an earlier delivery)
  // leaves its match to the dealer instead of being adopted twice.
  const unmatched: InventoryMatch['unmatchedListings'] = [
    ...result.unmatchedListings,
    ...refused.map((listing) => ({ listing, candidates: [] })),
  ];
  const stored = await storeUnmatched(deps, exp, unmatched);
  await progress({ total: listings.length + vehicles.length, done: listings.length, failed: 0 });
  // Candidates of listings still to be assigned (a redelivery keeps earlier assignments).
  const candidates = new Set(
    stored.filter((item) => item.assignment === null).flatMap((item) => item.candidates),
  );
  const held = result.unmatchedVehicles.filter((vehicleId) => candidates.has(vehicleId));

  const summary: MatchSummary = {
    exportId: exp.exportId,
    jobId: job.jobId,
    state: 'pending',
    matched,
    unmatchedVehicles: [...result.unmatchedVehicles],
    held,
    counts: {
      listings: listings.length,
      matched: matched.length,
      unmatched: unmatched.length,
      vehiclesToCreate: result.unmatchedVehicles.length - held.length,
    },
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.matches.saveSummary(summary);
  return summary;
}

/**
 * The platform's listings. A listing is read in full (where the list lacks VIN and title) only
 * when its internal number does not settle it: unknown in the stock, or already claimed by an
 * earlier listing of the list (a duplicate, which stays unmatched and is shown to the dealer).
 */
async function listPlatform(
  target: ResolvedTarget,
  exp: Export,
  vehicles: readonly Vehicle[],
): Promise<readonly PlatformListing[]> {
  // A connector without a list (webhooks) has nothing to adopt: every vehicle is created.
  if (!target.connector.listListings) return [];
  const numbers = new Set(vehicles.map((vehicle) => numberKey(vehicle.internalNumber)));
  const claimed = new Set<string>();
  return target.connector.listListings(
    { exportId: exp.exportId, vehicleId: '', settings: target.settings },
    {
      details: (listing) => {
        const key = numberKey(listing.internalNumber);
        if (!key || !numbers.has(key) || claimed.has(key)) return true;
        claimed.add(key);
        return false;
      },
    },
  );
}

/**
 * The listing item of an adopted listing: `listed` with the platform's reference and no content
 * hash, so the next sync sends an update (never a create). Written only where none exists; a
 * redelivery finds its own adoption again. False when the vehicle holds another listing.
 */
async function adopt(
  deps: RunMatchDeps,
  exp: Export,
  vehicle: Vehicle,
  listingRef: string,
): Promise<boolean> {
  const now = deps.clock.now();
  const listing: Listing = {
    exportId: exp.exportId,
    dealerId: exp.dealerId,
    vehicleId: vehicle.vehicleId,
    state: 'listed',
    listingRef,
    insertionKey: newId('ins', now),
    internalNumber: vehicle.internalNumber,
    contentHash: null,
    bookings: [],
    syncedVersion: 0,
    updatedAt: now.toISOString(),
  };
  if (await deps.listings.saveListing(listing, undefined)) return true;
  const stored = await deps.listings.getListing(exp.exportId, vehicle.vehicleId);
  return stored?.listingRef === listingRef && stored.state !== 'removed';
}

/** Stores the listings that matched nothing; answers them as stored (earlier assignments kept). */
async function storeUnmatched(
  deps: RunMatchDeps,
  exp: Export,
  unmatched: InventoryMatch['unmatchedListings'],
): Promise<UnmatchedListing[]> {
  const refs = new Set(unmatched.map(({ listing }) => listing.listingRef));
  const earlier = new Map<string, UnmatchedListing>();
  // A redelivery may match what an earlier one could not (the stock changed in between).
  for (const stored of await deps.matches.listUnmatched(exp.exportId)) {
    if (refs.has(stored.listingRef)) earlier.set(stored.listingRef, stored);
    else await deps.matches.dropUnmatched(exp.exportId, stored.listingRef);
  }
  const items: UnmatchedListing[] = [];
  for (const { listing, candidates } of unmatched) {
    const item: UnmatchedListing = {
      exportId: exp.exportId,
      listingRef: listing.listingRef,
      title: listing.title,
      internalNumber: listing.internalNumber,
      vin: listing.vin,
      candidates,
      assignment: null,
    };
    // putUnmatched keeps an item that is stored already.
    await deps.matches.putUnmatched(item);
    items.push(earlier.get(listing.listingRef) ?? item);
  }
  return items;
}

/** After `active`: one sync per released vehicle (update for the adopted, create for the rest), held ones aside. */
async function queueSyncs(
  deps: RunMatchDeps,
  job: Job,
  exp: Export,
  vehicles: readonly Vehicle[],
  summary: MatchSummary,
  started: Date,
  progress: Parameters<JobRunner>[1],
): Promise<void> {
  const held = new Set(summary.held);
  await deps.syncQueue.send(
    vehicles
      .filter((vehicle) => !held.has(vehicle.vehicleId))
      .map((vehicle) => ({
        dealerId: exp.dealerId,
        exportId: exp.exportId,
        vehicleId: vehicle.vehicleId,
        version: vehicle.version,
        resync: `match:${job.jobId}`.slice(0, 40),
      })),
  );
  const done = deps.clock.now();
  await deps.matches.saveSummary({ ...summary, state: 'done', updatedAt: done.toISOString() });
  const total = summary.counts.listings + vehicles.length;
  await progress({ total, done: total, failed: 0 });

  const { counts } = summary;
  const messages: ListingMessage[] = [
    {
      severity: 'info',
      code: 'MATCHED',
      text: `${counts.matched} of ${counts.listings} listings on the platform were adopted; ${counts.vehiclesToCreate} vehicles are created.`,
    },
  ];
  if (counts.unmatched > 0)
    messages.push({
      severity: 'warning',
      code: 'UNMATCHED_LISTINGS',
      text:
        `${counts.unmatched} listings on the platform match no vehicle: they stay untouched until assigned once (match of the export).` +
        (held.size > 0
          ? ` ${held.size} vehicles that may be among them are created only after that decision.`
          : ''),
    });
  await deps.details.record({
    detailId: newId('det', done),
    exportId: exp.exportId,
    at: done.toISOString(),
    kind: 'match',
    action: 'none',
    outcome: counts.unmatched > 0 ? 'warning' : 'success',
    messages,
    counts: { ...counts },
    durationMs: Math.max(0, done.getTime() - started.getTime()),
  });
  deps.log.info('inventory matched', { exportId: exp.exportId, jobId: job.jobId, ...counts });
}
