import { pushesSingleVehicles } from '../domain/export';
import type { StockChange } from '../domain/stock-change';
import type { SyncMessage } from '../domain/sync-message';
import type { ExportReader, SyncQueue } from './ports';

export interface RouteStockChangeDeps {
  readonly exports: ExportReader;
  readonly syncQueue: SyncQueue;
}

/**
 * A vehicle changed: ask every export that pushes single vehicles to bring its listing in step.
 * The worker decides from the current state what that means (create, update, delete, nothing).
 */
export async function routeStockChange(change: StockChange, deps: RouteStockChangeDeps): Promise<number> {
  const exports = (await deps.exports.listExports(change.dealerId)).filter(pushesSingleVehicles);
  const messages: SyncMessage[] = exports.map((exp) => ({
    dealerId: change.dealerId,
    exportId: exp.exportId,
    vehicleId: change.vehicleId,
    version: change.version,
  }));
  if (messages.length > 0) await deps.syncQueue.send(messages);
  return messages.length;
}
