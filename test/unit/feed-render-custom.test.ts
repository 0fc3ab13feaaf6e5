import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { FeedRenderer, FeedVehicle } from '../../shared/application/feeds/feed-renderer';
import type { FieldMapping } from '../../shared/adapters/feeds/render/field-values';
import { customCsvRenderer } from '../../shared/adapters/feeds/render/custom-csv';
import { customJsonRenderer } from '../../shared/adapters/feeds/render/custom-json';
import { customXmlRenderer } from '../../shared/adapters/feeds/render/custom-xml';
import type { encodings } from '../../shared/domain/custom-app-definition';
import { aVehicle } from '../support/fakes';

type Encoding = (typeof encodings)[number];

async function* feed(vehicles: readonly FeedVehicle[]): AsyncGenerator<FeedVehicle> {
  yield* vehicles;
}

async function render(renderer: FeedRenderer, vehicles: readonly FeedVehicle[]): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of renderer.render(feed(vehicles))) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const stock: FeedVehicle[] = [
  {
    vehicle: aVehicle({
      internalNumber: 'STK-1',
      make: 'Škoda',
      model: 'Enyaq <iV> & "Sportline"',
      equipment: ['navigation', 'abs'],
      images: [{ url: 'https://cdn.example/1.jpg?a=1&b=2' }, { url: 'https://cdn.example/2.jpg' }],
    }),
    bookings: ['TOP_AD'],
  },
  {
    vehicle: aVehicle({ internalNumber: 'STK-2', make: 'Müller', model: 'Größe 5', mileageKm: 1200 }),
    bookings: [],
  },
  { vehicle: aVehicle({ internalNumber: 'STK-3', make: 'Łada', model: 'Niva — 4×4' }), bookings: [] },
];

const fields: FieldMapping[] = [
  { target: 'stock', source: { field: 'internalNumber' } },
  { target: 'title', source: { template: '{{make}} {{model}}' } },
  { target: 'km', source: { field: 'mileageKm' } },
  { target: 'images', source: { field: 'images.url' } },
  { target: 'dealer', source: { constant: 'Autohaus Müller' } },
];

/** Any Unicode scalar value (`unit: 'binary'` as a nested arbitrary generates a hundred times slower). */
const anyCodePoint = fc
  .integer({ min: 0, max: 0x10ffff })
  .filter((code) => code < 0xd800 || code > 0xdfff)
  .map((code) => String.fromCodePoint(code));

describe('custom CSV renderer', () => {
  it('writes a header and one row per vehicle; absent fields empty, lists "|"-separated', async () => {
    const renderer = customCsvRenderer(
      { type: 'csv', delimiter: ';', encoding: 'utf-8', header: true },
      fields,
    );
    const text = (await render(renderer, stock.slice(0, 2))).toString('utf8');

    expect(renderer.contentType).toBe('text/csv; charset=UTF-8');
    expect(text).toBe(
      [
        'stock;title;km;images;dealer',
        'STK-1;"Škoda Enyaq <iV> & ""Sportline""";;https://cdn.example/1.jpg?a=1&b=2|https://cdn.example/2.jpg;Autohaus Müller',
        'STK-2;Müller Größe 5;1200;;Autohaus Müller',
        '',
      ].join('\r\n'),
    );
  });

  it.each<[Encoding, number[], string]>([
    ['iso-8859-15', [0xa6], 'Lada Niva - 4×4'],
    ['windows-1252', [0x8a], 'Lada Niva — 4×4'],
  ])('writes %s bytes and transliterates what the charset lacks', async (encoding, scaron, third) => {
    const renderer = customCsvRenderer({ type: 'csv', delimiter: ',', encoding, header: false }, fields);
    const bytes = await render(renderer, stock);
    const rows = parse(iconv.decode(bytes, encoding), { record_delimiter: '\r\n' });

    expect(bytes.includes(Buffer.from(scaron))).toBe(true);
    expect(rows.map((row) => row[1])).toEqual(['Škoda Enyaq <iV> & "Sportline"', 'Müller Größe 5', third]);
  });

  it('quotes a stand-in that is a quote: „…“ in ISO-8859-15 reads back as "…"', async () => {
    const quoted: FieldMapping[] = [{ target: 'note', source: { constant: '„Top“, sofort' } }];
    const renderer = customCsvRenderer(
      { type: 'csv', delimiter: ',', encoding: 'iso-8859-15', header: false },
      quoted,
    );
    const text = iconv.decode(await render(renderer, stock.slice(0, 1)), 'iso-8859-15');

    expect(parse(text)).toEqual([['"Top", sofort']]);
  });

  it('reads back every value and target unchanged through csv-parse, for any allowed delimiter', async () => {
    const delimiter = fc.oneof(
      fc.constantFrom(';', ',', '\t', '|', ' ', 'a', '\u00a0', '\ufeff'),
      anyCodePoint.filter((char) => char.length === 1),
    );
    const text = fc.string({
      unit: fc.oneof(fc.constantFrom('"', '\r', '\n', '\r\n', ';', ',', ' ', '\t', 'ä', '€'), anyCodePoint),
    });
    await fc.assert(
      fc.asyncProperty(
        delimiter.filter((char) => !'"\r\n'.includes(char)),
        fc.boolean(),
        fc.array(fc.tuple(text, text, text), { minLength: 1, maxLength: 4 }),
        async (delimiter, header, rows) => {
          const mapping: FieldMapping[] = (['make', 'model', 'description'] as const).map((field) => ({
            target: field,
            source: { field },
          }));
          const renderer = customCsvRenderer({ type: 'csv', delimiter, encoding: 'utf-8', header }, mapping);
          const vehicles = rows.map(([make, model, description]) => ({
            vehicle: aVehicle({ make, model, description }),
            bookings: [],
          }));
          const bytes = await render(renderer, vehicles);

          expect(parse(bytes.toString('utf8'), { delimiter, record_delimiter: '\r\n' })).toEqual(
            header ? [['make', 'model', 'description'], ...rows] : rows,
          );
        },
      ),
    );
  });
});

