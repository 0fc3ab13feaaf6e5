import { describe, expect, it } from 'vitest';
import { assignMatch, type MatchDecision } from '../../shared/application/match/assign-match';
import { getMatch } from '../../shared/application/match/get-match';
import { matchRunner } from '../../shared/application/match/run-match';
import { runJob } from '../../shared/application/run-job';
import {
  ConflictError,
  NotFoundError,
  PlatformUnavailableError,
  ValidationError,
} from '../../shared/domain/errors';
import type { SyncMessage } from '../../shared/domain/sync-message';
import type { Vehicle } from '../../shared/domain/vehicle';
import { InMemoryListings, resolverFor } from '../support/delta-fakes';
import {
  aVehicle,
  aJob,
  anExport,
  FakeClock,
  InMemoryExports,
  RecordingDetails,
  RecordingQueue,
  silentLogger,
} from '../support/fakes';
import { InMemoryMatchStore, ListingMarketplace, PagedStock } from '../support/match-fakes';

const EXP = 'exp_m';
const released = (vehicleId: string, overrides: Partial<Vehicle> = {}) =>
  aVehicle({ vehicleId, internalNumber: `STK-${vehicleId}`, releases: { [EXP]: true }, ...overrides });

function setup(vehicles: Vehicle[] = []) {
  const exports = new InMemoryExports();
  exports.add(anExport({ exportId: EXP, status: 'matching', settings: { sellerId: '1000001' } }));
  const listings = new InMemoryListings();
  const matches = new InMemoryMatchStore(exports, listings);
  const platform = new ListingMarketplace();
  const queue = new RecordingQueue();
  const details = new RecordingDetails();
  const stock = new PagedStock(vehicles);
  const clock = new FakeClock(new Date('2026-11-27T09:00:00.000Z'));
  const deps = {
    exports,
    stock,
    listings,
    matches,
    targets: resolverFor(platform),
    syncQueue: queue,
    details,
    clock,
    log: silentLogger,
  };
  const job = aJob({ exportId: EXP });
  exports.jobs.set(job.jobId, job);
  const run = () =>
    runJob(job, { jobs: exports, runners: { match: matchRunner(deps) }, clock, log: silentLogger });
  const assignDeps = {
    exports,
    vehicles: stock,
    matches,
    targets: resolverFor(platform),
    syncQueue: queue,
    details,
    clock,
  };
  const assign = (listingRef: string, decision: MatchDecision) =>
    assignMatch(assignDeps, 'd1', EXP, listingRef, decision);
  const synced = () => (queue.sent as SyncMessage[]).map((message) => message.vehicleId);
  return {
    exports,
    listings,
    matches,
    platform,
    queue,
    details,
    stock,
    deps,
    job,
    run,
    assign,
    synced,
    assignDeps,
  };
}

/** Three ads (by number, by VIN, nothing) and four released vehicles (two matching, two new). */
function seeded() {
  const ctx = setup([
    released('v1'),
    released('v2', { vin: 'WVWZZZCDZKW000002', internalNumber: 'NEW-2' }),
    released('v3', { make: 'Volkswagen', model: 'Golf' }),
    released('v4', { make: 'Audi', model: 'A4' }),
    aVehicle({ vehicleId: 'v5', internalNumber: 'STK-v5', releases: { [EXP]: false } }),
  ]);
  ctx.platform.listed = [
    {
      listingRef: '100',
      internalNumber: 'STK-v1',
      vin: null,
      title: 'Enyaq 80',
      make: 'SKODA',
      model: 'Enyaq',
    },
    {
      listingRef: '101',
      internalNumber: 'OLD-2',
      vin: 'wvwzzzcdzkw000002',
      title: 'Enyaq',
      make: 'SKODA',
      model: 'Enyaq',
    },
    { listingRef: '102', internalNumber: null, vin: null, title: 'Golf 1.5 TSI', make: 'VW', model: 'Golf' },
  ];
  return ctx;
}

