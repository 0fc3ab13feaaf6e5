import { newId } from '../domain/ids';
import type { Job } from '../domain/job';
import type { JobQueue, JobStore } from './ports';

export interface StartJobDeps {
  readonly jobs: Pick<JobStore, 'saveJob'>;
  readonly jobQueue: JobQueue;
}

/** Stores a job as `queued` (readable at once at `GET …/jobs/{jobId}`), then queues it. */
export async function startJob(
  deps: StartJobDeps,
  exp: { readonly dealerId: string; readonly exportId: string },
  kind: Job['kind'],
  now: Date,
): Promise<Job> {
  const job: Job = {
    dealerId: exp.dealerId,
    exportId: exp.exportId,
    jobId: newId('job', now),
    kind,
    state: 'queued',
    total: 0,
    done: 0,
    failed: 0,
    startedAt: null,
    finishedAt: null,
  };
  await deps.jobs.saveJob(job);
  await deps.jobQueue.enqueue({ dealerId: job.dealerId, exportId: job.exportId, jobId: job.jobId, kind });
  return job;
}
