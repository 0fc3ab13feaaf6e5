import * as z from 'zod';

const IdSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/**
 * One customer of `GET /customers` (platforms.md §3.1): `id` is the customerId that goes into
 * paths; `sellId` is the number the dealer sees. Loose: fields we do not use may change.
 */
export const AutoScout24CustomerSchema = z.looseObject({
  id: IdSchema,
  sellId: IdSchema.nullish(),
  companyName: z.string().nullish(),
});
export type AutoScout24Customer = z.infer<typeof AutoScout24CustomerSchema>;

/** `200 {"customers":[…]}` (platforms.md §3.2). */
export const AutoScout24CustomersSchema = z.looseObject({ customers: z.array(AutoScout24CustomerSchema) });
