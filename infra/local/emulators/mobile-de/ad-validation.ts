import {
  carModels,
  categories,
  colors,
  conditions,
  features,
  fuels,
  gearboxes,
  makeOfModel,
  priceTypes,
} from './refdata';

/** One entry of `errors[]` or `warnings[]` (platforms.md §1.6, §1.8: key, message, args). */
export interface AdIssue {
  readonly key: string;
  readonly message: string;
  readonly args: readonly { key: string; value: string }[];
}

export interface AdValidation {
  readonly errors: readonly AdIssue[];
  readonly warnings: readonly AdIssue[];
}

const decimal = /^\d{1,10}\.\d{2}$/;
// A German phone number: +49 or a leading 0, then at least 7 more digits ("A 180 1595" is not one).
const phone = /(\+49|\b0)\d{2,5}[\s/-]?\d{4,}/;
const email = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;
const url = /(https?:\/\/|www\.)\S+|\b\S+\.(de|com|net|org|eu)\b/i;

/**
 * The emulator's reading of platforms.md §1.5 (mandatory fields for Car), §1.7 (error keys) and
 * §1.12 item 4. Keys from §1.7 where one is listed; `invalid-value`, `not-a-number`,
 * `field-too-long`, `first-registration-in-future`, `invalid-vin` are C-RELLER's inferred keys.
 */
export function validateAd(
  body: unknown,
  options: { readonly imageKnown: (ref: string) => boolean; readonly now: Date },
): AdValidation {
  const errors: AdIssue[] = [];
  const warnings: AdIssue[] = [];
  const fail = (key: string, path: string, message: string, value?: unknown): void => {
    errors.push(issue(key, path, message, value));
  };
  if (!isRecord(body)) {
    fail('invalid-value', 'ad', 'The body is not an ad object');
    return { errors, warnings };
  }
  const ad = body;
  const path = (field: string): string => `ad.vehicle.${field}`;
  const enumField = (field: string, values: readonly string[], required = true): void => {
    const value = ad[field];
    if (value === undefined || value === null || value === '') {
      if (required) fail('missing-field', path(field), `${field} is required`);
    } else if (typeof value !== 'string' || !values.includes(value)) {
      fail('invalid-reference-data-value', path(field), `Value '${show(value)}' is not valid`, value);
    }
  };

  if (ad.vehicleClass === undefined) fail('missing-field', path('vehicleClass'), 'vehicleClass is required');
  else if (ad.vehicleClass !== 'Car')
    fail('invalid-reference-data-value', path('vehicleClass'), 'Only Car is emulated', ad.vehicleClass);
  enumField('category', categories);
  enumField('condition', conditions);
  enumField('fuel', fuels);
  enumField('gearbox', gearboxes);
  enumField('exteriorColor', colors, false);
  if (ad.exteriorColor === undefined)
    warnings.push(issue('missing-field', path('exteriorColor'), 'exteriorColor is recommended'));

  checkMakeModel(ad, fail);
  checkModelDescription(ad.modelDescription, fail);
  if (ad.damageUnrepaired === undefined || ad.damageUnrepaired === null)
    fail('damageunrepaired-empty', path('damageUnrepaired'), 'damageUnrepaired is required');
  else if (typeof ad.damageUnrepaired !== 'boolean')
    fail(
      'invalid-value',
      path('damageUnrepaired'),
      'damageUnrepaired must be a boolean',
      ad.damageUnrepaired,
    );

  const used = ad.condition === 'USED';
  checkMonth(ad.firstRegistration, used, options.now, fail);
  checkCount(ad, 'mileage', used, fail);
  checkCount(ad, 'power', false, fail);
  checkCount(ad, 'cubicCapacity', false, fail);
  if (ad.condition === 'NEW') {
    // §1.7: a NEW car needs its country version and EnVKV values.
    if (ad.countryVersion === undefined)
      fail('countryversion-missing', path('countryVersion'), 'countryVersion is required for NEW');
    if (ad.emissions === undefined && ad.consumptions === undefined)
      fail('envkv-values-required', path('envkv'), 'Consumption and CO2 values are required for NEW');
  }
  if (ad.internalNumber !== undefined && !/^[A-Za-z0-9_-]{1,40}$/.test(show(ad.internalNumber)))
    fail(
      'invalid-value',
      path('internalNumber'),
      'internalNumber: 1 to 40 of A-Z, 0-9, _ and -',
      ad.internalNumber,
    );
  if (ad.vin !== undefined && !/^[A-HJ-NPR-Z0-9]{17}$/.test(show(ad.vin)))
    fail('invalid-vin', path('vin'), 'The VIN is not valid', ad.vin);

  checkPrice(ad.price, fail);
  checkImages(ad.images, options.imageKnown, fail);
  checkFeatures(ad.features, fail);
  return { errors, warnings };
}

type Fail = (key: string, path: string, message: string, value?: unknown) => void;

