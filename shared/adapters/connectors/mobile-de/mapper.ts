import type { ListingContext } from '../../../application/delta/listing-connector';
import { ListingRejectedError } from '../../../domain/errors';
import type { Vehicle } from '../../../domain/vehicle';
import { bookingFields, type BookingOptions } from './bookings';
import { categoryKeys, colourKey, equipmentFields, fuelKeys, gearboxKeys, makeKey } from './reference-data';

/** §1.5: the title field holds at most 48 characters. */
export const MODEL_DESCRIPTION_MAX = 48;
/** §1.5 "Textformatting": two backslashes are a line break in mobile.de's description markup. */
export const LINE_BREAK = '\\\\';

/**
 * The Ad JSON (platforms.md §1.5, §1.6) for one vehicle, except that `images` carries the image
 * URLs: refs exist only after an upload, and this payload must be pure (its hash decides whether
 * anything is sent). The listing client swaps the URLs for uploaded refs right before sending.
 */
export function toMobileDeAd(
  vehicle: Vehicle,
  context: ListingContext,
  bookings: BookingOptions,
): Record<string, unknown> {
  const make = makeKey(vehicle.make);
  if (!make) {
    throw new ListingRejectedError(`mobile.de knows no make "${vehicle.make}"`, [
      {
        severity: 'error',
        code: 'UNKNOWN_MAKE',
        text: `mobile.de has no reference key for the make "${vehicle.make}". Use the make's usual name, e.g. "Volkswagen" or "Mercedes-Benz".`,
      },
    ]);
  }
  const colour = vehicle.exteriorColor === undefined ? undefined : colourKey(vehicle.exteriorColor);
  const description = adDescription(vehicle.description, context.contactEmail);
  return {
    vehicleClass: 'Car',
    category: categoryKeys[vehicle.category],
    make,
    // §1.5: model keys are case-sensitive refdata keys; our model text is sent as it is and a
    // mismatch comes back as the platform's `invalid-reference-data-value`.
    model: vehicle.model.trim(),
    modelDescription: modelDescription(vehicle),
    condition: vehicle.condition === 'new' ? 'NEW' : 'USED',
    ...optional('firstRegistration', vehicle.firstRegistration?.replace('-', '')),
    ...optional('mileage', vehicle.mileageKm),
    ...optional('power', vehicle.powerKw),
    ...optional('cubicCapacity', vehicle.cubicCapacityCcm),
    fuel: fuelKeys[vehicle.fuel],
    gearbox: gearboxKeys[vehicle.gearbox],
    ...optional('exteriorColor', colour),
    // §1.7 `damageunrepaired-empty`: mandatory, so an unknown state is sent as "no damage".
    damageUnrepaired: vehicle.damageUnrepaired ?? false,
    internalNumber: vehicle.internalNumber,
    ...optional('vin', vehicle.vin),
    ...optional('description', description),
    price: {
      consumerPriceGross: vehicle.price.gross,
      // §1.5: a vatRate marks the car VAT-deductible; none means margin taxation (§25a UStG).
      ...optional('vatRate', vehicle.price.vatRate ?? undefined),
      type: 'FIXED',
      currency: vehicle.price.currency,
    },
    ...equipment(vehicle.equipment ?? []),
    ...bookingFields(context.bookings, bookings),
    images: (vehicle.images ?? []).slice(0, Math.max(0, context.maxImages)).map(({ url }) => ({ url })),
  };
}

/** The dealer's title, else make and model; cut at a word boundary to fit 48 characters. */
export function modelDescription(vehicle: Pick<Vehicle, 'make' | 'model' | 'modelDescription'>): string {
  const text = (vehicle.modelDescription?.trim() || `${vehicle.make} ${vehicle.model}`).replace(/\s+/g, ' ');
  if (text.length <= MODEL_DESCRIPTION_MAX) return text;
  const cut = text.slice(0, MODEL_DESCRIPTION_MAX + 1);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : text.slice(0, MODEL_DESCRIPTION_MAX)).trimEnd();
}

/** The dealer's text with line breaks in mobile.de markup, and "Anfragen an: <e-mail>" as last line. */
export function adDescription(text: string | undefined, contactEmail: string | null): string | undefined {
  const lines = (text ?? '').trim() === '' ? [] : [text!.trim().replace(/\r?\n/g, LINE_BREAK)];
  if (contactEmail) lines.push(`Anfragen an: ${contactEmail}`);
  return lines.length > 0 ? lines.join(LINE_BREAK) : undefined;
}

function equipment(names: readonly string[]): Record<string, true> {
  const fields: Record<string, true> = {};
  for (const name of names) {
    const field = equipmentFields[name.trim().toLowerCase()];
    if (field) fields[field] = true;
  }
  return fields;
}

function optional<Key extends string, Value>(
  key: Key,
  value: Value | undefined,
): Partial<Record<Key, Value>> {
  return value === undefined ? {} : ({ [key]: value } as Record<Key, Value>);
}
