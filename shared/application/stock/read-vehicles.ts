import { NotFoundError } from '../../domain/errors';
import type { Vehicle } from '../../domain/vehicle';
import type { Page, VehicleStore } from './stock-ports';

/** One vehicle of the dealer; another dealer's vehicle is not found, like an unknown one. */
export async function getVehicle(
  dealerId: string,
  vehicleId: string,
  deps: { readonly vehicles: VehicleStore },
): Promise<Vehicle> {
  const vehicle = await deps.vehicles.getVehicle(dealerId, vehicleId);
  if (!vehicle) throw new NotFoundError('vehicle');
  return vehicle;
}

export async function listVehicles(
  dealerId: string,
  page: { limit: number; cursor?: string },
  deps: { readonly vehicles: VehicleStore },
): Promise<Page<Vehicle>> {
  return deps.vehicles.listVehicles(dealerId, page);
}