function checkMakeModel(ad: Record<string, unknown>, fail: Fail): void {
  const { make, model } = ad;
  if (make === undefined || make === '') fail('missing-field', 'ad.vehicle.make', 'make is required');
  else if (typeof make !== 'string' || !carModels[make])
    fail('invalid-reference-data-value', 'ad.vehicle.make', `Value '${show(make)}' is not valid`, make);
  if (model === undefined || model === null || model === '') {
    fail('model-empty', 'ad.vehicle.model', 'model is required');
    return;
  }
  if (typeof make !== 'string' || !carModels[make]) return;
  if (typeof model === 'string' && carModels[make].includes(model)) return;
  const owner = typeof model === 'string' ? makeOfModel(model) : undefined;
  if (owner)
    fail('make-model-mismatch', 'ad.vehicle.model', `Model '${model as string}' is not a ${make}`, model);
  else fail('invalid-reference-data-value', 'ad.vehicle.model', `Value '${show(model)}' is not valid`, model);
}

function checkModelDescription(value: unknown, fail: Fail): void {
  const path = 'ad.vehicle.model-description';
  if (value === undefined || value === '') return fail('missing-field', path, 'modelDescription is required');
  if (typeof value !== 'string') return fail('invalid-value', path, 'modelDescription must be text', value);
  if (value.length > 48) fail('field-too-long', path, 'modelDescription has more than 48 characters', value);
  if (email.test(value)) fail('modeldescription-contains-email', path, 'No e-mail in the title', value);
  else if (url.test(value)) fail('modeldescription-contains-url', path, 'No URL in the title', value);
  if (phone.test(value)) fail('modeldescription-contains-phone', path, 'No phone number in the title', value);
}

function checkMonth(value: unknown, required: boolean, now: Date, fail: Fail): void {
  const path = 'ad.vehicle.first-registration';
  if (value === undefined || value === null) {
    if (required) fail('missing-field', path, 'firstRegistration is required for USED');
    return;
  }
  const match = typeof value === 'string' ? /^(\d{4})(0[1-9]|1[0-2])$/.exec(value) : null;
  if (!match) return fail('invalid-value', path, 'firstRegistration must be YYYYMM', value);
  const current = now.getUTCFullYear() * 100 + now.getUTCMonth() + 1;
  if (Number(value) > current)
    fail('first-registration-in-future', path, 'firstRegistration is in the future', value);
}

function checkCount(ad: Record<string, unknown>, field: string, required: boolean, fail: Fail): void {
  const value = ad[field];
  const path = `ad.vehicle.${field}`;
  if (value === undefined || value === null) {
    if (required) fail('missing-field', path, `${field} is required for USED`);
  } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail('not-a-number', path, `${field} must be a whole number`, value);
  }
}

function checkPrice(price: unknown, fail: Fail): void {
  if (!isRecord(price)) return fail('missing-field', 'ad.price', 'price is required');
  const type = price.type ?? 'FIXED';
  if (typeof type !== 'string' || !(priceTypes as readonly string[]).includes(type))
    fail('invalid-reference-data-value', 'ad.price.type', `Value '${show(type)}' is not valid`, type);
  if (price.currency !== 'EUR')
    fail('invalid-reference-data-value', 'ad.price.currency', 'currency must be EUR', price.currency);
  const gross = price.consumerPriceGross;
  if (gross === undefined) {
    if (type !== 'ON_REQUEST')
      fail('missing-field', 'ad.price.consumer-price-gross', 'consumerPriceGross is required');
  } else if (typeof gross !== 'string' || !decimal.test(gross)) {
    fail('invalid-value', 'ad.price.consumer-price-gross', 'A decimal string with two places', gross);
  }
  if (
    price.vatRate !== undefined &&
    (typeof price.vatRate !== 'string' || !/^\d{1,2}\.\d{2}$/.test(price.vatRate))
  )
    fail('invalid-value', 'ad.price.vat-rate', 'A rate like "19.00"', price.vatRate);
}

function checkImages(images: unknown, known: (ref: string) => boolean, fail: Fail): void {
  if (images === undefined) return;
  if (!Array.isArray(images)) return fail('invalid-value', 'ad.images', 'images must be a list');
  images.forEach((image: unknown, index) => {
    const ref = isRecord(image) ? image.ref : undefined;
    if (typeof ref !== 'string' || !known(ref))
      fail('invalid-value', `ad.images[${index}].ref`, 'Unknown image reference', ref);
  });
}

function checkFeatures(value: unknown, fail: Fail): void {
  if (value === undefined) return;
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  for (const feature of list) {
    if (typeof feature !== 'string' || !(features as readonly string[]).includes(feature))
      fail('invalid-reference-data-value', 'ad.features', `Value '${show(feature)}' is not valid`, feature);
  }
}

function issue(key: string, path: string, message: string, value?: unknown): AdIssue {
  const args = [{ key: 'path', value: path }];
  if (value !== undefined)
    args.push({ key: 'value', value: typeof value === 'string' ? value : JSON.stringify(value) });
  return { key, message, args };
}

/** A value as the platform would quote it in a message. */
function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
