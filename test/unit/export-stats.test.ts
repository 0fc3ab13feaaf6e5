import { beforeEach, describe, expect, it } from 'vitest';
import { syncListing, type SyncListingDeps } from '../../shared/application/delta/sync-listing';
import { answerExports, pendingOf } from '../../shared/application/exports/export-view';
import { getExport, listExports } from '../../shared/application/exports/read-exports';
import { countReleases } from '../../shared/application/stats/count-releases';
import { countingErrors } from '../../shared/application/stats/counting-errors';
import { coalescingReleaseCounter } from '../../shared/application/stats/coalescing-release-counter';
import type { ReleaseTransition } from '../../shared/application/stats/ports';
import type { Detail } from '../../shared/domain/detail';
import type { Export } from '../../shared/domain/export';
import { releaseTransition, type StockChange } from '../../shared/domain/stock-change';
import {
  FakeMarketplace,
  InMemoryListings,
  rejected,
  resolverFor,
  unavailable,
} from '../support/delta-fakes';
import { exportsDeps } from '../support/exports-fakes';
import {
  FakeClock,
  InMemoryExports,
  InMemoryVehicles,
  RecordingDetails,
  aVehicle,
  anExport,
} from '../support/fakes';
import { InMemoryLocks } from '../support/lock-fakes';
import { InMemoryExportStats } from '../support/stats-fakes';

const change = (overrides: Partial<StockChange> = {}): StockChange => ({
  dealerId: 'd1',
  vehicleId: 'veh_1',
  kind: 'upserted',
  version: 2,
  releasedBefore: {},
  releasedAfter: {},
  ...overrides,
});

describe('release transitions of a stock change', () => {
  it.each([
    ['released', change({ releasedAfter: { e: true } }), true],
    ['unreleased', change({ releasedBefore: { e: true }, releasedAfter: { e: false } }), false],
    ['deleted while released', change({ kind: 'removed', releasedBefore: { e: true } }), false],
    ['still released', change({ releasedBefore: { e: true }, releasedAfter: { e: true } }), undefined],
    ['never released', change({ releasedBefore: { other: true } }), undefined],
    ['deleted, never released', change({ kind: 'removed' }), undefined],
  ])('%s → %s', (_name, stockChange, expected) => {
    expect(releaseTransition(stockChange, 'e')).toBe(expected);
  });
});

describe('counting releases from the stock stream', () => {
  let exports: InMemoryExports;
  let releases: InMemoryExportStats;
  const count = (stockChange: StockChange) => countReleases(stockChange, { exports, releases });

  beforeEach(() => {
    exports = new InMemoryExports();
    releases = new InMemoryExportStats();
    exports.add(anExport({ exportId: 'api' }));
    exports.add(anExport({ exportId: 'locked', status: 'locked' }));
    exports.add(anExport({ exportId: 'matching', status: 'matching' }));
    exports.add(anExport({ exportId: 'feed', transport: 'feed', appId: 'mobile-de-csv' }));
    exports.add(anExport({ exportId: 'gone', status: 'inactive' }));
    exports.add(anExport({ exportId: 'other-dealer', dealerId: 'd2' }));
  });

  const everywhere = {
    api: true,
    locked: true,
    matching: true,
    feed: true,
    gone: true,
    'other-dealer': true,
  };

  it('counts every export of the dealer that is not inactive, except feeds (their runs set the count)', async () => {
    expect(await count(change({ releasedAfter: everywhere }))).toEqual(['counted', 'counted', 'counted']);

    expect(Object.fromEntries(releases.released)).toEqual({ api: 1, locked: 1, matching: 1 });
  });

  it('counts a transition once when the stream delivers it again', async () => {
    const released = change({ releasedAfter: { api: true } });
    await count(released);

    expect(await count(released)).toEqual(['already-counted']);
    expect(releases.released.get('api')).toBe(1);
  });

  it('takes a release back on unrelease and on deletion', async () => {
    await count(change({ vehicleId: 'veh_1', version: 1, releasedAfter: { api: true } }));
    await count(change({ vehicleId: 'veh_2', version: 1, releasedAfter: { api: true } }));

    await count(change({ vehicleId: 'veh_1', version: 2, releasedBefore: { api: true } }));
    await count(change({ vehicleId: 'veh_2', version: 2, kind: 'removed', releasedBefore: { api: true } }));

    expect(releases.released.get('api')).toBe(0);
  });

  it('ignores an older transition that arrives after a later one', async () => {
    await count(change({ version: 3, releasedBefore: { api: true } }));

    expect(await count(change({ version: 2, releasedAfter: { api: true } }))).toEqual(['superseded']);
    expect(releases.released.get('api') ?? 0).toBe(0);
  });

  it('asks nothing for a change that flips no release', async () => {
    expect(await count(change({ releasedBefore: { api: true }, releasedAfter: { api: true } }))).toEqual([]);
    expect(releases.markers.size).toBe(0);
  });
});

