import type { Detail } from '../../domain/detail';
import type { DetailBatchWriter, DetailWriter } from '../ports';
import type { ErrorCounter } from './ports';

/**
 * A detail writer that also counts every `error` detail it records into the export's error
 * counter, so `stats.errorsLast24h` is answered without reading the details. The details go
 * first: a failed detail write is not counted; a failed count propagates (the caller retries).
 */
export function countingErrors(
  details: DetailWriter & DetailBatchWriter,
  errors: ErrorCounter,
): DetailWriter & DetailBatchWriter {
  const count = async (written: readonly Detail[]): Promise<void> => {
    // Errors are few: one counter update each, in turn.
    for (const detail of written) {
      if (detail.outcome === 'error') await errors.countError(detail.exportId, new Date(detail.at));
    }
  };
  return {
    async record(detail) {
      await details.record(detail);
      await count([detail]);
    },
    async recordAll(written) {
      await details.recordAll(written);
      await count(written);
    },
  };
}
