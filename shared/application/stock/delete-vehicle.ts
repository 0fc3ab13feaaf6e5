import { changeVehicle, settle } from './change-vehicle';
import type { VehicleStore } from './stock-ports';

/** The vehicle leaves the stock (sold or removed); the stream turns that into listing deletions. */
export async function deleteVehicle(
  dealerId: string,
  vehicleId: string,
  deps: { readonly vehicles: VehicleStore },
): Promise<void> {
  await changeVehicle(dealerId, vehicleId, deps.vehicles, async (current) =>
    settle(await deps.vehicles.deleteVehicle(dealerId, current), current.internalNumber, undefined),
  );
}
