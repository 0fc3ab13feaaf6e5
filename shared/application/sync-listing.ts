import type { Detail } from '../domain/detail';
import { newId } from '../domain/ids';
import type { SyncMessage } from '../domain/sync-message';
import type { Clock, DetailWriter, ExportReader, VehicleReader } from './ports';

export interface SyncListingDeps {
  readonly vehicles: VehicleReader;
  readonly exports: ExportReader;
  readonly details: DetailWriter;
  readonly clock: Clock;
}

export type SyncOutcome = 'recorded' | 'export-gone';

/**
 * Brings one listing in step with the current vehicle. Foundation version: the platform
 * connectors arrive with the delta issue; until then the worker reads the current state and
 * records what it saw as a `skipped` detail, which proves the pipeline end to end.
 */
export async function syncListing(message: SyncMessage, deps: SyncListingDeps): Promise<SyncOutcome> {
  const exp = await deps.exports.getExport(message.dealerId, message.exportId);
  if (!exp || exp.status === 'inactive') return 'export-gone';
  const vehicle = await deps.vehicles.getVehicle(message.dealerId, message.vehicleId);
  const at = deps.clock.now();
  const detail: Detail = {
    detailId: newId('det', at),
    exportId: exp.exportId,
    at: at.toISOString(),
    kind: 'delta',
    vehicleId: message.vehicleId,
    action: 'none',
    outcome: 'skipped',
    messages: [
      {
        severity: 'info',
        code: 'NO_CONNECTOR',
        text: vehicle
          ? `vehicle version ${vehicle.version} seen; no connector for ${exp.appId} yet`
          : `vehicle no longer in stock; no connector for ${exp.appId} yet`,
      },
    ],
  };
  await deps.details.record(detail);
  return 'recorded';
}
