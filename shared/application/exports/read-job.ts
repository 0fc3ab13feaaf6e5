import { NotFoundError } from '../../domain/errors';
import type { Job } from '../../domain/job';
import type { JobStore } from '../ports';
import type { ExportsDeps } from './exports-deps';
import { existingExport } from './read-exports';

export interface ReadJobDeps extends Pick<ExportsDeps, 'exports'> {
  readonly jobs: Pick<JobStore, 'getJob'>;
}

/**
 * A job as the API answers it (API.md). The stored `error` stays internal: it is the raw text of
 * whatever the runner threw (run-job.ts), which may name internals; per-vehicle failures are in
 * the details.
 */
export type JobView = Pick<
  Job,
  'jobId' | 'kind' | 'state' | 'total' | 'done' | 'failed' | 'startedAt' | 'finishedAt'
>;

/** `GET /v1/exports/{exportId}/jobs/{jobId}`: 404 for an unknown job and another dealer's alike. */
export async function readJob(
  deps: ReadJobDeps,
  dealerId: string,
  exportId: string,
  jobId: string,
): Promise<JobView> {
  await existingExport(deps, dealerId, exportId);
  const job = await deps.jobs.getJob(exportId, jobId);
  // The export check already scopes the key; the dealer check guards against a mis-keyed item.
  if (!job || job.dealerId !== dealerId) throw new NotFoundError('job');
  return {
    jobId: job.jobId,
    kind: job.kind,
    state: job.state,
    total: job.total,
    done: job.done,
    failed: job.failed,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}
