import { beforeEach, describe, expect, it } from 'vitest';
import type { PendingSync } from '../../shared/application/delta/lock-policy';
import { RemovalLockPolicy } from '../../shared/application/locks/removal-lock-policy';
import { unlockExport } from '../../shared/application/exports/unlock-export';
import type { Export } from '../../shared/domain/export';
import { removalThreshold, removalWindowStart } from '../../shared/domain/removal-lock';
import {
  FakeClock,
  InMemoryExports,
  RecordingDetails,
  RecordingQueue,
  anExport,
  silentLogger,
} from '../support/fakes';
import { InMemoryLocks, RecordingMailer } from '../support/lock-fakes';
import { InMemoryExportStats } from '../support/stats-fakes';

const defaults = { windowMinutes: 60, minShare: 0.2, minListings: 5 };

describe('the removal threshold', () => {
  it.each([
    [0, 5],
    [20, 5],
    [25, 5],
    [26, 6],
    [100, 20],
    [1000, 200],
  ])('with %i listings is %i removals', (listed, threshold) => {
    expect(removalThreshold(defaults, listed)).toBe(threshold);
  });

  it('counts the window from the last unlock when that is later', () => {
    const now = new Date('2026-11-27T10:00:00.000Z');
    expect(removalWindowStart(defaults, now).toISOString()).toBe('2026-11-27T09:00:00.000Z');
    expect(removalWindowStart(defaults, now, '2026-11-27T09:30:00.000Z').toISOString()).toBe(
      '2026-11-27T09:30:00.000Z',
    );
  });
});

