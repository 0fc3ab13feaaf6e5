import type { FieldIssue } from './errors';

/**
 * The CSV form of a vehicle (API.md "Vehicle stock", import): one column per canonical field,
 * nested fields as dotted columns (`price.gross`), lists as `|`-separated values in one cell
 * (`images` holds URLs). An empty cell means the field is absent. Values are only shaped here
 * (numbers, booleans, lists); the vehicle schema judges them, so CSV and JSON fail alike.
 */
type ColumnKind = 'text' | 'integer' | 'boolean' | 'list' | 'images';

export const csvColumns: Readonly<Record<string, ColumnKind>> = {
  internalNumber: 'text',
  vin: 'text',
  condition: 'text',
  category: 'text',
  make: 'text',
  model: 'text',
  modelDescription: 'text',
  firstRegistration: 'text',
  mileageKm: 'integer',
  powerKw: 'integer',
  cubicCapacityCcm: 'integer',
  fuel: 'text',
  gearbox: 'text',
  exteriorColor: 'text',
  damageUnrepaired: 'boolean',
  'price.gross': 'text',
  'price.currency': 'text',
  'price.vatRate': 'text',
  description: 'text',
  equipment: 'list',
  images: 'images',
};

/** Columns without which no line could be valid: a header lacking one is refused as a whole. */
const requiredColumns = [
  'internalNumber',
  'condition',
  'category',
  'make',
  'model',
  'fuel',
  'gearbox',
  'price.gross',
  'price.currency',
];

/** `;` or `,`, whichever the header line uses more (outside quotes); `,` when it uses neither. */
export function detectDelimiter(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '\n' && !quoted) break;
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ';') semicolons++;
    else if (!quoted && char === ',') commas++;
  }
  return semicolons > commas ? ';' : ',';
}

/** What is wrong with a header row: unknown, repeated and missing columns. */
export function headerIssues(header: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const column of header) {
    if (!(column in csvColumns)) issues.push({ path: `header.${column}`, message: 'unknown column' });
    else if (seen.has(column)) issues.push({ path: `header.${column}`, message: 'column repeated' });
    seen.add(column);
  }
  for (const column of requiredColumns) {
    if (!seen.has(column)) issues.push({ path: `header.${column}`, message: 'required column missing' });
  }
  return issues;
}

/** One CSV record as a vehicle input candidate (a plain object for the vehicle schema to judge). */
export function vehicleCandidateOf(
  header: readonly string[],
  cells: readonly string[],
): Record<string, unknown> {
  const candidate: Record<string, unknown> = {};
  header.forEach((column, index) => {
    const cell = (cells[index] ?? '').trim();
    if (cell === '') return;
    const value = valueOf(csvColumns[column] ?? 'text', cell);
    const [head, nested] = column.split('.', 2) as [string, string | undefined];
    if (nested === undefined) candidate[head] = value;
    else ((candidate[head] ??= {}) as Record<string, unknown>)[nested] = value;
  });
  return candidate;
}

function valueOf(kind: ColumnKind, cell: string): unknown {
  switch (kind) {
    case 'text':
      return cell;
    // A cell that is no number or boolean stays text, so the schema names the field in its error.
    case 'integer':
      return /^[+-]?\d{1,15}$/.test(cell) ? Number(cell) : cell;
    case 'boolean':
      return booleans[cell.toLowerCase()] ?? cell;
    case 'list':
      return listOf(cell);
    case 'images':
      return listOf(cell).map((url) => ({ url }));
  }
}

const booleans: Readonly<Record<string, boolean>> = { true: true, false: false, '1': true, '0': false };

function listOf(cell: string): string[] {
  return cell
    .split('|')
    .map((value) => value.trim())
    .filter((value) => value !== '');
}
