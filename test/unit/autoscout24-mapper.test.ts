import { describe, expect, it } from 'vitest';
import { emulatedMakes } from '../../infra/local/emulators/autoscout24/reference-data';
import { validateListing } from '../../infra/local/emulators/autoscout24/listing-validation';
import { errorMessages } from '../../shared/adapters/connectors/autoscout24/listing-errors';
import { AutoScout24ListingConnector } from '../../shared/adapters/connectors/autoscout24/listing-connector';
import { knownMakeModelIds } from '../../shared/adapters/connectors/autoscout24/reference-data';
import { ListingRejectedError } from '../../shared/domain/errors';
import { contentHash } from '../../shared/domain/listing';
import type { Vehicle } from '../../shared/domain/vehicle';
import sampleListing from '../fixtures/autoscout24/sample-listing.json';
import { sampleContext, sampleVehicle } from '../fixtures/autoscout24/vehicles';

const connector = new AutoScout24ListingConnector({ baseUrl: 'http://unused', user: 'u', password: 'p' });
const payloadOf = (vehicle: Vehicle, context = sampleContext) =>
  connector.toPayload(vehicle, context) as unknown as Record<string, unknown>;

const rejectionOf = (vehicle: Vehicle) => {
  try {
    payloadOf(vehicle);
  } catch (error) {
    expect(error).toBeInstanceOf(ListingRejectedError);
    return error as ListingRejectedError;
  }
  throw new Error('expected a rejection');
};

describe('AutoScout24 mapper (canonical vehicle → LCA-NG listing body, platforms.md §3.3)', () => {
  it('maps the API.md sample vehicle to the §3.3 body', () => {
    expect(payloadOf(sampleVehicle())).toEqual(sampleListing);
  });

  it('passes the emulator validation once images are uploaded ids', () => {
    const body = { ...payloadOf(sampleVehicle()), images: [{ id: 'img-1' }] };
    expect(validateListing(body, { knows: () => true, acceptUrls: false })).toEqual([]);
  });

  it('is deterministic: equal vehicles give equal hashes, whatever the equipment order', () => {
    const a = payloadOf(sampleVehicle({ equipment: ['navigation', 'alloy-wheels'] }));
    const b = payloadOf(sampleVehicle({ equipment: ['alloy-wheels', 'navigation', 'navigation'] }));
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).not.toBe(contentHash(payloadOf(sampleVehicle({ mileageKm: 45001 }))));
  });

  it.each([
    ['petrol', 'B', 2, undefined],
    ['diesel', 'D', 7, undefined],
    ['electric', 'E', 12, undefined],
    ['hybrid-petrol', '2', 2, [12]],
    ['hybrid-diesel', '3', 7, [12]],
    ['lpg', 'L', 9, undefined],
    ['cng', 'C', undefined, undefined],
    ['hydrogen', 'H', 13, undefined],
    ['other', 'O', undefined, undefined],
  ] as const)('maps fuel %s to fuelCategory %s', (fuel, category, primary, additional) => {
    const payload = payloadOf(sampleVehicle({ fuel }));
    expect([payload.fuelCategory, payload.primaryFuelType, payload.additionalFuelTypes]).toEqual([
      category,
      primary,
      additional,
    ]);
  });

  it.each([
    ['manual', 'M'],
    ['automatic', 'A'],
    ['semi-automatic', 'S'],
  ] as const)('maps gearbox %s to transmission %s', (gearbox, code) => {
    expect(payloadOf(sampleVehicle({ gearbox })).transmission).toBe(code);
  });

  it.each([
    ['Schwarz Metallic', 11],
    ['Deep Black Perleffekt', 11],
    ['Weiß', 14],
    ['Uranograu', undefined],
  ])('maps colour "%s" to bodyColor %s and keeps the name', (exteriorColor, id) => {
    const payload = payloadOf(sampleVehicle({ exteriorColor }));
    expect([payload.bodyColor, payload.bodyColorName]).toEqual([id, exteriorColor]);
  });

  it('maps a new, margin-taxed car without registration, and rounds the price to whole euros', () => {
    const { firstRegistration: _r, mileageKm: _m, ...rest } = sampleVehicle();
    const payload = payloadOf({
      ...rest,
      condition: 'new',
      price: { gross: '24990.50', currency: 'EUR', vatRate: null },
    });
    expect(payload).toMatchObject({
      offerType: 'N',
      prices: { public: { price: 24991, isTaxDeductible: false } },
    });
    expect(payload).not.toHaveProperty('firstRegistrationDate');
    expect(payload).not.toHaveProperty('mileage');
  });

  it('finds makes by their usual other spellings', () => {
    expect(payloadOf(sampleVehicle({ make: 'VW', model: 'golf' }))).toMatchObject({ make: 74, model: 2084 });
    expect(payloadOf(sampleVehicle({ make: 'Mercedes', model: 'C 200' }))).toMatchObject({
      make: 47,
      model: 1860,
    });
  });

  it('rejects a make or model without a reference id', () => {
    expect(rejectionOf(sampleVehicle({ make: 'Lada' })).messages).toEqual([
      expect.objectContaining({ severity: 'error', code: 'UNKNOWN_MAKE' }),
    ]);
    expect(rejectionOf(sampleVehicle({ model: 'A5' })).messages).toEqual([
      expect.objectContaining({ severity: 'error', code: 'UNKNOWN_MODEL' }),
    ]);
  });

  it('caps images at the dealer limit and writes the contact line only when set', () => {
    const images = [1, 2, 3].map((n) => ({ url: `https://cdn.dealer.example/${n}.jpg` }));
    const payload = payloadOf(sampleVehicle({ images }), {
      ...sampleContext,
      maxImages: 2,
      contactEmail: null,
    });
    expect(payload.images).toEqual(images.slice(0, 2));
    expect(payload.description).toBe('Scheckheftgepflegt, Nichtraucher');
    const bare = payloadOf(sampleVehicle({ description: undefined }), {
      ...sampleContext,
      contactEmail: null,
    });
    expect(bare).not.toHaveProperty('description');
  });

  it("uses only make and model ids the platform's table (the emulator's) has", () => {
    for (const { make, models } of knownMakeModelIds()) {
      for (const model of models) expect(emulatedMakes.get(make)?.models.has(model)).toBe(true);
    }
  });
});

describe('AutoScout24 error bodies (platforms.md §3.4: every shape named there)', () => {
  it.each([
    [
      'a list',
      { errors: [{ code: 'invalid-make', message: 'Unknown make', field: 'make' }] },
      [{ severity: 'error', code: 'invalid-make', text: 'make: Unknown make' }],
    ],
    [
      'a map',
      { message: 'invalid', errors: { price: ['must be an integer'] } },
      [{ severity: 'error', code: 'VALIDATION', text: 'price: must be an integer' }],
    ],
    [
      'a top-level detail',
      { title: 'Bad Request', detail: 'broken' },
      [{ severity: 'error', code: 'VALIDATION', text: 'broken' }],
    ],
    ['nothing readable', 'oops', []],
  ])('reads %s', (_, body, messages) => {
    expect(errorMessages(body)).toEqual(messages);
  });
});
