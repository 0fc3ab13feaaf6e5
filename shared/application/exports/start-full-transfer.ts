import { ConflictError } from '../../domain/errors';
import type { Clock, JobQueue, JobStore, Logger } from '../ports';
import { startJob } from '../start-job';
import type { ExportsDeps } from './exports-deps';
import { existingExport } from './read-exports';

export interface StartFullTransferDeps {
  readonly exports: ExportsDeps['exports'];
  readonly jobs: Pick<JobStore, 'saveJob'>;
  readonly jobQueue: JobQueue;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * `POST /v1/exports/{exportId}/full-transfer`: an API or webhook export re-sends every released
 * vehicle and removes listings without one; a feed export runs its feed now. Both as a job on the
 * export's message group, so they never overlap another job of the export. Refused while locked:
 * a full transfer would send exactly what the lock holds back.
 */
export async function startFullTransfer(
  deps: StartFullTransferDeps,
  dealerId: string,
  exportId: string,
): Promise<{ jobId: string }> {
  const exp = await existingExport(deps, dealerId, exportId);
  if (exp.status === 'locked') {
    throw new ConflictError('EXPORT_LOCKED', 'The export is locked: unlock it first');
  }
  if (exp.status !== 'active') {
    throw new ConflictError(
      exp.status === 'matching' ? 'MATCH_PENDING' : 'EXPORT_INACTIVE',
      exp.status === 'matching' ? 'The inventory match is not finished yet' : 'The export is inactive',
    );
  }
  const job = await startJob(
    deps,
    exp,
    exp.transport === 'feed' ? 'feed' : 'full-transfer',
    deps.clock.now(),
  );
  deps.logger.info('full transfer queued', { dealerId, exportId, jobId: job.jobId, kind: job.kind });
  return { jobId: job.jobId };
}
