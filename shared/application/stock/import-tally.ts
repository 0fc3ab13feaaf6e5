import type { ImportResult } from '../../domain/vehicle-import';
import type { StockWrite } from './stock-ports';

/** Errors listed in the answer; a 10 MiB file of garbage must not make a response of megabytes. */
const maxListedErrors = 1_000;

/** The counts and line errors of one import, as they accumulate. */
export class ImportTally {
  private readonly counts = { created: 0, updated: 0, deleted: 0, unchanged: 0 };
  private readonly errors: { line: number; message: string }[] = [];

  fail(line: number, message: string): void {
    this.errors.push({ line, message });
  }

  unchanged(): void {
    this.counts.unchanged++;
  }

  written(writes: readonly StockWrite[]): void {
    for (const { kind } of writes)
      this.counts[kind === 'create' ? 'created' : kind === 'update' ? 'updated' : 'deleted']++;
  }

  progress(): Record<string, number> {
    return { ...this.counts, errors: this.errors.length };
  }

  result(): ImportResult {
    // Lines arrive in order; only unreadable CSV records may be reported a little late.
    const errors = [...this.errors].sort((left, right) => left.line - right.line);
    return {
      ...this.counts,
      errors: errors.slice(0, maxListedErrors),
      errorsOmitted: Math.max(0, errors.length - maxListedErrors),
    };
  }
}
