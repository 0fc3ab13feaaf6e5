import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { FeedVehicle } from '../../shared/application/feeds/feed-renderer';
import {
  BASIC_COLUMNS,
  mobileDeCsvRenderer,
  mobileDeCsvText,
  type MobileDeCsvOptions,
} from '../../shared/adapters/feeds/render/mobile-de-csv';
import { VehicleSchema, type Vehicle } from '../../shared/domain/vehicle';
import { aVehicle } from '../support/fakes';

const golden = new URL('../fixtures/feeds/mobile-de.expected.csv', import.meta.url);
const sample: Vehicle = VehicleSchema.parse(
  JSON.parse(readFileSync(new URL('../fixtures/mobile-de/sample-vehicle.json', import.meta.url), 'utf8')),
);

async function* feed(vehicles: readonly FeedVehicle[]): AsyncGenerator<FeedVehicle> {
  yield* vehicles;
}

async function render(vehicles: readonly FeedVehicle[], options: MobileDeCsvOptions): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of mobileDeCsvRenderer(options).render(feed(vehicles))) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The file as mobile.de reads it: ISO-8859-15, ";", quoted text, one record per CRLF line. */
function records(bytes: Buffer): string[][] {
  return parse(iconv.decode(bytes, 'iso-8859-15'), { delimiter: ';', record_delimiter: '\r\n' });
}

/** 0-based index of a §2.3 column letter, written out so the test does not share the renderer's helper. */
// prettier-ignore
const at: Record<string, number> = {
  A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, I: 8, J: 9, K: 10, L: 11, O: 14, P: 15, Q: 16, V: 21, Z: 25,
  AA: 26, AC: 28, AD: 29, AF: 31, AG: 32, AH: 33, AL: 37, BA: 52, DF: 109, DG: 110, DJ: 113, DM: 116,
};

const options = { customerNumber: '4711001', maxImages: 3, contactEmail: 'verkauf@haus-mueller.de' };

/** Three vehicles that exercise the rules of §2.2: umlauts, quotes, line breaks, foreign letters. */
const stock: FeedVehicle[] = [
  {
    vehicle: {
      ...sample,
      description: 'Scheckheftgepflegt, 17" Felgen\r\nNichtraucher\nPreis in €',
      images: [1, 2, 3, 4].map((n) => ({ url: `https://cdn.dealer.example/stk-4711/${n}.jpg` })),
    },
    bookings: ['EYE_CATCHER', 'TOP_AD'],
  },
  {
    vehicle: aVehicle({
      internalNumber: 'MUE_0815',
      condition: 'new',
      category: 'limousine',
      make: 'Škoda',
      model: 'Octavia Größe',
      fuel: 'diesel',
      gearbox: 'manual',
      exteriorColor: 'Weiß',
      damageUnrepaired: true,
      price: { gross: '18999.50', currency: 'EUR', vatRate: null },
      description: '„Top“ Zustand — aus Łódź, Händler Müller…',
      equipment: ['ABS', 'esp', 'heated seats'],
    }),
    bookings: ['PAGE_ONE_AD'],
  },
  {
    vehicle: aVehicle({
      internalNumber: 'TS-3',
      condition: 'used',
      category: 'other',
      make: 'Tesla',
      model: 'Model 3 "Long Range"',
      firstRegistration: '2021-11',
      mileageKm: 0,
      exteriorColor: 'Mitternachtsblau',
      price: { gross: '9999.00', currency: 'EUR', vatRate: '7.00' },
    }),
    bookings: [],
  },
];

/** Any Unicode scalar value (`unit: 'binary'` as a nested arbitrary generates a hundred times slower). */
const anyCodePoint = fc
  .integer({ min: 0, max: 0x10ffff })
  .filter((code) => code < 0xd800 || code > 0xdfff)
  .map((code) => String.fromCodePoint(code));

