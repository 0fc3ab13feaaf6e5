import { ConflictError } from '../../domain/errors';
import { newId } from '../../domain/ids';
import type { LockStore } from '../locks/ports';
import type { Clock, DetailWriter, Logger, SyncQueue } from '../ports';
import type { ExportsDeps } from './exports-deps';
import { answerExport, type ExportView } from './export-view';
import { existingExport } from './read-exports';

export interface UnlockExportDeps {
  readonly exports: ExportsDeps['exports'];
  readonly locks: Pick<LockStore, 'heldVehicles' | 'forgetHeld' | 'unlock'>;
  readonly syncQueue: SyncQueue;
  readonly details: DetailWriter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly counters: ExportsDeps['counters'];
}

/**
 * `POST /v1/exports/{exportId}/unlock`: the export becomes active and every vehicle held while it
 * was locked is synced against the stock as it is now. A repaired stock therefore deletes nothing:
 * a vehicle that is back keeps (or takes over) its listing. Resumable: when an earlier unlock
 * stopped after the status change, calling again queues what is still held.
 */
export async function unlockExport(
  deps: UnlockExportDeps,
  dealerId: string,
  exportId: string,
): Promise<ExportView> {
  let exp = await existingExport(deps, dealerId, exportId);
  const held = await deps.locks.heldVehicles(exportId);
  if (exp.status !== 'locked' && held.length === 0) {
    throw new ConflictError('NOT_LOCKED', 'The export is not locked');
  }
  const at = deps.clock.now();
  if (exp.status === 'locked')
    exp = (await deps.locks.unlock(exp, at)) ?? (await existingExport(deps, dealerId, exportId));

  const resync = `unlock-${at.getTime()}`;
  await deps.syncQueue.send(held.map((vehicleId) => ({ dealerId, exportId, vehicleId, version: 0, resync })));
  await deps.locks.forgetHeld(exportId, held);
  await deps.details.record({
    detailId: newId('det', at),
    exportId,
    at: at.toISOString(),
    kind: 'unlock',
    action: 'none',
    outcome: 'success',
    messages: [
      {
        severity: 'info',
        code: 'UNLOCKED',
        text: `Unlocked: ${held.length} held vehicles are synced against the current stock`,
      },
    ],
    counts: { resynced: held.length },
  });
  deps.logger.info('export unlocked', { dealerId, exportId, resynced: held.length });
  return answerExport(deps, exp);
}
