import { pushesSingleVehicles } from '../domain/export';
import { syncDecision, type StockChange } from '../domain/stock-change';
import type { LockPolicy, PendingSync } from './delta/lock-policy';
import type { Clock, ExportReader, SyncQueue } from './ports';

export interface RouteStockChangeDeps {
  readonly exports: Pick<ExportReader, 'listExports'>;
  readonly syncQueue: SyncQueue;
  readonly lockPolicy: LockPolicy;
  readonly clock: Clock;
}

/**
 * A vehicle changed: every export that pushes single vehicles and is concerned by the change
 * (released before or after it) is asked to bring its listing in step, unless the lock policy
 * holds the change back. The worker decides from the current state what that means.
 */
export async function routeStockChange(change: StockChange, deps: RouteStockChangeDeps): Promise<number> {
  const exports = (await deps.exports.listExports(change.dealerId)).filter(pushesSingleVehicles);
  const pending = exports.flatMap((exp): PendingSync[] => {
    const decision = syncDecision(change, exp.exportId);
    return decision === 'none'
      ? []
      : [{ exp, vehicleId: change.vehicleId, version: change.version, decision }];
  });
  const admitted = await deps.lockPolicy.admit(pending);
  if (admitted.length > 0) {
    const decidedAt = deps.clock.now().toISOString();
    await deps.syncQueue.send(
      admitted.map(({ exp, vehicleId, version, decision }) => ({
        dealerId: change.dealerId,
        exportId: exp.exportId,
        vehicleId,
        version,
        // Only removals wait to settle (ADR 0006): creates and updates go out at once.
        ...(decision === 'remove' ? { decidedAt } : {}),
      })),
    );
  }
  return admitted.length;
}
