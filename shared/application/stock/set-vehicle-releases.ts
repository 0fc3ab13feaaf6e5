import type { Vehicle } from '../../domain/vehicle';
import { unknownExports } from '../../domain/vehicle-errors';
import { changeVehicle, settle } from './change-vehicle';
import type { Clock, ExportReader } from '../ports';
import type { VehicleStore } from './stock-ports';

export interface SetVehicleReleasesDeps {
  readonly vehicles: VehicleStore;
  readonly exports: ExportReader;
  readonly clock: Clock;
}

/**
 * Releases or unreleases a vehicle per export. The body names only the exports to change; the
 * others keep their flag. Only the dealer's own exports are accepted.
 */
export async function setVehicleReleases(
  dealerId: string,
  vehicleId: string,
  changes: Readonly<Record<string, boolean>>,
  deps: SetVehicleReleasesDeps,
): Promise<Vehicle> {
  return changeVehicle(dealerId, vehicleId, deps.vehicles, async (current) => {
    // Checked once the vehicle is known to be the caller's: another dealer's vehicle is a 404.
    const exportIds = new Set((await deps.exports.listExports(dealerId)).map((exp) => exp.exportId));
    const unknown = Object.keys(changes).filter((exportId) => !exportIds.has(exportId));
    if (unknown.length > 0) throw unknownExports(unknown);
    // The dealer decides now: a pending delayed auto-release no longer applies.
    const { releaseDueAt: _pending, ...decided } = current;
    const next: Vehicle = {
      ...decided,
      releases: { ...current.releases, ...changes },
      version: current.version + 1,
      updatedAt: deps.clock.now().toISOString(),
    };
    return settle(await deps.vehicles.replaceVehicle(dealerId, current, next), current.internalNumber, next);
  });
}