describe('coalescing the release counts of a stream batch', () => {
  const transition = (exportId: string, vehicleId: string): ReleaseTransition => ({
    dealerId: 'd1',
    exportId,
    vehicleId,
    version: 1,
    released: true,
  });

  it('counts what records ask for at about the same time in one round per export', async () => {
    const rounds: string[][] = [];
    const stats = new InMemoryExportStats();
    const counter = coalescingReleaseCounter({
      countRelease: (t) => stats.countRelease(t),
      countReleases: async (transitions) => {
        rounds.push(transitions.map((t) => `${t.exportId}/${t.vehicleId}`));
        return Promise.all(transitions.map((t) => stats.countRelease(t)));
      },
    });

    const counts = await Promise.all([
      counter.countRelease(transition('a', 'veh_1')),
      counter.countRelease(transition('b', 'veh_2')),
      counter.countRelease(transition('a', 'veh_3')),
      counter.countRelease(transition('a', 'veh_1')),
    ]);

    expect(rounds).toEqual([['a/veh_1', 'a/veh_3', 'a/veh_1'], ['b/veh_2']]);
    expect(counts).toEqual(['counted', 'counted', 'counted', 'already-counted']);
    expect(stats.released.get('a')).toBe(2);
  });

  it('fails only the records of a failed round, and the next round still runs', async () => {
    let calls = 0;
    const counter = coalescingReleaseCounter({
      countRelease: async () => 'counted',
      countReleases: async (transitions) => {
        calls++;
        if (calls === 1) throw new Error('throttled');
        return transitions.map(() => 'counted' as const);
      },
    });

    const failed = counter.countRelease(transition('a', 'veh_1'));
    await expect(failed).rejects.toThrow('throttled');
    expect(await counter.countRelease(transition('a', 'veh_2'))).toBe('counted');
  });
});

describe('counting error details', () => {
  const detail = (outcome: Detail['outcome'], at: string): Detail => ({
    detailId: `det_${at}`,
    exportId: 'exp_1',
    at,
    kind: 'delta',
    action: 'create',
    outcome,
    messages: [],
  });

  it('records every detail and counts the errors by the hour they were recorded in', async () => {
    const recorded = new RecordingDetails();
    const stats = new InMemoryExportStats();
    const details = countingErrors(recorded, stats);

    await details.record(detail('error', '2026-11-27T09:10:00.000Z'));
    await details.record(detail('success', '2026-11-27T09:20:00.000Z'));
    await details.record(detail('error', '2026-11-27T10:05:00.000Z'));

    expect(recorded.details).toHaveLength(3);
    expect(Object.fromEntries(stats.errorBuckets)).toEqual({
      'exp_1#2026-11-27T09': 1,
      'exp_1#2026-11-27T10': 1,
    });
  });

  it('counts the errors among details written together', async () => {
    const recorded = new RecordingDetails();
    const stats = new InMemoryExportStats();

    await countingErrors(recorded, stats).recordAll([
      detail('error', '2026-11-27T09:10:00.000Z'),
      detail('success', '2026-11-27T09:20:00.000Z'),
      detail('error', '2026-11-27T09:30:00.000Z'),
    ]);

    expect(recorded.details).toHaveLength(3);
    expect(Object.fromEntries(stats.errorBuckets)).toEqual({ 'exp_1#2026-11-27T09': 2 });
  });

  it('counts nothing when the details could not be recorded', async () => {
    const stats = new InMemoryExportStats();
    const throttled = async () => Promise.reject(new Error('throttled'));
    const failing = countingErrors({ record: throttled, recordAll: throttled }, stats);

    await expect(failing.record(detail('error', '2026-11-27T09:10:00.000Z'))).rejects.toThrow('throttled');
    await expect(failing.recordAll([detail('error', '2026-11-27T09:10:00.000Z')])).rejects.toThrow(
      'throttled',
    );
    expect(stats.errorBuckets.size).toBe(0);
  });
});

