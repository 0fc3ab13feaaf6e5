import type { ListingContext } from '../../../application/delta/listing-connector';
import { ListingRejectedError } from '../../../domain/errors';
import type { Vehicle } from '../../../domain/vehicle';
import {
  bodyColorId,
  bodyType,
  ELECTRICITY_FUEL_TYPE,
  equipmentIdsOf,
  fuelCategory,
  makeModelIds,
  primaryFuelType,
  transmission,
} from './reference-data';

/**
 * What toPayload returns: the LCA-NG listing body of platforms.md §3.3, except that `images` are
 * the dealer's URLs; the connector turns them into uploaded image ids when it sends (images.ts),
 * so the payload (and its hash) stays pure.
 */
export interface AutoScout24ListingPayload {
  readonly vehicleType: 'C';
  readonly offerType: 'U' | 'N';
  readonly availability: { readonly availabilityType: 1 };
  readonly make: number;
  readonly model: number;
  readonly modelVersion?: string;
  readonly firstRegistrationDate?: string;
  readonly mileage?: number;
  readonly power?: number;
  readonly cylinderCapacity?: number;
  readonly primaryFuelType?: number;
  readonly additionalFuelTypes?: readonly number[];
  readonly fuelCategory: string;
  readonly transmission: string;
  readonly bodyType: number;
  readonly bodyColor?: number;
  readonly bodyColorName?: string;
  readonly vin?: string;
  /** Our internal number: how the connector finds the listing again (§3.2 listing summaries). */
  readonly offerReferenceId: string;
  readonly prices: {
    readonly public: {
      readonly price: number;
      readonly currency: 'EUR';
      readonly isNegotiable: false;
      readonly isTaxDeductible: boolean;
    };
  };
  readonly description?: string;
  readonly equipment?: readonly number[];
  readonly images: readonly { readonly url: string }[];
  readonly publication: { readonly status: 'Active'; readonly channels: readonly { readonly id: 'AS24' }[] };
}

/** Canonical vehicle → LCA-NG body (README.md "Mapping"). Pure: same input, same output. */
export function toAutoScout24Listing(vehicle: Vehicle, context: ListingContext): AutoScout24ListingPayload {
  const ids = makeModelIds(vehicle.make, vehicle.model);
  if (!ids)
    throw unmappable('UNKNOWN_MAKE', `AutoScout24 has no make "${vehicle.make}" in our reference table.`);
  if (ids.model === undefined) {
    throw unmappable(
      'UNKNOWN_MODEL',
      `AutoScout24 has no model "${vehicle.model}" of ${vehicle.make} in our reference table.`,
    );
  }
  const fuelType = primaryFuelType[vehicle.fuel];
  const hybrid = vehicle.fuel === 'hybrid-petrol' || vehicle.fuel === 'hybrid-diesel';
  const color = vehicle.exteriorColor === undefined ? undefined : bodyColorId(vehicle.exteriorColor);
  const equipment = equipmentIdsOf(vehicle.equipment ?? []);
  const description = descriptionOf(vehicle.description, context.contactEmail);
  return {
    vehicleType: 'C',
    offerType: vehicle.condition === 'new' ? 'N' : 'U',
    availability: { availabilityType: 1 },
    make: ids.make,
    model: ids.model,
    ...(vehicle.modelDescription ? { modelVersion: vehicle.modelDescription } : {}),
    ...(vehicle.firstRegistration ? { firstRegistrationDate: vehicle.firstRegistration } : {}),
    ...(vehicle.mileageKm === undefined ? {} : { mileage: vehicle.mileageKm }),
    ...(vehicle.powerKw === undefined ? {} : { power: vehicle.powerKw }),
    ...(vehicle.cubicCapacityCcm === undefined ? {} : { cylinderCapacity: vehicle.cubicCapacityCcm }),
    ...(fuelType === undefined ? {} : { primaryFuelType: fuelType }),
    ...(hybrid ? { additionalFuelTypes: [ELECTRICITY_FUEL_TYPE] } : {}),
    fuelCategory: fuelCategory[vehicle.fuel],
    transmission: transmission[vehicle.gearbox],
    bodyType: bodyType[vehicle.category],
    ...(color === undefined ? {} : { bodyColor: color }),
    ...(vehicle.exteriorColor ? { bodyColorName: vehicle.exteriorColor } : {}),
    ...(vehicle.vin ? { vin: vehicle.vin } : {}),
    offerReferenceId: vehicle.internalNumber,
    prices: {
      public: {
        // §3.3: an integer gross price; our cents are rounded (AutoScout24 shows whole euros).
        price: Math.round(Number(vehicle.price.gross)),
        currency: 'EUR',
        isNegotiable: false,
        isTaxDeductible: vehicle.price.vatRate != null,
      },
    },
    ...(description ? { description } : {}),
    ...(equipment.length > 0 ? { equipment } : {}),
    images: (vehicle.images ?? []).slice(0, Math.max(0, context.maxImages)).map(({ url }) => ({ url })),
    publication: { status: 'Active', channels: [{ id: 'AS24' }] },
  };
}

/** The dealer's text, then the contact e-mail on a last line of its own (PRODUCT.md §1: in every listing). */
function descriptionOf(text: string | undefined, contactEmail: string | null): string | undefined {
  const lines = [text?.trim(), contactEmail ? `E-Mail: ${contactEmail}` : undefined].filter(Boolean);
  return lines.length > 0 ? lines.join('\n\n') : undefined;
}

function unmappable(code: string, text: string): ListingRejectedError {
  return new ListingRejectedError(text, [{ severity: 'error', code, text }]);
}