/** Values a careless writer would break: markup, entities, quotes, CR and controls. */
const nasty = 'a < b & c > "d" \'e\' ]]> \r\n x\u0001\u000b\u001f\ufffe\ud800 €Ł';
const nastyWithoutIllegal = 'a < b & c > "d" \'e\' ]]> \r\n x €Ł';

async function renderXml(encoding: Encoding, vehicles: readonly FeedVehicle[] = stock) {
  const renderer = customXmlRenderer(
    { type: 'xml', rootElement: 'vehicles', itemElement: 'vehicle', encoding },
    [...fields, { target: 'note', source: { constant: nasty } }],
  );
  const bytes = await render(renderer, vehicles);
  return { renderer, bytes };
}

const xmlParser = new XMLParser({
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => name === 'vehicle' || name === 'value',
});

describe('custom XML renderer', () => {
  it.each<[Encoding, string, number[]]>([
    ['utf-8', 'UTF-8', [0xe2, 0x82, 0xac]],
    ['iso-8859-15', 'ISO-8859-15', [0xa4]],
    ['windows-1252', 'windows-1252', [0x80]],
  ])('in %s: declares the encoding its bytes use, well-formed and escaped', async (encoding, name, euro) => {
    const { renderer, bytes } = await renderXml(encoding);
    const declaration = `<?xml version="1.0" encoding="${name}"?>`;
    const text = iconv.decode(bytes, encoding);

    expect(bytes.subarray(0, declaration.length).toString('ascii')).toBe(declaration);
    expect(renderer.contentType).toBe(`application/xml; charset=${name}`);
    expect(bytes.includes(Buffer.from(euro))).toBe(true);
    expect(XMLValidator.validate(text)).toBe(true);

    const vehicles = (xmlParser.parse(text) as { vehicles: { vehicle: Record<string, unknown>[] } }).vehicles
      .vehicle;
    expect(vehicles).toHaveLength(3);
    expect(vehicles.map((vehicle) => vehicle.title)).toEqual([
      'Škoda Enyaq <iV> & "Sportline"',
      'Müller Größe 5',
      'Łada Niva — 4×4',
    ]);
    expect(vehicles[0]!.note).toBe(nastyWithoutIllegal);
    expect(vehicles[0]!.images).toEqual({
      value: ['https://cdn.example/1.jpg?a=1&b=2', 'https://cdn.example/2.jpg'],
    });
    expect([vehicles[0]!.km, vehicles[1]!.km]).toEqual(['', '1200']);
  });

  it('carries characters the charset lacks as character references, not as "?"', async () => {
    const { bytes } = await renderXml('iso-8859-15');
    const text = bytes.toString('latin1');

    expect(text).toContain('&#x141;ada Niva &#x2014; 4\xd74');
    expect(text).not.toContain('?ada');
  });

  it('writes an empty root for an empty stock', async () => {
    const { bytes } = await renderXml('utf-8', []);
    const text = bytes.toString('utf8');

    expect(XMLValidator.validate(text)).toBe(true);
    expect(text).toBe('<?xml version="1.0" encoding="UTF-8"?><vehicles></vehicles>');
  });
});

describe('custom JSON renderer', () => {
  it('writes an array with one object per vehicle, keyed by target', async () => {
    const renderer = customJsonRenderer(fields);
    const parsed = JSON.parse((await render(renderer, stock)).toString('utf8')) as Record<string, unknown>[];

    expect(renderer.fileExtension).toBe('json');
    expect(parsed).toHaveLength(stock.length);
    expect(parsed[0]).toEqual({
      stock: 'STK-1',
      title: 'Škoda Enyaq <iV> & "Sportline"',
      km: null,
      images: ['https://cdn.example/1.jpg?a=1&b=2', 'https://cdn.example/2.jpg'],
      dealer: 'Autohaus Müller',
    });
    expect(parsed.map((vehicle) => Object.keys(vehicle))).toEqual(
      stock.map(() => fields.map((field) => field.target)),
    );
  });

  it('writes [] for an empty stock', async () => {
    expect((await render(customJsonRenderer(fields), [])).toString('utf8')).toBe('[]');
  });
});
