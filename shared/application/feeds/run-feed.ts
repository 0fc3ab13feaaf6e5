import type { Detail } from '../../domain/detail';
import type { Export } from '../../domain/export';
import { feedDropLock } from '../../domain/feed-lock';
import { newId } from '../../domain/ids';
import type { Vehicle } from '../../domain/vehicle';
import { announceLock, type AnnounceLockDeps } from '../locks/announce-lock';
import type { LockStore } from '../locks/ports';
import type { ExportReader } from '../ports';
import type { JobRunner } from '../run-job';
import type { FeedDelivery } from './feed-delivery';
import type { FeedVehicle } from './feed-renderer';
import type { FeedResolver, FeedRunStore, FeedSpool } from './ports';

export interface FeedRunDeps extends AnnounceLockDeps {
  readonly exports: Pick<ExportReader, 'getExport'>;
  readonly stock: { releasedVehicles(dealerId: string, exportId: string): AsyncIterable<Vehicle> };
  readonly bookings: { bookingsOf(exportId: string): Promise<ReadonlyMap<string, readonly string[]>> };
  readonly feeds: FeedResolver;
  readonly spool: FeedSpool;
  readonly delivery: FeedDelivery;
  readonly runs: FeedRunStore;
  readonly locks: Pick<LockStore, 'lock' | 'markNotified'>;
}

/** How often a run writes its progress onto the job. */
const PROGRESS_EVERY = 1000;

/**
 * One run of a feed export (PRODUCT.md §6): the released vehicles are paged out of the stock and
 * rendered as they arrive into a local file (never the whole stock in memory), the feed lock
 * compares the count with the last delivered file, and only then the file is delivered (file
 * servers: under a temporary name, then renamed). Every run leaves one `feed` detail.
 */
export function feedRunner(deps: FeedRunDeps): JobRunner {
  return async (job, progress) => {
    const started = deps.clock.now();
    const exp = await deps.exports.getExport(job.dealerId, job.exportId);
    if (!exp || exp.transport !== 'feed') throw new Error('not a feed export');
    if (exp.status !== 'active') {
      await record(deps, exp, started, 'held', [
        {
          severity: 'warning',
          code: exp.status === 'locked' ? 'EXPORT_LOCKED' : 'EXPORT_INACTIVE',
          text: `The export is ${exp.status}: nothing was delivered`,
        },
      ]);
      return;
    }
    const feed = await deps.feeds.resolve(exp);
    const bookings = await deps.bookings.bookingsOf(exp.exportId);

    let vehicles = 0;
    async function* released(): AsyncIterable<FeedVehicle> {
      for await (const vehicle of deps.stock.releasedVehicles(exp!.dealerId, exp!.exportId)) {
        if (!feed.accepts(vehicle)) continue;
        vehicles++;
        if (vehicles % PROGRESS_EVERY === 0) await progress({ total: vehicles, done: vehicles, failed: 0 });
        yield { vehicle, bookings: bookings.get(vehicle.vehicleId) ?? [] };
      }
    }
    const file = await deps.spool.write(feed.renderer.render(released()));
    try {
      await progress({ total: vehicles, done: vehicles, failed: 0 });
      const lock = feedDropLock(exp, exp.lastFeedDelivery, vehicles, deps.clock.now());
      if (lock) {
        const locked = await deps.locks.lock(exp, lock);
        await announceLock(deps, locked);
        await record(
          deps,
          exp,
          started,
          'held',
          [{ severity: 'warning', code: lock.reason, text: lock.detail }],
          {
            vehicles,
            bytes: file.bytes,
          },
        );
        return;
      }
      try {
        const receipt = await deps.delivery.deliver(
          { path: file.path, bytes: file.bytes, contentType: feed.renderer.contentType },
          feed.target,
        );
        const at = deps.clock.now();
        await deps.runs.recordDelivery(exp, { vehicles, bytes: receipt.bytes, at: at.toISOString() });
        await record(deps, exp, started, 'success', [], {
          vehicles,
          bytes: receipt.bytes,
          attempts: receipt.attempts,
        });
      } catch (error) {
        const text = error instanceof Error ? error.message : 'the delivery failed';
        const code = (error as { code?: unknown }).code;
        await record(
          deps,
          exp,
          started,
          'error',
          [{ severity: 'error', code: typeof code === 'string' ? code : 'FEED_FAILED', text }],
          { vehicles, bytes: file.bytes },
        );
        throw error;
      }
    } finally {
      await deps.spool.discard(file.path);
    }
  };
}

async function record(
  deps: FeedRunDeps,
  exp: Export,
  started: Date,
  outcome: Detail['outcome'],
  messages: Detail['messages'],
  counts?: Record<string, number>,
): Promise<void> {
  const at = deps.clock.now();
  await deps.details.record({
    detailId: newId('det', at),
    exportId: exp.exportId,
    at: at.toISOString(),
    kind: 'feed',
    action: 'none',
    outcome,
    messages,
    ...(counts ? { counts } : {}),
    durationMs: Math.max(0, at.getTime() - started.getTime()),
  });
}
