import { NotFoundError } from '../../domain/errors';
import type { Vehicle } from '../../domain/vehicle';
import { duplicateInternalNumber, importRunning, versionConflict } from '../../domain/vehicle-errors';
import type { VehicleStore, WriteOutcome } from './stock-ports';

/** Returned by an attempt whose conditional write lost against a concurrent change. */
export const stale = Symbol('stale');

const attempts = 3;

/**
 * Read-modify-write with optimistic concurrency. Every write is conditional on the version that
 * was read; when another request changed the vehicle in between, the attempt is made again on the
 * fresh state (the routes take no version from the client, so their intent — "make it this" —
 * still holds). After three lost races the caller gets 409 VERSION_CONFLICT.
 */
export async function changeVehicle<Result>(
  dealerId: string,
  vehicleId: string,
  vehicles: VehicleStore,
  attempt: (current: Vehicle) => Promise<Result | typeof stale>,
): Promise<Result> {
  for (let round = 0; round < attempts; round++) {
    const current = await vehicles.getVehicle(dealerId, vehicleId);
    if (!current) throw new NotFoundError('vehicle');
    const result = await attempt(current);
    if (result !== stale) return result;
  }
  throw versionConflict();
}

/** `result` when written, `stale` to try again; a taken number or a running import is final. */
export function settle<Result>(
  outcome: WriteOutcome,
  internalNumber: string,
  result: Result,
): Result | typeof stale {
  if (outcome === 'duplicate') throw duplicateInternalNumber(internalNumber);
  if (outcome === 'locked') throw importRunning();
  return outcome === 'written' ? result : stale;
}
