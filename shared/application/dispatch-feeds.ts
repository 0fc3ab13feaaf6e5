import { isFeedDue, FeedScheduleSchema } from '../domain/feed-schedule';
import type { Clock, ExportReader, ExportWriter, JobQueue, JobStore, Logger } from './ports';
import { startJob } from './start-job';

export interface DispatchFeedsDeps {
  readonly exports: ExportReader & ExportWriter;
  readonly jobs: JobStore;
  readonly jobQueue: JobQueue;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * Enqueues one feed job for every active feed export that is due now. The conditional mark makes
 * a second dispatcher (or a retried invocation) skip an export that was just dispatched, and the
 * jobs queue's message group per export keeps two runs of one export from overlapping.
 */
export async function dispatchFeeds(deps: DispatchFeedsDeps): Promise<number> {
  const now = deps.clock.now();
  let dispatched = 0;
  for await (const exp of deps.exports.listFeedExports()) {
    if (exp.status !== 'active') continue;
    const schedule = FeedScheduleSchema.safeParse(exp.feedSchedule ?? exp.settings.schedule);
    if (!schedule.success) {
      deps.log.warn('feed export without a valid schedule', { exportId: exp.exportId });
      continue;
    }
    const lastRun = exp.lastFeedRunAt ? new Date(exp.lastFeedRunAt) : undefined;
    if (!isFeedDue(schedule.data, now, lastRun)) continue;
    if (!(await deps.exports.markFeedDispatched(exp, now))) continue;

    await startJob(deps, exp, 'feed', now);
    dispatched++;
  }
  return dispatched;
}
