import type { Vehicle, VehicleInput } from './vehicle';

/** The fields a dealer supplies; everything else on a vehicle is kept by the system. */
const inputKeys = [
  'internalNumber',
  'vin',
  'condition',
  'category',
  'make',
  'model',
  'modelDescription',
  'firstRegistration',
  'mileageKm',
  'powerKw',
  'cubicCapacityCcm',
  'fuel',
  'gearbox',
  'exteriorColor',
  'damageUnrepaired',
  'price',
  'description',
  'equipment',
  'images',
] as const satisfies readonly (keyof VehicleInput)[];

/** The dealer-supplied part of a stored vehicle. */
export function vehicleInputOf(vehicle: Vehicle): VehicleInput {
  const input: Record<string, unknown> = {};
  for (const key of inputKeys) if (vehicle[key] !== undefined) input[key] = vehicle[key];
  return input as VehicleInput;
}

/**
 * Whether two inputs describe the same vehicle, independent of key order and of absent versus
 * undefined fields. An import writes nothing for a vehicle whose content is the same, so the
 * stream stays quiet and no export is touched.
 */
export function sameVehicleContent(a: VehicleInput, b: VehicleInput): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner)
            .filter(([, field]) => field !== undefined)
            .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)),
        )
      : inner,
  );
}
