/**
 * Additional bookings (top ad, eye catcher, ...). platforms.md §1.10 / §5 item 2: mobile.de has
 * bookable ad features (type names `BookableFeatures`, `AdFeature`), but neither the endpoint nor
 * the JSON field nor the values are known. Until the Swagger docs are readable we follow §1.10's
 * marked guess: an `Ad.features` array in the ad body. This file is the one place to change.
 */
export interface BookingOptions {
  /** The ad field that carries the bookings. Default `features` [INFERRED]. */
  readonly field: string;
  /** Our booking name → the platform's value; names not here are not sent. */
  readonly values: Readonly<Record<string, string>>;
}

export const defaultBookingOptions: BookingOptions = {
  field: 'features',
  values: {
    TOP_AD: 'TOP_AD',
    EYE_CATCHER: 'EYE_CATCHER',
    PAGE_ONE_AD: 'PAGE_ONE_AD',
    DAY_OFFER: 'DAY_OFFER',
  },
};

/**
 * The ad fields for the bookings: nothing when there are none (PUT replaces the whole ad, so a
 * booking the dealer dropped is dropped on the platform too [INFERRED]).
 */
export function bookingFields(
  bookings: readonly string[],
  options: BookingOptions,
): Record<string, string[]> {
  const values = [
    ...new Set(bookings.map((booking) => options.values[booking]).filter((v) => v !== undefined)),
  ];
  return values.length > 0 ? { [options.field]: values.sort() } : {};
}
