import { parse, type CsvError } from 'csv-parse';
import { ValidationError } from '../../domain/errors';
import { detectDelimiter, headerIssues, vehicleCandidateOf } from '../../domain/vehicle-csv';
import type { ImportLine } from '../../domain/vehicle-import';

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
  readonly raw: string;
}

/**
 * A CSV import body as lines, record by record (csv-parse's stream, so a later source need not
 * be a string in memory). UTF-8 with or without BOM; `;` or `,` as the header uses; RFC 4180
 * quoting. A record that cannot be read (bad quotes, wrong field count) becomes an error line
 * and the records after it go on. An unreadable or wrong header fails the whole file (422).
 */
export async function* csvImportLines(text: string): AsyncGenerator<ImportLine> {
  // One line break (csv-parse miscounts lines around blank CRLF lines); CR LF inside quoted
  // fields becomes LF as well, which is what a stored description should hold anyway.
  const body = (text.startsWith('\uFEFF') ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  if (body.trim() === '') return;
  const unreadable: ImportLine[] = [];
  const parser = parse(body, {
    delimiter: detectDelimiter(body),
    info: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      const endLine = typeof error?.lines === 'number' ? error.lines : 0;
      unreadable.push({
        line: startLine(endLine, raw ?? ''),
        error: `not readable as CSV: ${error?.message ?? ''}`,
      });
    },
  });

  let header: string[] | undefined;
  for await (const parsed of parser as AsyncIterable<ParsedRecord>) {
    const line = startLine(parsed.info.lines, parsed.raw);
    // The parser runs ahead of this loop: skipped records are reported once the loop passes them.
    const passed = unreadable.filter((skipped) => skipped.line < line);
    unreadable.splice(0, passed.length);
    if (!header) {
      if (passed.length > 0) throw unreadableHeader();
      header = parsed.record.map((name) => name.trim());
      const issues = headerIssues(header);
      if (issues.length > 0) throw invalidHeader(issues);
      continue;
    }
    yield* passed;
    if (parsed.record.length !== header.length) {
      yield { line, error: `${parsed.record.length} fields, but the header has ${header.length}` };
    } else {
      yield { line, candidate: vehicleCandidateOf(header, parsed.record) };
    }
  }
  if (!header) throw unreadableHeader();
  yield* unreadable;
}

/** The line a record starts on: its end line less the line breaks inside it (quoted newlines). */
function startLine(endLine: number, raw: string): number {
  const record = raw.replace(/^\n+/, '').replace(/\n$/, '');
  return endLine - (record.match(/\n/g)?.length ?? 0);
}

function unreadableHeader(): ValidationError {
  return invalidHeader([{ path: 'header', message: 'the header row is not readable' }]);
}

function invalidHeader(issues: ConstructorParameters<typeof ValidationError>[2]): ValidationError {
  return new ValidationError(
    'IMPORT_INVALID_HEADER',
    'The header row must name canonical vehicle fields.',
    issues,
  );
}