describe('mobile.de CSV renderer', () => {
  it('renders the golden file byte for byte', async () => {
    const bytes = await render(stock, options);
    expect(bytes.equals(readFileSync(golden))).toBe(true);
  });

  it('writes ISO-8859-15 bytes, keeping its letters and transliterating the rest', async () => {
    const bytes = await render(stock, options);
    const text = iconv.decode(bytes, 'iso-8859-15');

    expect(bytes.includes(Buffer.from([0xa6]))).toBe(true); // Š
    expect(bytes.includes(Buffer.from([0xa4]))).toBe(true); // €
    expect(bytes.includes(Buffer.from('Gr\xf6\xdfe', 'latin1'))).toBe(true); // Größe
    expect(text).toContain('"Škoda"');
    expect(text).toContain('"Weiß"');
    expect(text).toContain('Preis in €');
    expect(text).toContain('""Top"" Zustand - aus Lódz, Händler Müller...');
    expect(text).not.toMatch(/[—„“Łź…]/);
  });

  it('writes one CRLF-terminated record per vehicle, all of the same width', async () => {
    const bytes = await render(stock, options);
    const text = iconv.decode(bytes, 'iso-8859-15');

    expect(text.split('\r\n')).toHaveLength(stock.length + 1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(records(bytes).map((record) => record.length)).toEqual([233, 233, 233]);
  });

  it.each<[string, string]>([
    ['A', '4711001'],
    ['B', 'STK-4711'],
    ['C', 'Car.EstateCar'],
    ['D', 'Audi'],
    ['E', 'A4'],
    ['F', '140'],
    ['I', '03.2019'],
    ['J', '45000'],
    ['K', '24990'],
    ['L', '1'],
    ['O', 'WAUZZZ8K9KA000001'],
    ['P', '0'],
    ['Q', 'Schwarz'],
    ['V', '0'],
    ['Z', 'Scheckheftgepflegt, 17" Felgen Nichtraucher Preis in € Anfragen an: verkauf@haus-mueller.de'],
    ['AA', 'STK-4711'],
    ['AC', 'EUR'],
    ['AD', '19'],
    ['AF', '1'],
    ['AG', ''],
    ['AL', '1'],
    ['BA', '1984'],
    ['DF', 'PETROL'],
    ['DG', 'AUTOMATIC_GEAR'],
    ['DJ', '1'],
    ['DM', '0'],
  ])('puts column %s of the sample vehicle as %j', async (letters, value) => {
    const [record] = records(await render(stock.slice(0, 1), options));
    expect(record![at[letters]!]).toBe(value);
  });

  it('maps a new, margin-taxed, damaged vehicle with bookings and equipment', async () => {
    const [record] = records(await render(stock.slice(1, 2), options));
    const cell = (letters: string) => record![at[letters]!];

    // prettier-ignore
    expect([cell('C'), cell('V'), cell('P'), cell('L'), cell('AD'), cell('K')]).toEqual([
      'Car.Limousine', '1', '1', '0', '', '18999.50',
    ]);
    // prettier-ignore
    expect([cell('I'), cell('J'), cell('DF'), cell('DG'), cell('Q')]).toEqual([
      '', '', 'DIESEL', 'MANUAL_GEAR', 'Weiß',
    ]);
    expect([cell('AH'), cell('AG'), cell('DJ'), cell('DM'), cell('AA')]).toEqual(['1', '1', '0', '1', '']);
  });

  it('leaves a colour mobile.de has no value for empty, and the image columns of a vehicle without images', async () => {
    const [record] = records(await render(stock.slice(2, 3), options));
    expect(record![at.Q!]).toBe('');
    expect(record!.slice(BASIC_COLUMNS)).toEqual(['', '', '']);
  });

  it('writes the first images up to the limit after the basic columns', async () => {
    const [record] = records(await render(stock.slice(0, 1), options));
    expect(record!.slice(BASIC_COLUMNS)).toEqual(
      [1, 2, 3].map((n) => `https://cdn.dealer.example/stk-4711/${n}.jpg`),
    );
  });

  it('writes an empty file for an empty stock (mobile.de then deletes every ad)', async () => {
    expect(await render([], options)).toHaveLength(0);
  });

  it('reads back any ISO-8859-15 text unchanged, ";" and quotes included', async () => {
    const latin9 = fc.string({
      unit: fc.oneof(
        fc.constantFrom(';', '"', ' ', '€', 'Š', 'ž', 'Œ', 'ß', 'ÿ', '\u00a0'),
        fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
        fc.integer({ min: 0xc0, max: 0xff }).map((code) => String.fromCharCode(code)),
      ),
    });
    await fc.assert(
      fc.asyncProperty(latin9, latin9, async (make, model) => {
        const [record] = records(
          await render([{ vehicle: aVehicle({ make, model }), bookings: [] }], options),
        );
        expect([record![at.D!], record![at.E!]]).toEqual([make, model]);
      }),
    );
  });

  it('reads back any text as its transliterated form, in a record of constant width', async () => {
    const anyText = fc.string({
      unit: fc.oneof(
        fc.constantFrom(';', '"', '\r', '\n', '\u0085', '\u2028', '—', 'Ł', 'ć', '\u0301', '\ud800'),
        anyCodePoint,
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 4 }), async (makes) => {
        const bytes = await render(
          makes.map((make) => ({ vehicle: aVehicle({ make }), bookings: [] })),
          options,
        );
        const read = records(bytes);

        expect(read.map((record) => record[at.D!])).toEqual(makes.map(mobileDeCsvText));
        expect(read.map((record) => record.length)).toEqual(makes.map(() => BASIC_COLUMNS + 3));
        for (const make of makes) {
          const cell = mobileDeCsvText(make);
          expect(cell).not.toMatch(/[\r\n]/);
          expect(iconv.decode(iconv.encode(cell, 'iso-8859-15'), 'iso-8859-15')).toBe(cell);
        }
      }),
    );
  });
});
