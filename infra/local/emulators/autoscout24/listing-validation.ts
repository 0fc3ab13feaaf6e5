import { emulatedMakes, emulatedReferences } from './reference-data';

/** One validation finding; the shape on the wire is chosen by `errorShape` (responses.ts). */
export interface ValidationIssue {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export interface ImageLookup {
  /** True when the customer uploaded an image with this id. */
  readonly knows: (imageId: string) => boolean;
  /** Whether `{url}` images are taken as they are (not in platforms.md: an emulator switch). */
  readonly acceptUrls: boolean;
}

const MAX_IMAGES = 100;
type Body = Record<string, unknown>;

/**
 * The listing body rules of platforms.md §3.3: mandatory `availability.availabilityType` (C-2FAST:
 * "otherwise 400"), integer make/model ids that belong together (legacy 50030/50040), YYYY-MM dates,
 * the reference enums, an integer gross price. Required fields beyond those are not known (§5.7).
 */
export function validateListing(body: unknown, images: ImageLookup): ValidationIssue[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return [{ field: 'body', code: 'invalid-body', message: 'The body must be a JSON object' }];
  }
  const listing = body as Body;
  return [
    ...oneOf(listing, 'vehicleType', ['C'], true),
    ...oneOf(listing, 'offerType', emulatedReferences.offerType, true),
    ...availability(listing.availability),
    ...makeAndModel(listing),
    ...month(listing, 'firstRegistrationDate', listing.offerType !== 'N'),
    ...month(listing, 'nextInspectionDate', false),
    ...integer(listing, 'mileage', 0),
    ...integer(listing, 'power', 1),
    ...oneOf(listing, 'fuelCategory', emulatedReferences.fuelCategory, false),
    ...oneOf(listing, 'transmission', emulatedReferences.transmission, false),
    ...oneOf(listing, 'bodyType', emulatedReferences.bodyType, false),
    ...oneOf(listing, 'bodyColor', emulatedReferences.bodyColor, false),
    ...price(listing.prices),
    ...publication(listing.publication),
    ...imageList(listing.images, images),
  ];
}

function mandatory(field: string): ValidationIssue {
  return { field, code: 'field-mandatory', message: `Field ${field} is mandatory` };
}

function invalid(field: string, expected: string): ValidationIssue {
  return { field, code: 'invalid-value', message: `Field ${field} must be ${expected}` };
}

function oneOf(
  body: Body,
  field: string,
  allowed: readonly (string | number)[],
  required: boolean,
): ValidationIssue[] {
  const value = body[field];
  if (value === undefined || value === null) return required ? [mandatory(field)] : [];
  return allowed.includes(value as string | number) ? [] : [invalid(field, `one of ${allowed.join(', ')}`)];
}

function integer(body: Body, field: string, min: number): ValidationIssue[] {
  const value = body[field];
  if (value === undefined || value === null) return [];
  return Number.isInteger(value) && (value as number) >= min ? [] : [invalid(field, `an integer >= ${min}`)];
}

function month(body: Body, field: string, required: boolean): ValidationIssue[] {
  const value = body[field];
  if (value === undefined || value === null) return required ? [mandatory(field)] : [];
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)
    ? []
    : [invalid(field, 'a month as YYYY-MM')];
}

function availability(value: unknown): ValidationIssue[] {
  const field = 'availability.availabilityType';
  if (!value || typeof value !== 'object') return [mandatory(field)];
  const { availabilityType, deliveryDate, deliveryDays } = value as Body;
  if (availabilityType === undefined) return [mandatory(field)];
  if (![1, 2, 3].includes(availabilityType as number)) return [invalid(field, 'one of 1, 2, 3')];
  if (availabilityType === 2 && deliveryDate === undefined) return [mandatory('availability.deliveryDate')];
  if (availabilityType === 3 && deliveryDays === undefined) return [mandatory('availability.deliveryDays')];
  return [];
}

function makeAndModel(body: Body): ValidationIssue[] {
  const { make, model } = body;
  if (make === undefined) return [mandatory('make')];
  const known = Number.isInteger(make) ? emulatedMakes.get(make as number) : undefined;
  if (!known) return [{ field: 'make', code: 'invalid-make', message: 'Field make is not a known make id' }];
  if (model === undefined) return [mandatory('model')];
  if (!Number.isInteger(model) || !known.models.has(model as number)) {
    return [
      {
        field: 'model',
        code: 'model-make-mismatch',
        message: 'Field model does not correspond to field make',
      },
    ];
  }
  return [];
}

function price(value: unknown): ValidationIssue[] {
  const pub = value && typeof value === 'object' ? (value as Body).public : undefined;
  if (!pub || typeof pub !== 'object') return [mandatory('prices.public.price')];
  const { price: amount, currency } = pub as Body;
  if (amount === undefined) return [mandatory('prices.public.price')];
  if (!Number.isInteger(amount) || (amount as number) < 0) {
    return [invalid('prices.public.price', 'a non-negative integer (gross)')];
  }
  return currency === undefined || currency === 'EUR' ? [] : [invalid('prices.public.currency', 'EUR')];
}

function publication(value: unknown): ValidationIssue[] {
  if (value === undefined) return [];
  if (!value || typeof value !== 'object') return [invalid('publication', 'an object')];
  return oneOf(value as Body, 'status', emulatedReferences.publicationStatus, true).map((issue) => ({
    ...issue,
    field: `publication.${issue.field}`,
  }));
}

function imageList(value: unknown, images: ImageLookup): ValidationIssue[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [invalid('images', 'an array')];
  if (value.length > MAX_IMAGES) {
    return [{ field: 'images', code: 'image-limit', message: 'Image number limit exceeded' }];
  }
  return value.flatMap((image: unknown, index) => {
    const field = `images[${index}]`;
    const { id, url } = (image && typeof image === 'object' ? image : {}) as Body;
    if (typeof id === 'string') {
      return images.knows(id) ? [] : [{ field, code: 'image-not-found', message: `Unknown image id ${id}` }];
    }
    if (typeof url === 'string' && images.acceptUrls) return [];
    return [invalid(field, images.acceptUrls ? '{"id"} or {"url"}' : '{"id"} of an uploaded image')];
  });
}
