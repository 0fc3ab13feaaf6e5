import type { Vehicle } from '../../domain/vehicle';

/** Keys and item shapes of the Stock table; the key table is documented in stock-table.ts. */
export const stockKeys = {
  dealer: (dealerId: string) => `DEALER#${dealerId}`,
  vehicle: (vehicleId: string) => `VEHICLE#${vehicleId}`,
  vehiclePrefix: 'VEHICLE#',
  internalNumber: (internalNumber: string) => `INTERNAL#${internalNumber}`,
  guardPrefix: 'INTERNAL#',
  profile: 'PROFILE',
  importLease: 'IMPORT_LEASE',
  /** The ids back from a vehicle item's keys. */
  parseVehicleKeys(pk: string, sk: string): { dealerId: string; vehicleId: string } | undefined {
    if (!pk.startsWith('DEALER#') || !sk.startsWith('VEHICLE#')) return undefined;
    return { dealerId: pk.slice('DEALER#'.length), vehicleId: sk.slice('VEHICLE#'.length) };
  },
};

/**
 * A vehicle waiting for a delayed auto-release also carries the partition key of the sparse
 * `releaseDue` index (sorted by its `releaseDueAt`); every write of the vehicle sets or drops it
 * with the vehicle's own field, so the index never disagrees with the vehicles.
 */
export const RELEASE_DUE = 'RELEASE_DUE';

export function vehicleItem(dealerId: string, vehicle: Vehicle): Record<string, unknown> {
  return {
    pk: stockKeys.dealer(dealerId),
    sk: stockKeys.vehicle(vehicle.vehicleId),
    dealerId,
    ...(vehicle.releaseDueAt ? { releaseDuePk: RELEASE_DUE } : {}),
    ...vehicle,
  };
}

export function guardItem(
  dealerId: string,
  internalNumber: string,
  vehicleId: string,
): Record<string, unknown> {
  return { pk: stockKeys.dealer(dealerId), sk: stockKeys.internalNumber(internalNumber), vehicleId };
}

/** Drops the storage attributes so the zod schema sees only the domain fields. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, dealerId: _dealerId, releaseDuePk: _releaseDue, ...rest } = item;
  return rest;
}
