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

/** One `{key, message, args}` entry of `errors[]` or `warnings[]` (platforms.md §1.6, §1.8). */
export const MobileDeIssueSchema = z.looseObject({
  key: z.string(),
  message: z.string().optional(),
  args: z.array(z.looseObject({ key: z.string(), value: z.unknown() })).optional(),
});
export type MobileDeIssue = z.infer<typeof MobileDeIssueSchema>;

/** `400 {"errors":[…]}` (§1.8, first shape). */
export const MobileDeErrorsSchema = z.looseObject({ errors: z.array(MobileDeIssueSchema).min(1) });

/** A 2xx ad answer: maybe empty, maybe `{"warnings":[…]}` (§1.6: warnings are no error). */
export const MobileDeWarningsSchema = z
  .looseObject({ warnings: z.array(MobileDeIssueSchema).optional() })
  .optional()
  .transform((body) => body?.warnings ?? []);

/** `POST /seller-api/images` → `{"ref":"…"}` (§1.4 #7; clients read only `ref`). */
export const MobileDeImageRefSchema = z.looseObject({ ref: z.string().min(1) });

/**
 * What create and update read back from a payload of mapper.ts (the port types it `unknown`):
 * the ad fields as they are, and the image URLs to upload.
 */
export const MobileDeAdPayloadSchema = z.looseObject({
  images: z.array(z.object({ url: z.string() })).default([]),
});
