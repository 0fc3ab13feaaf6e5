import type { Export, ExportLock, ExportStats, ExportStatus } from '../../domain/export';
import { maskSecrets } from '../../domain/secrets';
import type { Clock } from '../ports';
import type { ExportCounters } from '../stats/ports';

/** An export as the API answers it (API.md "Export"): secrets masked, internals left out. */
export interface ExportView {
  readonly exportId: string;
  readonly appId: string;
  readonly status: ExportStatus;
  readonly settings: Record<string, unknown>;
  readonly lock: ExportLock | null;
  readonly stats: ExportStats;
  readonly lastTransmissionAt: string | null;
  readonly createdAt: string;
}

/**
 * `errorsLast24h` and a push export's `released` are counted apart from the export item
 * (`answerExports`); an export just activated has none of either.
 */
export function toExportView(
  exp: Export,
  errorsLast24h: number,
  released: number = exp.stats.released,
): ExportView {
  const counted: Export = { ...exp, stats: { ...exp.stats, released } };
  return {
    exportId: exp.exportId,
    appId: exp.appId,
    status: exp.status,
    settings: maskSecrets(exp.settings, exp.secretPaths),
    lock: exp.lock,
    stats: { ...counted.stats, pending: pendingOf(counted), errorsLast24h },
    lastTransmissionAt: exp.lastTransmissionAt,
    createdAt: exp.createdAt,
  };
}

/**
 * `pending`: released vehicles that are not (yet) listed on the platform: queued, waiting for
 * the inventory match, held by a lock or rejected. Derived from the two exact counters, so it
 * needs no count of its own. A feed lists exactly the file it delivered: nothing is pending.
 */
export function pendingOf(exp: Export): number {
  if (exp.transport === 'feed') return 0;
  return Math.max(0, exp.stats.released - exp.stats.listed);
}

export interface AnswerExportsDeps {
  readonly counters: ExportCounters;
  readonly clock: Clock;
}

/**
 * Exports as the API answers them, each with its errors of the last 24 h and (push exports) its
 * released count: one query and one read each, beside the export item, which the stream and the
 * delta worker then never contend for.
 */
export async function answerExports(
  deps: AnswerExportsDeps,
  exports: readonly Export[],
): Promise<ExportView[]> {
  const now = deps.clock.now();
  return Promise.all(
    exports.map(async (exp) => {
      const [errors, released] = await Promise.all([
        deps.counters.errorsLast24h(exp.exportId, now),
        exp.transport === 'feed' ? exp.stats.released : deps.counters.releasedOf(exp.exportId),
      ]);
      return toExportView(exp, errors, released);
    }),
  );
}

export async function answerExport(deps: AnswerExportsDeps, exp: Export): Promise<ExportView> {
  const [view] = await answerExports(deps, [exp]);
  return view!;
}
