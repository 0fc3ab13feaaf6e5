import { PlatformUnavailableError } from '../domain/errors';
import type { Job, JobMessage } from '../domain/job';
import type { Clock, JobStore, Logger } from './ports';

/** Does the work of one job kind, reporting progress through `progress`. */
export type JobRunner = (
  job: Job,
  progress: (update: Pick<Job, 'total' | 'done' | 'failed'>) => Promise<void>,
) => Promise<void>;

export interface RunJobDeps {
  readonly jobs: JobStore;
  readonly runners: Partial<Record<Job['kind'], JobRunner>>;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * Runs a queued job once: `queued → running → done | failed`. A redelivered message of a job that
 * already finished does nothing, so the queue's at-least-once delivery is harmless. A platform
 * that is unavailable for now puts the job back to `queued` and lets the queue try again (its
 * dead-letter queue ends it); any other error fails the job instead of being retried forever.
 */
export async function runJob(message: JobMessage, deps: RunJobDeps): Promise<Job | undefined> {
  const stored = await deps.jobs.getJob(message.exportId, message.jobId);
  if (!stored) {
    deps.log.warn('job message without job', { exportId: message.exportId, jobId: message.jobId });
    return undefined;
  }
  if (stored.state === 'done' || stored.state === 'failed') return stored;

  let job: Job = {
    ...stored,
    state: 'running',
    startedAt: stored.startedAt ?? deps.clock.now().toISOString(),
  };
  await deps.jobs.saveJob(job);
  const runner = deps.runners[job.kind];
  try {
    if (!runner) throw new Error(`no runner for job kind "${job.kind}"`);
    await runner(job, async (update) => {
      job = { ...job, ...update };
      await deps.jobs.saveJob(job);
    });
    job = { ...job, state: 'done', finishedAt: deps.clock.now().toISOString() };
  } catch (error) {
    if (error instanceof PlatformUnavailableError) {
      await deps.jobs.saveJob({ ...job, state: 'queued' });
      throw error;
    }
    const reason = error instanceof Error ? error.message : String(error);
    job = { ...job, state: 'failed', error: reason, finishedAt: deps.clock.now().toISOString() };
  }
  await deps.jobs.saveJob(job);
  return job;
}
