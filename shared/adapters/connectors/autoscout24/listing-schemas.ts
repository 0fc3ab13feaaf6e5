import * as z from 'zod';

const IdSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/** A create or update answer: `{"id"}` (C-2FAST) or `{"listingId"}` (C-AS24-PY), platforms.md §3.2. */
export const ListingAnswerSchema = z.looseObject({ id: IdSchema.optional(), listingId: IdSchema.optional() });

/** `GET /customers/{id}/listings` summaries (§3.2); only what the lookup needs. */
export const ListingSummariesSchema = z.looseObject({
  listings: z.array(z.looseObject({ id: IdSchema, offerReferenceId: z.string().nullish() })),
});

/** One page of summaries: `pageSize`/`page` are honoured by the emulator, maybe ignored by LCA-NG (§3.2). */
export const ListingSummaryPageSchema = z.looseObject({
  listings: z.array(z.looseObject({ id: IdSchema, offerReferenceId: z.string().nullish().catch(undefined) })),
});

/** `GET /customers/{id}/listings/{listingId}`: what the inventory match reads of a full listing (§3.3). */
export const ListingDetailSchema = z.looseObject({
  id: IdSchema,
  offerReferenceId: z.string().nullish().catch(undefined),
  vin: z.string().nullish().catch(undefined),
  make: z.number().int().optional().catch(undefined),
  model: z.number().int().optional().catch(undefined),
  modelName: z.string().optional().catch(undefined),
  modelVersion: z.string().optional().catch(undefined),
});
export type ListingDetail = z.infer<typeof ListingDetailSchema>;

/** `POST /customers/{id}/images` → `{"id"}` (§3.2). */
export const ImageUploadedSchema = z.looseObject({ id: IdSchema });

/**
 * Error bodies, every shape §3.4 names (the real one is not verified): a list
 * `{"errors":[{code,message,field}]}`, a map `{"errors":{field:[messages]}}`, and top-level
 * `message|title|detail|error`. Anything else reads as no messages.
 */
const ErrorItemSchema = z.looseObject({
  code: z.union([z.string(), z.number()]).optional(),
  key: z.string().optional(),
  message: z.string().optional(),
  detail: z.string().optional(),
  field: z.string().optional(),
});
export const ErrorBodySchema = z.looseObject({
  errors: z
    .union([z.array(ErrorItemSchema), z.record(z.string(), z.union([z.array(z.string()), z.string()]))])
    .optional(),
  message: z.string().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  error: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** What create/update read from the payload toPayload made (mapper.ts); the rest is sent as it is. */
export const ListingPayloadSchema = z.looseObject({
  offerReferenceId: z.string().min(1),
  images: z.array(z.looseObject({ url: z.string() })).default([]),
});
