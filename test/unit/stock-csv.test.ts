import { describe, expect, it } from 'vitest';
import { csvImportLines } from '../../shared/adapters/import/csv-import-lines';
import { ValidationError } from '../../shared/domain/errors';
import { detectDelimiter, headerIssues, vehicleCandidateOf } from '../../shared/domain/vehicle-csv';
import type { ImportLine } from '../../shared/domain/vehicle-import';

const linesOf = async (text: string): Promise<ImportLine[]> => {
  const lines: ImportLine[] = [];
  for await (const line of csvImportLines(text)) lines.push(line);
  return lines;
};
const header = 'internalNumber;condition;category;make;model;fuel;gearbox;price.gross;price.currency';

describe('CSV delimiter', () => {
  it.each([
    ['a;b;c', ';'],
    ['a,b,c', ','],
    ['a', ','],
    ['"a;b",c,d', ','],
    ['a;"b,c,d";e', ';'],
    ['a;b\nc,d,e,f', ';'],
  ] as const)('%j → %s', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe('CSV header', () => {
  it('accepts the canonical columns in any order', () => {
    expect(headerIssues(header.split(';').reverse())).toEqual([]);
  });

  it('names unknown, repeated and missing columns', () => {
    expect(headerIssues(['internalNumber', 'make', 'make', 'colour'])).toEqual(
      expect.arrayContaining([
        { path: 'header.make', message: 'column repeated' },
        { path: 'header.colour', message: 'unknown column' },
        { path: 'header.price.gross', message: 'required column missing' },
      ]),
    );
  });
});

describe('CSV record → vehicle candidate', () => {
  const candidate = (cells: Record<string, string>) =>
    vehicleCandidateOf(Object.keys(cells), Object.values(cells));

  it.each([
    [
      'dotted columns nest',
      { 'price.gross': '1.00', 'price.currency': 'EUR' },
      { price: { gross: '1.00', currency: 'EUR' } },
    ],
    ['empty cells are absent', { vin: '', make: ' Audi ' }, { make: 'Audi' }],
    ['integers become numbers', { mileageKm: '45000', powerKw: '+110' }, { mileageKm: 45000, powerKw: 110 }],
    ['non-integers stay text for the schema to refuse', { mileageKm: '45.000' }, { mileageKm: '45.000' }],
    ['booleans', { damageUnrepaired: 'TRUE' }, { damageUnrepaired: true }],
    ['booleans 0/1', { damageUnrepaired: '0' }, { damageUnrepaired: false }],
    ['other booleans stay text', { damageUnrepaired: 'ja' }, { damageUnrepaired: 'ja' }],
    [
      'lists split on |',
      { equipment: 'navigation| alloy-wheels||' },
      { equipment: ['navigation', 'alloy-wheels'] },
    ],
    [
      'images are URLs',
      { images: 'https://a.example/1.jpg|https://a.example/2.jpg' },
      { images: [{ url: 'https://a.example/1.jpg' }, { url: 'https://a.example/2.jpg' }] },
    ],
  ])('%s', (_, cells, expected) => {
    expect(candidate(cells)).toEqual(expected);
  });
});

describe('CSV import lines', () => {
  it('numbers lines as the file does (header = 1), across BOM, CRLF, blank lines and quoted line breaks', async () => {
    const text = `\uFEFF${header}\r\nA;new;suv;Kia;EV6;electric;automatic;1.00;EUR\r\n\r\nB;new;suv;Kia;"E\r\nV9";electric;automatic;1.00;EUR\r\nC;new;suv;Kia;Niro;electric;automatic;1.00;EUR`;

    const lines = await linesOf(text);

    expect(
      lines.map((line) => [line.line, 'candidate' in line && (line.candidate as { model: string }).model]),
    ).toEqual([
      [2, 'EV6'],
      [4, 'E\nV9'],
      [6, 'Niro'],
    ]);
  });

  it('reads `,` files with doubled quotes', async () => {
    const [line] = await linesOf(
      'internalNumber,make,description\nA,"Mercedes-Benz","Sagt ""Hallo"", Tür"'
        .replace(
          'description',
          'model,condition,category,fuel,gearbox,price.gross,price.currency,description',
        )
        .replace('"Mercedes-Benz"', '"Mercedes-Benz",C,new,suv,petrol,manual,1.00,EUR'),
    );
    expect(line).toMatchObject({
      line: 2,
      candidate: { make: 'Mercedes-Benz', description: 'Sagt "Hallo", Tür' },
    });
  });

  it('turns unreadable records into error lines and goes on', async () => {
    const lines = await linesOf(
      `${header}\nA;new\nB;new;suv;Kia;EV6;electric;automatic;1.00;EUR\nC;"new;suv`,
    );
    expect(lines).toEqual([
      { line: 2, error: '2 fields, but the header has 9' },
      expect.objectContaining({
        line: 3,
        candidate: expect.objectContaining({ internalNumber: 'B' }) as unknown,
      }),
      { line: 4, error: expect.stringContaining('not readable as CSV: Quote Not Closed') as unknown },
    ]);
  });

  it('has no lines for an empty body, and refuses a bad or unreadable header', async () => {
    expect(await linesOf('\uFEFF  \n')).toEqual([]);
    await expect(linesOf('internalNumber;colour\nA;red')).rejects.toMatchObject({
      code: 'IMPORT_INVALID_HEADER',
    });
    await expect(linesOf('"internalNumber;make')).rejects.toBeInstanceOf(ValidationError);
  });
});
