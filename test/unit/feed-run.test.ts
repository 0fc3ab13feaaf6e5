import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FeedDelivery, FeedFile } from '../../shared/application/feeds/feed-delivery';
import type { FeedRenderer, FeedVehicle } from '../../shared/application/feeds/feed-renderer';
import type { FeedResolver } from '../../shared/application/feeds/ports';
import { feedRunner } from '../../shared/application/feeds/run-feed';
import { TempFileSpool } from '../../shared/adapters/feeds/temp-file-spool';
import type { Export } from '../../shared/domain/export';
import { feedDropLock, type FeedDelivered } from '../../shared/domain/feed-lock';
import type { Job } from '../../shared/domain/job';
import type { Vehicle } from '../../shared/domain/vehicle';
import {
  FakeClock,
  InMemoryExports,
  RecordingDetails,
  aVehicle,
  anExport,
  silentLogger,
} from '../support/fakes';
import { InMemoryLocks, RecordingMailer } from '../support/lock-fakes';

const at = new Date('2026-11-27T06:00:00.000Z');
const last = (vehicles: number, when = '2026-11-26T18:00:00.000Z'): FeedDelivered => ({
  vehicles,
  bytes: 1,
  at: when,
});

describe('the feed lock', () => {
  const exp = anExport({ transport: 'feed', appId: 'mobile-de-csv' });
  it.each([
    [100, 80, false],
    [100, 79, true],
    [10, 7, false],
    [10, 5, true],
    [3, 0, true],
    [3, 1, false],
    [0, 0, false],
  ])('last %i, now %i → locks: %s', (before, now, locks) => {
    expect(feedDropLock(exp, last(before), now, at) !== undefined).toBe(locks);
  });

  it('never locks the first run, nor the first run after an unlock', () => {
    expect(feedDropLock(exp, undefined, 0, at)).toBeUndefined();
    const unlocked = { ...exp, unlockedAt: '2026-11-27T05:00:00.000Z' };
    expect(feedDropLock(unlocked, last(100), 0, at)).toBeUndefined();
  });
});

/** One JSON line per vehicle: enough to see what was rendered. */
const linesRenderer: FeedRenderer = {
  contentType: 'text/plain',
  fileExtension: 'json',
  async *render(vehicles: AsyncIterable<FeedVehicle>) {
    for await (const { vehicle, bookings } of vehicles) {
      yield Buffer.from(`${JSON.stringify({ id: vehicle.vehicleId, bookings })}\n`);
    }
  },
};

class RecordingDelivery implements FeedDelivery {
  readonly delivered: string[] = [];
  fail?: Error;
  async deliver(file: FeedFile) {
    if (this.fail) throw this.fail;
    this.delivered.push(readFileSync(file.path, 'utf8'));
    return { remotePath: '/stock.csv', bytes: file.bytes, attempts: 1 };
  }
}

describe('a feed run', () => {
  let exports: InMemoryExports;
  let stock: Vehicle[];
  let delivery: RecordingDelivery;
  let details: RecordingDetails;
  let mailer: RecordingMailer;
  let progressSeen: number[];
  const job: Job = {
    dealerId: 'd1',
    exportId: 'exp_feed',
    jobId: 'job_1',
    kind: 'feed',
    state: 'running',
    total: 0,
    done: 0,
    failed: 0,
    startedAt: null,
    finishedAt: null,
  };

  beforeEach(() => {
    exports = new InMemoryExports();
    exports.add(anExport({ exportId: 'exp_feed', transport: 'feed', appId: 'mobile-de-csv' }));
    stock = Array.from({ length: 10 }, (_, index) =>
      aVehicle({ vehicleId: `veh_${index}`, make: index === 9 ? 'Filtered' : 'Skoda' }),
    );
    delivery = new RecordingDelivery();
    details = new RecordingDetails();
    mailer = new RecordingMailer();
    progressSeen = [];
  });

  const run = () => {
    const resolver: FeedResolver = {
      resolve: async () => ({
        renderer: linesRenderer,
        target: { protocol: 'ftp', host: 'h', port: 21, username: 'u', password: 'p', path: '/stock.csv' },
        accepts: (vehicle) => vehicle.make !== 'Filtered',
      }),
    };
    const locks = new InMemoryLocks(exports);
    return feedRunner({
      exports,
      stock: {
        async *releasedVehicles() {
          yield* stock;
        },
      },
      bookings: { bookingsOf: async () => new Map([['veh_1', ['EYE_CATCHER']]]) },
      feeds: resolver,
      spool: new TempFileSpool(),
      delivery,
      runs: {
        recordDelivery: async (exp: Export, delivered: FeedDelivered) => {
          exports.add({ ...exports.exports.get(exp.exportId)!, lastFeedDelivery: delivered });
        },
      },
      locks,
      mailer,
      details,
      recipientsOf: async () => ['owner@dealer.example'],
      clock: new FakeClock(at),
      log: silentLogger,
    })(job, async (update) => {
      progressSeen.push(update.done);
    });
  };

  it('renders the accepted released vehicles with their bookings and delivers them', async () => {
    await run();
    expect(delivery.delivered).toHaveLength(1);
    const lines = delivery.delivered[0]!.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string });
    expect(lines).toHaveLength(9);
    expect(lines[1]).toEqual({ id: 'veh_1', bookings: ['EYE_CATCHER'] });
    expect(exports.exports.get('exp_feed')?.lastFeedDelivery).toMatchObject({ vehicles: 9 });
    expect(details.details).toMatchObject([{ kind: 'feed', outcome: 'success', counts: { vehicles: 9 } }]);
    expect(progressSeen.at(-1)).toBe(9);
  });

  it('locks instead of delivering a much smaller stock, e-mails once, and delivers after the unlock', async () => {
    await run();
    stock = stock.slice(0, 3);
    await run();

    expect(delivery.delivered).toHaveLength(1);
    expect(exports.exports.get('exp_feed')).toMatchObject({
      status: 'locked',
      lock: { reason: 'FEED_DROP' },
    });
    expect(mailer.sent).toHaveLength(1);
    expect(details.details.map((detail) => `${detail.kind}:${detail.outcome}`)).toEqual([
      'feed:success',
      'lock:held',
      'feed:held',
    ]);

    await run(); // still locked: nothing is delivered
    expect(delivery.delivered).toHaveLength(1);

    const locked = exports.exports.get('exp_feed')!;
    exports.add({ ...locked, status: 'active', lock: null, unlockedAt: '2026-11-27T06:30:00.000Z' });
    await run();
    expect(delivery.delivered).toHaveLength(2);
    expect(mailer.sent).toHaveLength(1);
  });

  it('records a failed delivery as an error detail and fails the job', async () => {
    delivery.fail = Object.assign(new Error('530 Login incorrect'), { code: 'FEED_AUTH_FAILED' });
    await expect(run()).rejects.toThrow('530');
    expect(details.details).toMatchObject([
      { kind: 'feed', outcome: 'error', messages: [{ code: 'FEED_AUTH_FAILED' }] },
    ]);
  });
});
