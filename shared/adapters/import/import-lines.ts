import { jsonImportLines, type ImportLine } from '../../domain/vehicle-import';
import { csvImportLines } from './csv-import-lines';

/** The lines of an import body, by its media type (the HTTP edge has admitted only these two). */
export function importLinesOf(
  contentType: string | undefined,
  body: unknown,
): AsyncIterable<ImportLine> | Iterable<ImportLine> {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'text/csv') return csvImportLines(typeof body === 'string' ? body : '');
  return jsonImportLines(body);
}
