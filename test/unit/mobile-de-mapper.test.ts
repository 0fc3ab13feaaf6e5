import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ListingContext } from '../../shared/application/delta/listing-connector';
import { defaultBookingOptions } from '../../shared/adapters/connectors/mobile-de/bookings';
import { createMobileDeListingConnector } from '../../shared/adapters/connectors/mobile-de/listing-connector';
import {
  adDescription,
  modelDescription,
  toMobileDeAd,
} from '../../shared/adapters/connectors/mobile-de/mapper';
import { ListingRejectedError } from '../../shared/domain/errors';
import { contentHash } from '../../shared/domain/listing';
import { VehicleSchema, type Vehicle } from '../../shared/domain/vehicle';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/mobile-de/${name}`, import.meta.url), 'utf8')) as unknown;
const sample: Vehicle = VehicleSchema.parse(fixture('sample-vehicle.json'));
const context: ListingContext = {
  settings: { sellerId: '12345678' },
  contactEmail: 'haus-mueller@dein.auto',
  maxImages: 30,
  bookings: ['TOP_AD'],
};
const map = (changes: Partial<Vehicle> = {}, contextChanges: Partial<ListingContext> = {}) =>
  toMobileDeAd({ ...sample, ...changes }, { ...context, ...contextChanges }, defaultBookingOptions);

/** Canonical vehicle → mobile.de Ad JSON (platforms.md §1.5, §1.6). */
describe('mobile.de mapper', () => {
  it('maps the API.md sample vehicle to the §1.6 Ad JSON, image URLs still in place', () => {
    expect(map()).toEqual(fixture('sample-vehicle.expected-ad.json'));
  });

  it('is what the connector offers as payload, and deterministic', () => {
    const connector = createMobileDeListingConnector({ baseUrl: 'http://unused', user: 'u', password: 'p' });
    const first = connector.toPayload(sample, context);
    expect(first).toEqual(map());
    expect(contentHash(connector.toPayload(structuredClone(sample), context))).toBe(contentHash(first));
  });

  it.each([
    ['small', 'SmallCar'],
    ['limousine', 'Limousine'],
    ['estate', 'EstateCar'],
    ['cabrio', 'Cabrio'],
    ['sports', 'SportsCar'],
    ['suv', 'OffRoad'],
    ['van', 'Van'],
    ['other', 'OtherCar'],
  ] as const)('maps category %s to %s', (category, key) => {
    expect(map({ category }).category).toBe(key);
  });

  it.each([
    ['petrol', 'PETROL'],
    ['diesel', 'DIESEL'],
    ['electric', 'ELECTRICITY'],
    ['hybrid-petrol', 'HYBRID'],
    ['hybrid-diesel', 'HYBRID_DIESEL'],
    ['lpg', 'LPG'],
    ['cng', 'CNG'],
    ['hydrogen', 'HYDROGENIUM'],
    ['other', 'OTHER'],
  ] as const)('maps fuel %s to %s', (fuel, key) => {
    expect(map({ fuel }).fuel).toBe(key);
  });

  it.each([
    ['manual', 'MANUAL_GEAR'],
    ['semi-automatic', 'SEMIAUTOMATIC_GEAR'],
    ['automatic', 'AUTOMATIC_GEAR'],
  ] as const)('maps gearbox %s to %s', (gearbox, key) => {
    expect(map({ gearbox }).gearbox).toBe(key);
  });

  it.each([
    ['Volkswagen', 'VW'],
    ['VW', 'VW'],
    ['vw', 'VW'],
    ['Mercedes-Benz', 'MERCEDES-BENZ'],
    ['Mercedes', 'MERCEDES-BENZ'],
    ['Škoda', 'SKODA'],
    ['Skoda', 'SKODA'],
    ['Citroën', 'CITROEN'],
    ['Alfa  Romeo', 'ALFA ROMEO'],
    ['BMW', 'BMW'],
    ['Opel', 'OPEL'],
    ['Ford', 'FORD'],
  ])('maps make %s to the refdata key %s', (make, key) => {
    expect(map({ make }).make).toBe(key);
  });

  it('refuses a make without a refdata key, naming it', () => {
    const error = (() => {
      try {
        map({ make: 'Trabbi Deluxe' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ListingRejectedError);
    expect((error as ListingRejectedError).messages).toEqual([
      {
        severity: 'error',
        code: 'UNKNOWN_MAKE',
        text: expect.stringContaining('"Trabbi Deluxe"') as unknown,
      },
    ]);
  });

  it.each([
    ['black', 'BLACK'],
    ['Schwarz', 'BLACK'],
    ['grau', 'GREY'],
    ['Gray', 'GREY'],
    ['weiß', 'WHITE'],
    ['grün', 'GREEN'],
    ['silber', 'SILVER'],
    ['yellow', 'YELLOW'],
  ])('maps colour %s to %s', (exteriorColor, key) => {
    expect(map({ exteriorColor }).exteriorColor).toBe(key);
  });

  it('omits colours it does not know, and an absent colour', () => {
    expect(map({ exteriorColor: 'Mythosschwarz Metallic' })).not.toHaveProperty('exteriorColor');
    expect(map({ exteriorColor: undefined })).not.toHaveProperty('exteriorColor');
  });

  it.each([
    ['a short title as it is', 'Golf 1.5 TSI', 'Golf 1.5 TSI'],
    [
      'exactly 48 characters as it is',
      'A4 Avant 2.0 TFSI S tronic quattro sport edition',
      'A4 Avant 2.0 TFSI S tronic quattro sport edition',
    ],
    [
      '54 characters cut at the last word that fits',
      'A4 Avant 2.0 TFSI S tronic quattro sport edition black',
      'A4 Avant 2.0 TFSI S tronic quattro sport edition',
    ],
    ['a word longer than 48 hard', 'x'.repeat(60), 'x'.repeat(48)],
    ['inner whitespace collapsed', '  Golf   GTI  ', 'Golf GTI'],
  ])('keeps the title within 48 characters: %s', (_, given, expected) => {
    const title = modelDescription({ make: 'Audi', model: 'A4', modelDescription: given });
    expect(title).toBe(expected);
    expect(title.length).toBeLessThanOrEqual(48);
  });

  it('falls back to make and model for the title', () => {
    expect(map({ modelDescription: undefined }).modelDescription).toBe('Audi A4');
    expect(map({ modelDescription: '   ' }).modelDescription).toBe('Audi A4');
  });

  it('sends prices as strings with vatRate only for VAT-deductible cars (absent or null: margin)', () => {
    expect(map().price).toEqual({
      consumerPriceGross: '24990.00',
      vatRate: '19.00',
      type: 'FIXED',
      currency: 'EUR',
    });
    for (const vatRate of [undefined, null]) {
      expect(map({ price: { gross: '9990.00', currency: 'EUR', vatRate } }).price).toEqual({
        consumerPriceGross: '9990.00',
        type: 'FIXED',
        currency: 'EUR',
      });
    }
  });

  it('turns YYYY-MM into YYYYMM and leaves out what a new car lacks', () => {
    expect(map({ firstRegistration: '2021-11' }).firstRegistration).toBe('202111');
    const fresh = map({ condition: 'new', firstRegistration: undefined, mileageKm: undefined });
    expect(fresh.condition).toBe('NEW');
    expect(fresh).not.toHaveProperty('firstRegistration');
    expect(fresh).not.toHaveProperty('mileage');
  });

  it('always sends damageUnrepaired, false when unknown', () => {
    expect(map({ damageUnrepaired: undefined }).damageUnrepaired).toBe(false);
    expect(map({ damageUnrepaired: true }).damageUnrepaired).toBe(true);
  });

  it('puts the contact e-mail on the last line of the description, in mobile.de line breaks', () => {
    expect(adDescription('Top Zustand\nScheckheft', 'a@b.de')).toBe(
      'Top Zustand\\\\Scheckheft\\\\Anfragen an: a@b.de',
    );
    expect(adDescription(undefined, 'a@b.de')).toBe('Anfragen an: a@b.de');
    expect(adDescription('Nur Text', null)).toBe('Nur Text');
    expect(map({ description: undefined }, { contactEmail: null })).not.toHaveProperty('description');
  });

  it('keeps at most maxImages image URLs in order', () => {
    const images = ['1', '2', '3'].map((n) => ({ url: `https://cdn.example/${n}.jpg` }));
    expect(map({ images }, { maxImages: 2 }).images).toEqual(images.slice(0, 2));
    expect(map({ images: undefined }).images).toEqual([]);
  });

  it('sends known bookings sorted in the configured field, none when there are none', () => {
    expect(map({}, { bookings: ['PAGE_ONE_AD', 'EYE_CATCHER', 'EYE_CATCHER', 'UNKNOWN'] }).features).toEqual([
      'EYE_CATCHER',
      'PAGE_ONE_AD',
    ]);
    expect(map({}, { bookings: [] })).not.toHaveProperty('features');
    const custom = toMobileDeAd(sample, context, { field: 'adFeatures', values: { TOP_AD: 'TOP_OF_PAGE' } });
    expect(custom.adFeatures).toEqual(['TOP_OF_PAGE']);
  });

  it('maps known equipment to flat booleans and ignores the rest', () => {
    const ad = map({ equipment: ['ABS', 'panoramic-roof', 'heated steering wheel'] });
    expect(ad).toMatchObject({ abs: true, panoramicGlassRoof: true });
    expect(ad).not.toHaveProperty('navigationSystem');
  });
});
