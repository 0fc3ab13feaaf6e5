import { startJob } from '../start-job';
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
  deps: Pick<ExportsDeps, 'exports' | 'clock' | 'logger' | 'counters' | 'jobs' | 'jobQueue'>,
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
    await startJob(deps, exp, 'remove-listings', deps.clock.now());
  }
  deps.logger.info('export deactivated', { dealerId, exportId, appId: exp.appId, removeListings });
  return answerExport(deps, deactivated);
}
