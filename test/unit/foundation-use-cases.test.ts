import { describe, expect, it } from 'vitest';
import { dispatchFeeds } from '../../shared/application/dispatch-feeds';
import { admitEverything, type PendingSync } from '../../shared/application/delta/lock-policy';
import { routeStockChange } from '../../shared/application/route-stock-change';
import { syncDecision, type StockChange } from '../../shared/domain/stock-change';
import { runJob } from '../../shared/application/run-job';
import { FakeClock, InMemoryExports, RecordingQueue, aJob, anExport, silentLogger } from '../support/fakes';

describe('routing a stock change', () => {
  it('queues one sync per export that pushes single vehicles and is concerned by the change', async () => {
    const exports = new InMemoryExports();
    exports.add(anExport({ exportId: 'exp_api' }));
    exports.add(anExport({ exportId: 'exp_hook', transport: 'webhook', appId: 'custom' }));
    exports.add(anExport({ exportId: 'exp_never', appId: 'autoscout24-api' }));
    exports.add(anExport({ exportId: 'exp_feed', transport: 'feed', appId: 'mobile-de-csv' }));
    exports.add(anExport({ exportId: 'exp_off', status: 'inactive' }));
    exports.add(anExport({ exportId: 'exp_other', dealerId: 'd2' }));
    const queue = new RecordingQueue();
    const released = { exp_api: true, exp_feed: true, exp_off: true, exp_other: true };

    const sent = await routeStockChange(
      {
        dealerId: 'd1',
        vehicleId: 'veh_1',
        kind: 'upserted',
        version: 3,
        releasedBefore: { exp_hook: true },
        releasedAfter: { ...released, exp_hook: false },
      },
      {
        exports,
        syncQueue: queue,
        lockPolicy: admitEverything,
        clock: new FakeClock(new Date('2026-11-27T09:00:00.000Z')),
      },
    );

    expect(sent).toBe(2);
    expect(queue.sent).toEqual([
      { dealerId: 'd1', exportId: 'exp_api', vehicleId: 'veh_1', version: 3 },
      // A removal carries when it was decided: it waits a settle delay from there (ADR 0006).
      {
        dealerId: 'd1',
        exportId: 'exp_hook',
        vehicleId: 'veh_1',
        version: 3,
        decidedAt: '2026-11-27T09:00:00.000Z',
      },
    ]);
  });

  it('lets the lock policy hold changes back', async () => {
    const exports = new InMemoryExports();
    exports.add(anExport({ exportId: 'exp_api' }));
    const queue = new RecordingQueue();
    const holdRemovals = {
      admit: async (pending: readonly PendingSync[]) => pending.filter((p) => p.decision !== 'remove'),
    };
    const removal = {
      dealerId: 'd1',
      vehicleId: 'veh_1',
      kind: 'removed',
      version: 4,
      releasedBefore: { exp_api: true },
      releasedAfter: {},
    } as const;

    const deps = { exports, syncQueue: queue, lockPolicy: holdRemovals, clock: new FakeClock(new Date()) };
    expect(await routeStockChange(removal, deps)).toBe(0);
    expect(queue.sent).toEqual([]);
  });
});

describe('the sync decision of a stock change', () => {
  const change = (
    kind: 'upserted' | 'removed',
    before: boolean | undefined,
    after: boolean | undefined,
  ): StockChange => ({
    dealerId: 'd1',
    vehicleId: 'v',
    kind,
    version: 1,
    releasedBefore: before === undefined ? {} : { e: before },
    releasedAfter: after === undefined ? {} : { e: after },
  });
  it.each([
    ['released, changed', change('upserted', true, true), 'upsert'],
    ['newly released', change('upserted', false, true), 'upsert'],
    ['unreleased', change('upserted', true, false), 'remove'],
    ['deleted while released', change('removed', true, undefined), 'remove'],
    ['deleted, never released', change('removed', false, undefined), 'none'],
    ['changed, never released', change('upserted', undefined, undefined), 'none'],
  ] as const)('%s → %s', (_, stockChange, expected) => {
    expect(syncDecision(stockChange, 'e')).toBe(expected);
  });
});

describe('running a job', () => {
  const clock = new FakeClock(new Date('2026-11-27T09:00:00.000Z'));
  const queued = aJob({ kind: 'full-transfer' });

  it('runs the runner of its kind and stores progress and the end', async () => {
    const jobs = new InMemoryExports();
    await jobs.saveJob(queued);
    const seen: number[] = [];
    const job = await runJob(queued, {
      jobs,
      clock,
      log: silentLogger,
      runners: {
        'full-transfer': async (_job, progress) => {
          await progress({ total: 2, done: 1, failed: 0 });
          seen.push((await jobs.getJob('exp_1', 'job_1'))!.done);
          await progress({ total: 2, done: 2, failed: 0 });
        },
      },
    });
    expect(seen).toEqual([1]);
    expect(job).toMatchObject({
      state: 'done',
      total: 2,
      done: 2,
      startedAt: '2026-11-27T09:00:00.000Z',
      finishedAt: '2026-11-27T09:00:00.000Z',
    });
  });

  it('fails the job with the reason when the runner throws or none exists', async () => {
    const jobs = new InMemoryExports();
    await jobs.saveJob(queued);
    const failed = await runJob(queued, { jobs, clock, log: silentLogger, runners: {} });
    expect(failed).toMatchObject({ state: 'failed', error: 'no runner for job kind "full-transfer"' });
  });

  it('ignores a redelivered message of a finished job', async () => {
    const jobs = new InMemoryExports();
    await jobs.saveJob({ ...queued, state: 'done', done: 5 });
    let ran = false;
    const job = await runJob(queued, {
      jobs,
      clock,
      log: silentLogger,
      runners: { 'full-transfer': async () => void (ran = true) },
    });
    expect(ran).toBe(false);
    expect(job?.done).toBe(5);
  });
});

describe('dispatching feeds', () => {
  it('enqueues one job per due active feed export, once', async () => {
    const exports = new InMemoryExports();
    const schedule = { everyMinutes: 60 };
    exports.add(anExport({ exportId: 'exp_due', transport: 'feed', settings: { schedule } }));
    exports.add(
      anExport({ exportId: 'exp_locked', transport: 'feed', status: 'locked', settings: { schedule } }),
    );
    exports.add(
      anExport({ exportId: 'exp_bad', transport: 'feed', settings: { schedule: { hourly: true } } }),
    );
    exports.add(anExport({ exportId: 'exp_api', settings: { schedule } }));
    const queue = new RecordingQueue();
    const clock = new FakeClock(new Date('2026-11-27T09:00:00.000Z'));
    const deps = { exports, jobs: exports, jobQueue: queue, clock, log: silentLogger };

    expect(await dispatchFeeds(deps)).toBe(1);
    expect(await dispatchFeeds(deps)).toBe(0);
    expect(queue.sent).toEqual([expect.objectContaining({ exportId: 'exp_due', kind: 'feed' })]);
    expect(exports.jobs.size).toBe(1);
    clock.set('2026-11-27T10:00:00.000Z');
    expect(await dispatchFeeds(deps)).toBe(1);
  });
});
