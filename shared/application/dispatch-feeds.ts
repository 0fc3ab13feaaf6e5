import { isFeedDue, FeedScheduleSchema } from '../domain/feed-schedule';
import { newId } from '../domain/ids';
import type { Job } from '../domain/job';
import type { Clock, ExportReader, ExportWriter, JobQueue, JobStore, Logger } from './ports';

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

    const job: Job = {
      dealerId: exp.dealerId,
      exportId: exp.exportId,
      jobId: newId('job', now),
      kind: 'feed',
      state: 'queued',
      total: 0,
      done: 0,
      failed: 0,
      startedAt: null,
      finishedAt: null,
    };
    await deps.jobs.saveJob(job);
    await deps.jobQueue.enqueue(job);
    dispatched++;
  }
  return dispatched;
}