describe('match job', () => {
  it('adopts matches, keeps the rest for the dealer, turns the export active and queues every released vehicle but the held candidates', async () => {
    const ctx = seeded();

    const job = await ctx.run();

    expect(job).toMatchObject({ state: 'done', total: 7, done: 7, failed: 0 });
    expect(ctx.exports.exports.get(EXP)?.status).toBe('active');
    expect([...ctx.listings.listings.values()]).toEqual([
      expect.objectContaining({ vehicleId: 'v1', state: 'listed', listingRef: '100', contentHash: null }),
      expect.objectContaining({ vehicleId: 'v2', state: 'listed', listingRef: '101', contentHash: null }),
    ]);
    // v3 may be the Golf listed as 102: it waits for the dealer's decision instead of a second ad.
    expect(ctx.queue.sent).toEqual(
      ['v1', 'v2', 'v4'].map((vehicleId) => ({
        dealerId: 'd1',
        exportId: EXP,
        vehicleId,
        version: 1,
        resync: 'match:job_1',
      })),
    );
    expect(ctx.exports.exports.get(EXP)?.matchHolds).toEqual(['v3']);
    // Nothing was created, updated or deleted on the platform by the job itself.
    expect(ctx.platform.calls).toEqual(['list']);
    expect(await getMatch(ctx.deps, 'd1', EXP)).toEqual({
      state: 'done',
      matched: [
        { vehicleId: 'v1', listingRef: '100', by: 'internalNumber' },
        { vehicleId: 'v2', listingRef: '101', by: 'vin' },
      ],
      unmatchedListings: [
        { listingRef: '102', title: 'Golf 1.5 TSI', internalNumber: null, vin: null, candidates: ['v3'] },
      ],
      unmatchedVehicles: ['v3', 'v4'],
    });
    expect(ctx.details.details).toEqual([
      expect.objectContaining({
        kind: 'match',
        action: 'none',
        outcome: 'warning',
        counts: { listings: 3, matched: 2, unmatched: 1, vehiclesToCreate: 1 },
      }),
    ]);
  });

  it('asks for full details only where the internal number does not settle a listing', async () => {
    const ctx = seeded();
    ctx.platform.listed.push({ listingRef: '103', internalNumber: 'STK-v1', vin: null, title: '' });
    await ctx.run();
    // 100 is settled by its number; 103 repeats it (a duplicate), 101 and 102 name no vehicle.
    expect(ctx.platform.detailed).toEqual(['101', '102', '103']);
    expect((await getMatch(ctx.deps, 'd1', EXP)).unmatchedListings.map((item) => item.listingRef)).toEqual([
      '102',
      '103',
    ]);
  });

  it('finishes a redelivered job without duplicates: syncs queued again, adoptions and assignments kept', async () => {
    const ctx = seeded();
    // The first delivery dies after adopting, before anything is queued.
    const send = ctx.queue.send.bind(ctx.queue);
    let failures = 1;
    ctx.queue.send = async (messages) => {
      if (failures-- > 0) throw new Error('SQS down');
      await send(messages);
    };
    const runner = matchRunner(ctx.deps);
    await expect(runner(ctx.job, async () => undefined)).rejects.toThrow('SQS down');
    expect(ctx.exports.exports.get(EXP)?.status).toBe('active');
    await ctx.assign('102', { action: 'keep' });
    const adopted = structuredClone([...ctx.listings.listings.values()]);

    await runner(ctx.job, async () => undefined);
    await runner(ctx.job, async () => undefined);

    // v3 went when the dealer kept 102 (no longer held); the redelivery queues the others.
    expect(ctx.synced()).toEqual(['v3', 'v1', 'v2', 'v4']);
    expect(ctx.exports.exports.get(EXP)?.matchHolds).toBeUndefined();
    expect([...ctx.listings.listings.values()]).toEqual(adopted);
    expect((await ctx.matches.getUnmatched(EXP, '102'))?.assignment).toMatchObject({ action: 'keep' });
    expect((await ctx.matches.getSummary(EXP))?.state).toBe('done');
  });

  it('repeats a delivery that died while matching: adoption finds itself, stored assignments stay', async () => {
    const ctx = seeded();
    const finish = ctx.matches.finishMatching.bind(ctx.matches);
    ctx.matches.finishMatching = async () => {
      throw new Error('crash before active');
    };
    await expect(matchRunner(ctx.deps)(ctx.job, async () => undefined)).rejects.toThrow('crash');
    await ctx.assign('102', { vehicleId: 'v3' });
    ctx.matches.finishMatching = finish;

    await matchRunner(ctx.deps)(ctx.job, async () => undefined);

    expect(ctx.exports.exports.get(EXP)?.status).toBe('active');
    expect(
      [...ctx.listings.listings.values()].map((listing) => [listing.vehicleId, listing.listingRef]),
    ).toEqual([
      ['v1', '100'],
      ['v2', '101'],
      ['v3', '102'],
    ]);
    const match = await getMatch(ctx.deps, 'd1', EXP);
    expect(match.matched).toContainEqual({ vehicleId: 'v3', listingRef: '102', by: 'manual' });
    expect(match.unmatchedListings).toEqual([]);
    expect(match.unmatchedVehicles).toEqual(['v4']);
  });

  it('leaves a listing to the dealer when its vehicle already holds another one', async () => {
    const ctx = seeded();
    await ctx.listings.saveListing(
      {
        exportId: EXP,
        vehicleId: 'v1',
        state: 'listed',
        listingRef: '999',
        insertionKey: 'ins_x',
        contentHash: null,
        bookings: [],
        syncedVersion: 0,
        updatedAt: '2026-11-27T08:00:00.000Z',
      },
      undefined,
    );
    await ctx.run();
    expect((await ctx.listings.getListing(EXP, 'v1'))?.listingRef).toBe('999');
    expect((await getMatch(ctx.deps, 'd1', EXP)).unmatchedListings.map((item) => item.listingRef)).toEqual([
      '102',
      '100',
    ]);
  });

  it('creates nothing for an export deactivated before or during the match', async () => {
    const before = seeded();
    before.exports.add({ ...before.exports.exports.get(EXP)!, status: 'inactive' });
    expect(await before.run()).toMatchObject({ state: 'done' });
    expect(before.queue.sent).toEqual([]);
    expect(before.platform.calls).toEqual([]);

    const during = seeded();
    during.matches.finishMatching = async (exp) => {
      during.exports.add({ ...exp, status: 'inactive' });
      return false;
    };
    await during.run();
    expect(during.queue.sent).toEqual([]);
  });

  it('puts the job back for the queue to retry when the platform cannot be asked, leaving the export matching', async () => {
    const ctx = seeded();
    ctx.platform.listListings = async () => {
      throw new PlatformUnavailableError('mobile.de is unavailable (HTTP 503).');
    };
    await expect(ctx.run()).rejects.toThrow('mobile.de is unavailable (HTTP 503).');
    expect([...ctx.exports.jobs.values()][0]).toMatchObject({ state: 'queued' });
    expect(ctx.exports.exports.get(EXP)?.status).toBe('matching');
    expect(ctx.queue.sent).toEqual([]);
  });
});