describe('the mass-removal lock', () => {
  let exports: InMemoryExports;
  let locks: InMemoryLocks;
  let mailer: RecordingMailer;
  let details: RecordingDetails;
  let clock: FakeClock;
  const recipients = ['owner@dealer.example'];

  beforeEach(() => {
    exports = new InMemoryExports();
    exports.add(anExport({ stats: { released: 20, listed: 20, pending: 0, errorsLast24h: 0 } }));
    locks = new InMemoryLocks(exports);
    mailer = new RecordingMailer();
    details = new RecordingDetails();
    clock = new FakeClock(new Date('2026-11-27T09:00:00.000Z'));
  });

  /** One stream batch: a fresh policy, as the handler builds one per batch. */
  const batch = (removed: readonly string[], exp: Export = current()) =>
    new RemovalLockPolicy({
      locks,
      mailer,
      details,
      clock,
      log: silentLogger,
      recipientsOf: async () => recipients,
    }).admit(removed.map((vehicleId) => removal(exp, vehicleId)));
  const current = () => exports.exports.get('exp_1') ?? anExport();
  const removal = (exp: Export, vehicleId: string): PendingSync => ({
    exp,
    vehicleId,
    version: 2,
    decision: 'remove',
  });
  const vehicles = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, index) => `veh_${from + index}`);

  it('admits removals below the threshold and locks at the removal that reaches it', async () => {
    expect(await batch(vehicles(1, 3))).toHaveLength(3);
    const admitted = await batch(vehicles(4, 15));

    expect(admitted.map((change) => change.vehicleId)).toEqual(['veh_4']);
    expect(current()).toMatchObject({
      status: 'locked',
      lock: {
        reason: 'MASS_REMOVAL',
        detail: '5 of 20 listings would be removed within 60 minutes',
        heldChanges: 11,
      },
    });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]).toMatchObject({ to: recipients, subject: 'Export locked: mobile.de (API)' });
    expect(mailer.sent[0]?.text).toContain('/v1/exports/exp_1/unlock');
    expect(details.details.filter((detail) => detail.kind === 'lock')).toHaveLength(1);
    expect(details.details.filter((detail) => detail.outcome === 'held')).toHaveLength(12);
  });

  it('does not count a retried batch twice', async () => {
    expect(await batch(vehicles(1, 4))).toHaveLength(4);
    expect(await batch(vehicles(1, 4))).toHaveLength(4);
    expect(current().status).toBe('active');
    expect(await batch(['veh_5'])).toHaveLength(0);
    expect(current().status).toBe('locked');
  });

  it('forgets removals older than the window', async () => {
    await batch(vehicles(1, 4));
    clock.set('2026-11-27T10:00:01.000Z');
    expect(await batch(vehicles(5, 8))).toHaveLength(4);
    expect(current().status).toBe('active');
  });

  it('sends the e-mail on the retry when the first send failed, and only once', async () => {
    mailer.failNext = true;
    await expect(batch(vehicles(1, 5))).rejects.toThrow('SES unavailable');
    expect(current().status).toBe('locked');

    await batch(vehicles(1, 5));
    await batch(['veh_6']);
    expect(mailer.sent).toHaveLength(1);
  });

  it('holds upserts of a locked export too', async () => {
    await batch(vehicles(1, 5));
    const upsert: PendingSync = { exp: current(), vehicleId: 'veh_99', version: 3, decision: 'upsert' };
    const policy = new RemovalLockPolicy({
      locks,
      mailer,
      details,
      clock,
      log: silentLogger,
      recipientsOf: async () => [],
    });
    expect(await policy.admit([upsert])).toEqual([]);
    expect(await locks.heldVehicles('exp_1')).toContain('veh_99');
  });

  it('never locks a webhook export', async () => {
    exports.exports.clear();
    exports.add(anExport({ transport: 'webhook', appId: 'app_custom', settings: {} }));
    expect(await batch(vehicles(1, 10))).toHaveLength(10);
    expect(current().status).toBe('active');
  });

  it('unlocks once, re-syncs what was held and tells the details', async () => {
    await batch(vehicles(1, 7));
    const queue = new RecordingQueue();
    const deps = {
      exports: { getExport: async (_d: string, id: string) => exports.exports.get(id) },
      locks,
      syncQueue: queue,
      details,
      clock,
      logger: silentLogger,
      counters: new InMemoryExportStats(),
    } as const;

    const view = await unlockExport(deps as never, 'd1', 'exp_1');

    expect(view).toMatchObject({ status: 'active', lock: null });
    expect(queue.sent.map((message) => ('vehicleId' in message ? message.vehicleId : ''))).toEqual(
      vehicles(5, 7),
    );
    expect(queue.sent[0]).toMatchObject({ resync: `unlock-${Date.parse('2026-11-27T09:00:00.000Z')}` });
    expect(await locks.heldVehicles('exp_1')).toEqual([]);
    expect(details.details.at(-1)).toMatchObject({ kind: 'unlock', counts: { resynced: 3 } });
    await expect(unlockExport(deps as never, 'd1', 'exp_1')).rejects.toMatchObject({ code: 'NOT_LOCKED' });
  });

  it('counts removals again only from the unlock on', async () => {
    await batch(vehicles(1, 5));
    clock.set('2026-11-27T09:10:00.000Z');
    await unlockExport(
      {
        exports: { getExport: async (_d: string, id: string) => exports.exports.get(id) } as never,
        locks,
        syncQueue: new RecordingQueue(),
        details,
        clock,
        logger: silentLogger,
        counters: new InMemoryExportStats(),
      },
      'd1',
      'exp_1',
    );
    clock.set('2026-11-27T09:11:00.000Z');
    expect(await batch(vehicles(6, 9))).toHaveLength(4);
    expect(current().status).toBe('active');
  });
});

describe('the mass-removal lock with records handled in parallel', () => {
  it('counts every removal of one batch, whatever the interleaving', async () => {
    const exports = new InMemoryExports();
    exports.add(anExport({ stats: { released: 20, listed: 20, pending: 0, errorsLast24h: 0 } }));
    const locks = new InMemoryLocks(exports);
    const slowLocks = Object.assign(Object.create(locks) as InMemoryLocks, {
      countRemovals: async (exportId: string, start: Date) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return locks.countRemovals(exportId, start);
      },
    });
    const policy = new RemovalLockPolicy({
      locks: slowLocks,
      mailer: new RecordingMailer(),
      details: new RecordingDetails(),
      clock: new FakeClock(new Date('2026-11-27T09:00:00.000Z')),
      log: silentLogger,
      recipientsOf: async () => [],
    });
    const exp = exports.exports.get('exp_1')!;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        policy.admit([{ exp, vehicleId: `veh_${index}`, version: 2, decision: 'remove' }]),
      ),
    );
    expect(results.filter((admitted) => admitted.length === 1)).toHaveLength(4);
    expect(exports.exports.get('exp_1')?.status).toBe('locked');
  });
});
