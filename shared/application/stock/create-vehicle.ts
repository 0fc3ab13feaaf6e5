import { newId } from '../../domain/ids';
import type { Vehicle, VehicleInput } from '../../domain/vehicle';
import { duplicateInternalNumber, importRunning } from '../../domain/vehicle-errors';
import { newVehicleReleases, type NewVehicleReleasesDeps } from './new-vehicle-releases';
import type { Clock } from '../ports';
import type { VehicleStore } from './stock-ports';

export interface CreateVehicleDeps extends NewVehicleReleasesDeps {
  readonly vehicles: VehicleStore;
  readonly clock: Clock;
}

/** A new vehicle in the dealer's stock: version 1, released (now or later) per the dealer's auto-release. */
export async function createVehicle(
  dealerId: string,
  input: VehicleInput,
  deps: CreateVehicleDeps,
): Promise<Vehicle> {
  const now = deps.clock.now();
  const vehicle: Vehicle = {
    ...input,
    vehicleId: newId('veh', now),
    version: 1,
    ...(await newVehicleReleases(dealerId, deps, now)),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const outcome = await deps.vehicles.createVehicle(dealerId, vehicle);
  if (outcome === 'locked') throw importRunning();
  // A fresh id cannot be stale: any other failure is a taken internal number.
  if (outcome !== 'written') throw duplicateInternalNumber(input.internalNumber);
  return vehicle;
}
