import { NotFoundError } from '../../domain/errors';
import type { MatchMethod } from '../../domain/inventory-match';
import type { ExportReader } from '../ports';
import type { MatchStore } from './ports';

/** The Match of API.md. */
export interface MatchView {
  readonly state: 'pending' | 'done';
  readonly matched: { vehicleId: string; listingRef: string; by: MatchMethod }[];
  readonly unmatchedListings: {
    listingRef: string;
    title: string;
    internalNumber: string | null;
    vin: string | null;
    candidates: string[];
  }[];
  readonly unmatchedVehicles: string[];
}

export interface GetMatchDeps {
  readonly exports: Pick<ExportReader, 'getExport'>;
  readonly matches: Pick<MatchStore, 'getSummary' | 'listUnmatched'>;
}

/**
 * `GET /v1/exports/{exportId}/match`: what the job matched, the listings still waiting for the
 * dealer's assignment (assigned ones leave the list; those assigned to a vehicle join `matched`
 * as `manual`), and the vehicles that had no listing. `pending` until the job is through; 404
 * for an export that has no match (feed and webhook exports, or one activated before it existed).
 */
export async function getMatch(deps: GetMatchDeps, dealerId: string, exportId: string): Promise<MatchView> {
  const exp = await deps.exports.getExport(dealerId, exportId);
  if (!exp) throw new NotFoundError('export');
  const summary = await deps.matches.getSummary(exportId);
  if (!summary) {
    if (exp.status !== 'matching') throw new NotFoundError('match');
    return { state: 'pending', matched: [], unmatchedListings: [], unmatchedVehicles: [] };
  }
  const items = await deps.matches.listUnmatched(exportId);
  const manual = items.flatMap((item) =>
    item.assignment?.action === 'vehicle'
      ? [{ vehicleId: item.assignment.vehicleId, listingRef: item.listingRef, by: 'manual' as const }]
      : [],
  );
  const assignedVehicles = new Set(manual.map((match) => match.vehicleId));
  return {
    state: summary.state,
    matched: [...summary.matched, ...manual],
    unmatchedListings: items
      .filter((item) => item.assignment === null)
      .map(({ listingRef, title, internalNumber, vin, candidates }) => ({
        listingRef,
        title,
        internalNumber,
        vin,
        candidates,
      })),
    unmatchedVehicles: summary.unmatchedVehicles.filter((vehicleId) => !assignedVehicles.has(vehicleId)),
  };
}
