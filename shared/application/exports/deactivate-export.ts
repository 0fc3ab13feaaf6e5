import { newId } from '../../domain/ids';
import type { Job } from '../../domain/job';
import type { ExportsDeps } from './exports-deps';
import { answerExport, type ExportView } from './export-view';
import { existingExport } from './read-exports';

/**
 * `DELETE /v1/exports/{exportId}`: the export becomes inactive and the app can be activated again
 * (a new export). Idempotent: an inactive export is answered as it is. With `removeListings`, a
 * job deletes the export's listings on the platform (API and webhook exports; a feed's platform
 * simply gets no more files).
 */
export async function deactivateExport(
  deps: Pick<ExportsDeps, 'exports' | 'clock' | 'logger' | 'recentErrors' | 'jobs' | 'jobQueue'>,
  dealerId: string,
  exportId: string,
  removeListings: boolean,
): Promise<ExportView> {
  const exp = await existingExport(deps, dealerId, exportId);
  if (exp.status === 'inactive') return answerExport(deps, exp);
  const deactivated =
    (await deps.exports.deactivate(exp, { removeListings, at: deps.clock.now() })) ??
    // Someone else deactivated it a moment ago: answer with what is stored now.
    (await existingExport(deps, dealerId, exportId));
  if (removeListings && exp.transport !== 'feed' && deactivated.removeListings) {
    const now = deps.clock.now();
    const job: Job = {
      dealerId,
      exportId,
      jobId: newId('job', now),
      kind: 'remove-listings',
      state: 'queued',
      total: 0,
      done: 0,
      failed: 0,
      startedAt: null,
      finishedAt: null,
    };
    await deps.jobs.saveJob(job);
    await deps.jobQueue.enqueue(job);
  }
  deps.logger.info('export deactivated', { dealerId, exportId, appId: exp.appId, removeListings });
  return answerExport(deps, deactivated);
}
