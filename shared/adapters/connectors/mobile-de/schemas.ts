import * as z from 'zod';

/**
 * What we read from the Seller-API. Loose objects: fields we do not use may come and go. Ids are
 * strings (platforms.md §1.2: ids grow); a number is accepted and kept as its digits.
 */
const IdSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/** One seller of `GET /seller-api/sellers` (platforms.md §1.5, Seller object). */
export const MobileDeSellerSchema = z.looseObject({
  mobileSellerId: IdSchema,
  customerNumber: IdSchema.optional(),
  companyName: z.string().optional(),
});
export type MobileDeSeller = z.infer<typeof MobileDeSellerSchema>;

/** `200 {"sellers":[Seller…]}` (platforms.md §1.4 #1). */
export const MobileDeSellersSchema = z.looseObject({ sellers: z.array(MobileDeSellerSchema) });
