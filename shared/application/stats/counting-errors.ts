import type { DetailWriter } from '../ports';
import type { ErrorCounter } from './ports';

/**
 * A DetailWriter that also counts every `error` detail it records into the export's error
 * counter, so `stats.errorsLast24h` is answered without reading the details. The detail goes
 * first: a failed detail write is not counted; a failed count propagates (the caller retries).
 */
export function countingErrors(details: DetailWriter, errors: ErrorCounter): DetailWriter {
  return {
    async record(detail) {
      await details.record(detail);
      if (detail.outcome === 'error') await errors.countError(detail.exportId, new Date(detail.at));
    },
  };
}