describe('answering an export with its counters', () => {
  const withStats = (stats: Partial<Export['stats']>, overrides: Partial<Export> = {}) =>
    anExport({ ...overrides, stats: { released: 0, listed: 0, pending: 0, errorsLast24h: 0, ...stats } });

  it.each([
    ['released and not yet listed', withStats({ released: 120, listed: 118 }), 2],
    ['more listed than released (adopted by the match)', withStats({ released: 3, listed: 5 }), 0],
    ['a feed', withStats({ released: 40, listed: 30 }, { transport: 'feed' }), 0],
  ])('pending of %s: %i', (_name, exp, pending) => {
    expect(pendingOf(exp)).toBe(pending);
  });

  it('sums the errors of the last 24 hours at the clock, leaving older ones out', async () => {
    const deps = exportsDeps();
    const stats = deps.counters;
    const exp = withStats({ released: 0, listed: 4 }, { exportId: 'exp_1' });
    deps.exports.exports.set(exp.exportId, exp);
    // A push export's released count is kept beside the export item.
    for (const vehicleId of ['v1', 'v2', 'v3', 'v4', 'v5']) {
      await stats.countRelease({ dealerId: 'd1', exportId: 'exp_1', vehicleId, version: 1, released: true });
    }
    await stats.countError('exp_1', new Date('2026-11-26T08:59:00.000Z')); // 24 h ago and more
    await stats.countError('exp_1', new Date('2026-11-26T09:00:00.000Z'));
    await stats.countError('exp_1', new Date('2026-11-27T08:30:00.000Z'));
    await stats.countError('exp_2', new Date('2026-11-27T08:30:00.000Z'));

    deps.clock.set('2026-11-27T08:59:59.000Z');
    expect((await listExports(deps, 'd1', { limit: 10 })).items[0]?.stats.errorsLast24h).toBe(2);
    // From 09:00 the 09 hour of the day before has left the window.
    deps.clock.set('2026-11-27T09:00:00.000Z');
    const view = await getExport(deps, 'd1', 'exp_1');
    expect(view.stats).toEqual({ released: 5, listed: 4, pending: 1, errorsLast24h: 1 });
  });

  it('asks for the errors of each export of a page', async () => {
    const stats = new InMemoryExportStats();
    await stats.countError('a', new Date('2026-11-27T08:00:00.000Z'));
    const clock = new FakeClock(new Date('2026-11-27T09:00:00.000Z'));

    const views = await answerExports({ counters: stats, clock }, [
      anExport({ exportId: 'a' }),
      anExport({ exportId: 'b' }),
    ]);

    expect(views.map((view) => view.stats.errorsLast24h)).toEqual([1, 0]);
  });
});

describe('the last transmission of the delta worker', () => {
  const message = { dealerId: 'd1', exportId: 'exp_1', vehicleId: 'veh_1', version: 1 };
  let platform: FakeMarketplace;
  let exports: InMemoryExports;
  let stats: InMemoryExportStats;
  let clock: FakeClock;
  let deps: SyncListingDeps;

  beforeEach(() => {
    platform = new FakeMarketplace();
    exports = new InMemoryExports();
    stats = new InMemoryExportStats();
    clock = new FakeClock(new Date('2026-11-27T09:00:00.000Z'));
    const vehicles = new InMemoryVehicles();
    vehicles.vehicles.set('veh_1', { ...aVehicle({ releases: { exp_1: true } }), dealerId: 'd1' });
    deps = {
      vehicles,
      exports,
      listings: new InMemoryListings(),
      targets: resolverFor(platform),
      preferences: { preferencesOf: async () => ({ contactEmail: 'sales@dealer.example', maxImages: 30 }) },
      details: new RecordingDetails(),
      clock,
      locks: new InMemoryLocks(exports),
      removalSettleMs: 0,
      transmissions: stats,
    };
  });

  it('is noted when the platform accepts and when it rejects', async () => {
    exports.add(anExport());
    expect(await syncListing(message, deps)).toBe('created');
    platform.failures.push(rejected());
    clock.set('2026-11-27T09:05:00.000Z');
    expect(await syncListing({ ...message, force: true }, deps)).toBe('rejected');

    expect(stats.transmissions).toEqual([
      { exportId: 'exp_1', at: '2026-11-27T09:00:00.000Z' },
      { exportId: 'exp_1', at: '2026-11-27T09:05:00.000Z' },
    ]);
  });

  it('is not noted without an answer, nor when the export shows one from the last minute', async () => {
    exports.add(anExport());
    platform.failures.push(unavailable());
    await expect(syncListing(message, deps)).rejects.toThrow('503');

    exports.add(anExport({ lastTransmissionAt: '2026-11-27T08:59:30.000Z' }));
    expect(await syncListing(message, deps)).toBe('created');

    expect(stats.transmissions).toEqual([]);
  });
});