describe('match state and assignment', () => {
  async function matched() {
    const ctx = seeded();
    await ctx.run();
    ctx.queue.sent.length = 0;
    return ctx;
  }

  it('is pending while an export is matching, and 404 for exports without a match', async () => {
    const ctx = seeded();
    expect(await getMatch(ctx.deps, 'd1', EXP)).toEqual({
      state: 'pending',
      matched: [],
      unmatchedListings: [],
      unmatchedVehicles: [],
    });
    ctx.exports.add(anExport({ exportId: 'exp_feed', transport: 'feed', appId: 'mobile-de-csv' }));
    await expect(getMatch(ctx.deps, 'd1', 'exp_feed')).rejects.toBeInstanceOf(NotFoundError);
    await expect(getMatch(ctx.deps, 'd2', EXP)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('assigns a listing to a released vehicle once: adopted, synced as an update, then 409', async () => {
    const ctx = await matched();

    const view = await ctx.assign('102', { vehicleId: 'v4' });

    expect(view.matched).toContainEqual({ vehicleId: 'v4', listingRef: '102', by: 'manual' });
    expect(view.unmatchedListings).toEqual([]);
    expect(view.unmatchedVehicles).toEqual(['v3']);
    expect(await ctx.listings.getListing(EXP, 'v4')).toMatchObject({
      state: 'listed',
      listingRef: '102',
      contentHash: null,
    });
    // v3 was held as 102's candidate: with 102 decided it is created now.
    expect(ctx.queue.sent).toEqual([
      { dealerId: 'd1', exportId: EXP, vehicleId: 'v4', version: 1, resync: 'assign:102' },
      { dealerId: 'd1', exportId: EXP, vehicleId: 'v3', version: 1, resync: 'hold:102' },
    ]);
    expect(ctx.exports.exports.get(EXP)?.matchHolds).toBeUndefined();
    expect(ctx.details.details.at(-1)).toMatchObject({ kind: 'match', vehicleId: 'v4', listingRef: '102' });
    const again = await ctx.assign('102', { action: 'keep' }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again).toMatchObject({ code: 'ALREADY_ASSIGNED' });
  });

  it.each([
    {
      name: 'an unknown vehicle',
      decision: { vehicleId: 'v-none' },
      error: ValidationError,
      code: 'VEHICLE_UNKNOWN',
    },
    {
      name: 'an unreleased vehicle',
      decision: { vehicleId: 'v5' },
      error: ValidationError,
      code: 'VEHICLE_NOT_RELEASED',
    },
    {
      name: 'a vehicle with a listing',
      decision: { vehicleId: 'v1' },
      error: ConflictError,
      code: 'VEHICLE_LISTED',
    },
  ])('refuses $name and stays unassigned', async ({ decision, error, code }) => {
    const ctx = await matched();
    const caught = await ctx.assign('102', decision).catch((thrown: unknown) => thrown);
    expect(caught).toBeInstanceOf(error);
    expect(caught).toMatchObject({ code });
    expect((await ctx.matches.getUnmatched(EXP, '102'))?.assignment).toBeNull();
    expect(ctx.queue.sent).toEqual([]);
  });

  it('answers 404 for a listing that is not awaiting assignment', async () => {
    const ctx = await matched();
    await expect(ctx.assign('100', { action: 'keep' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps a listing: recorded, nothing sent to the platform', async () => {
    const ctx = await matched();
    const view = await ctx.assign('102', { action: 'keep' });
    expect(view.unmatchedListings).toEqual([]);
    expect(ctx.platform.calls).toEqual(['list']);
    expect((await ctx.matches.getUnmatched(EXP, '102'))?.assignment).toMatchObject({ action: 'keep' });
    expect(ctx.queue.sent).toEqual([
      { dealerId: 'd1', exportId: EXP, vehicleId: 'v3', version: 1, resync: 'hold:102' },
    ]);
  });

  it('holds a candidate until no unassigned listing names it any more', async () => {
    const ctx = seeded();
    ctx.platform.listed.push({
      listingRef: '103',
      internalNumber: null,
      vin: null,
      title: 'Golf Variant',
      make: 'VW',
      model: 'Golf',
    });
    await ctx.run();
    expect(ctx.exports.exports.get(EXP)?.matchHolds).toEqual(['v3']);
    ctx.queue.sent.length = 0;

    await ctx.assign('102', { action: 'keep' });
    expect(ctx.queue.sent).toEqual([]);
    expect(ctx.exports.exports.get(EXP)?.matchHolds).toEqual(['v3']);

    await ctx.assign('103', { vehicleId: 'v3' });
    expect(ctx.queue.sent).toEqual([
      { dealerId: 'd1', exportId: EXP, vehicleId: 'v3', version: 1, resync: 'assign:103' },
    ]);
    expect(ctx.exports.exports.get(EXP)?.matchHolds).toBeUndefined();
    expect(await ctx.listings.getListing(EXP, 'v3')).toMatchObject({ state: 'listed', listingRef: '103' });
  });

  it('deletes a listing on the platform; a failed platform call can be tried again', async () => {
    const ctx = await matched();
    ctx.platform.failures.push(new PlatformUnavailableError('503'));
    await expect(ctx.assign('102', { action: 'delete' })).rejects.toBeInstanceOf(PlatformUnavailableError);
    expect((await ctx.matches.getUnmatched(EXP, '102'))?.assignment).toBeNull();

    await ctx.assign('102', { action: 'delete' });

    expect(ctx.platform.calls).toEqual(['list', 'remove', 'remove']);
    expect((await ctx.matches.getUnmatched(EXP, '102'))?.assignment).toMatchObject({ action: 'delete' });
    expect(ctx.details.details.at(-1)).toMatchObject({ kind: 'match', action: 'delete', listingRef: '102' });
  });
});
