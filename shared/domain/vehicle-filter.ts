import * as z from 'zod';
import { MoneySchema, categories, conditions, fuels, type Vehicle } from './vehicle';

/** Which released vehicles a custom app exports; every given criterion must hold. */
export const VehicleFilterSchema = z
  .strictObject({
    conditions: z.array(z.enum(conditions)).min(1).optional(),
    categories: z.array(z.enum(categories)).min(1).optional(),
    fuels: z.array(z.enum(fuels)).min(1).optional(),
    minPriceGross: MoneySchema.optional(),
    maxPriceGross: MoneySchema.optional(),
  })
  .superRefine((filter, context) => {
    if (
      filter.minPriceGross &&
      filter.maxPriceGross &&
      cents(filter.minPriceGross) > cents(filter.maxPriceGross)
    ) {
      context.addIssue({
        code: 'custom',
        path: ['maxPriceGross'],
        message: 'must not be below minPriceGross',
      });
    }
  });
export type VehicleFilter = z.infer<typeof VehicleFilterSchema>;

/** Money strings have exactly two places, so cents are exact integers. */
function cents(money: string): number {
  return Number(money.replace('.', ''));
}

export function matchesFilter(vehicle: Vehicle, filter: VehicleFilter | undefined): boolean {
  if (!filter) return true;
  const price = cents(vehicle.price.gross);
  return (
    (!filter.conditions || filter.conditions.includes(vehicle.condition)) &&
    (!filter.categories || filter.categories.includes(vehicle.category)) &&
    (!filter.fuels || filter.fuels.includes(vehicle.fuel)) &&
    (!filter.minPriceGross || price >= cents(filter.minPriceGross)) &&
    (!filter.maxPriceGross || price <= cents(filter.maxPriceGross))
  );
}
