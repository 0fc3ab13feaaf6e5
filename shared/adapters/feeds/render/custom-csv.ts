import { stringify } from 'csv-stringify/sync';
import type { FeedRenderer, FeedVehicle } from '../../../application/feeds/feed-renderer';
import type { CustomAppDefinition } from '../../../domain/custom-app-definition';
import { encodeInChunks } from './chunks';
import { charsetNames, encode, transliterate } from './charset';
import { cellText, mappedValues, type FieldMapping } from './field-values';

export type CsvFormat = Extract<CustomAppDefinition['format'], { type: 'csv' }>;

/**
 * A custom app's CSV: one column per mapped field in the order of the mapping, an optional
 * header line of the targets, RFC 4180 quoting (only where needed) and CRLF line ends.
 */
export function customCsvRenderer(format: CsvFormat, fields: readonly FieldMapping[]): FeedRenderer {
  const { encoding } = format;
  // Text is made encodable before quoting, so a stand-in such as "„" → '"' is quoted as well.
  // The delimiter too: one the charset lacks would otherwise become "?" after the quoting.
  const options = {
    delimiter: transliterate(format.delimiter, encoding),
    record_delimiter: 'windows',
  } as const;
  const line = (cells: readonly string[]): string =>
    stringify([cells.map((cell) => transliterate(cell, encoding))], options);

  async function* lines(vehicles: AsyncIterable<FeedVehicle>): AsyncGenerator<string> {
    if (format.header) yield line(fields.map(({ target }) => target));
    for await (const { vehicle } of vehicles) {
      yield line(Object.values(mappedValues(vehicle, fields)).map(cellText));
    }
  }

  return {
    contentType: `text/csv; charset=${charsetNames[encoding]}`,
    fileExtension: 'csv',
    render: (vehicles) => encodeInChunks(lines(vehicles), (text) => encode(text, encoding)),
  };
}
