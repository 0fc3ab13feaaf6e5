import * as z from 'zod';

/** Canonical vehicle of the contract (API.md "Vehicle stock"); connectors map it per platform. */
export const conditions = ['new', 'used'] as const;
export const categories = [
  'small',
  'limousine',
  'estate',
  'cabrio',
  'sports',
  'suv',
  'van',
  'other',
] as const;
export const fuels = [
  'petrol',
  'diesel',
  'electric',
  'hybrid-petrol',
  'hybrid-diesel',
  'lpg',
  'cng',
  'hydrogen',
  'other',
] as const;
export const gearboxes = ['manual', 'semi-automatic', 'automatic'] as const;

/** Money as a decimal string with two places, e.g. "24990.00". */
export const MoneySchema = z
  .string()
  .regex(/^\d{1,10}\.\d{2}$/, 'a decimal string with two places, e.g. "24990.00"');
/** A month, e.g. "2019-03". */
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

export const PriceSchema = z.object({
  gross: MoneySchema,
  currency: z.literal('EUR'),
  /** Absent or null: margin-taxed (not VAT-deductible). */
  vatRate: z
    .string()
    .regex(/^\d{1,2}\.\d{2}$/, 'a rate like "19.00"')
    .nullable()
    .optional(),
});

export const VehicleInputSchema = z
  .object({
    internalNumber: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, '1 to 40 of A-Z, a-z, 0-9, _ and -'),
    vin: z
      .string()
      .regex(/^[A-HJ-NPR-Z0-9]{17}$/, '17 characters, no I, O or Q')
      .optional(),
    condition: z.enum(conditions),
    category: z.enum(categories),
    make: z.string().min(1).max(60),
    model: z.string().min(1).max(60),
    modelDescription: z.string().max(200).optional(),
    firstRegistration: MonthSchema.optional(),
    mileageKm: z.number().int().min(0).max(5_000_000).optional(),
    powerKw: z.number().int().min(1).max(2000).optional(),
    cubicCapacityCcm: z.number().int().min(1).max(20_000).optional(),
    fuel: z.enum(fuels),
    gearbox: z.enum(gearboxes),
    exteriorColor: z.string().min(1).max(40).optional(),
    damageUnrepaired: z.boolean().optional(),
    price: PriceSchema,
    description: z.string().max(20_000).optional(),
    equipment: z.array(z.string().min(1).max(60)).max(300).optional(),
    images: z
      .array(z.object({ url: z.url({ protocol: /^https?$/ }) }))
      .max(100)
      .optional(),
  })
  .superRefine((vehicle, context) => {
    if (vehicle.condition !== 'used') return;
    for (const field of ['firstRegistration', 'mileageKm'] as const) {
      if (vehicle[field] === undefined) {
        context.addIssue({ code: 'custom', path: [field], message: `required when condition is "used"` });
      }
    }
  });
export type VehicleInput = z.infer<typeof VehicleInputSchema>;

/** A stored vehicle: the input plus what the system keeps. */
export const VehicleSchema = z.intersection(
  VehicleInputSchema,
  z.object({
    vehicleId: z.string(),
    version: z.number().int().min(1),
    /** Per export: may the vehicle be listed there. */
    releases: z.record(z.string(), z.boolean()),
    /**
     * When the dealer's delayed auto-release (`releaseDelayDays`) releases the vehicle; gone once
     * it did, or once the dealer set the vehicle's releases.
     */
    releaseDueAt: z.iso.datetime().optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  }),
);
export type Vehicle = z.infer<typeof VehicleSchema>;

/** What the system keeps of a vehicle across a change of the dealer's fields. */
export function systemFieldsOf(
  vehicle: Vehicle,
): Pick<Vehicle, 'vehicleId' | 'releases' | 'releaseDueAt' | 'createdAt'> {
  return {
    vehicleId: vehicle.vehicleId,
    releases: vehicle.releases,
    ...(vehicle.releaseDueAt ? { releaseDueAt: vehicle.releaseDueAt } : {}),
    createdAt: vehicle.createdAt,
  };
}
