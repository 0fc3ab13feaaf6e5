import type { Export } from '../../domain/export';
import { releaseTransition, type StockChange } from '../../domain/stock-change';
import type { ExportReader } from '../ports';
import type { ReleaseCounter, ReleaseCount } from './ports';

export interface CountReleasesDeps {
  readonly exports: Pick<ExportReader, 'listExports'>;
  readonly releases: ReleaseCounter;
}

/**
 * Exports whose the released count follows the stock stream: every export that is not inactive
 * (matching and locked ones too: a release is a fact of the stock, whatever the platform sees).
 * Not feed exports: a feed run sets `released` and `listed` to the vehicles of the file it
 * delivered (after the feed's own filter), and a second writer adding ±1 on top of that snapshot
 * would make the number mean neither.
 */
function countsReleasesFromStock(exp: Export): boolean {
  return exp.status !== 'inactive' && exp.transport !== 'feed';
}

/**
 * A vehicle changed: for every counting export where the change flips the vehicle's release,
 * the released count moves by ±1, once per transition even when the stream delivers it again.
 * Answers what each transition did, for metrics.
 */
export async function countReleases(change: StockChange, deps: CountReleasesDeps): Promise<ReleaseCount[]> {
  const exports = (await deps.exports.listExports(change.dealerId)).filter(countsReleasesFromStock);
  const transitions = exports.flatMap((exp) => {
    const released = releaseTransition(change, exp.exportId);
    return released === undefined ? [] : [{ exportId: exp.exportId, released }];
  });
  // Different exports are different items: their counts do not contend with each other.
  return Promise.all(
    transitions.map(({ exportId, released }) =>
      deps.releases.countRelease({
        dealerId: change.dealerId,
        exportId,
        vehicleId: change.vehicleId,
        version: change.version,
        released,
      }),
    ),
  );
}
