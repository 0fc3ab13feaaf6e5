import { systemFieldsOf, type Vehicle, type VehicleInput } from '../../domain/vehicle';
import { changeVehicle, settle } from './change-vehicle';
import type { Clock } from '../ports';
import type { VehicleStore } from './stock-ports';

export interface ReplaceVehicleDeps {
  readonly vehicles: VehicleStore;
  readonly clock: Clock;
}

/** Full replace of the dealer's fields; releases (a pending one too) and createdAt are kept, the version goes up. */
export async function replaceVehicle(
  dealerId: string,
  vehicleId: string,
  input: VehicleInput,
  deps: ReplaceVehicleDeps,
): Promise<Vehicle> {
  return changeVehicle(dealerId, vehicleId, deps.vehicles, async (current) => {
    const next: Vehicle = {
      ...input,
      ...systemFieldsOf(current),
      version: current.version + 1,
      updatedAt: deps.clock.now().toISOString(),
    };
    return settle(await deps.vehicles.replaceVehicle(dealerId, current, next), input.internalNumber, next);
  });
}
