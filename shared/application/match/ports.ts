import type { Export } from '../../domain/export';
import type { Listing } from '../../domain/listing';
import type { MatchAssignment, MatchSummary, UnmatchedListing } from '../../domain/match-state';

/** How a manual assignment to a vehicle ended. */
export type VehicleAssignmentOutcome = 'assigned' | 'already-assigned' | 'vehicle-listed';

/** Where an export's inventory match is kept (Exports table, match-table.ts). */
export interface MatchStore {
  getSummary(exportId: string): Promise<MatchSummary | undefined>;
  saveSummary(summary: MatchSummary): Promise<void>;
  listUnmatched(exportId: string): Promise<readonly UnmatchedListing[]>;
  getUnmatched(exportId: string, listingRef: string): Promise<UnmatchedListing | undefined>;
  /** Stores a listing that matched nothing, unless it is stored already (a rerun keeps the assignment). */
  putUnmatched(item: UnmatchedListing): Promise<void>;
  /** Forgets an unmatched listing that a rerun matched after all, unless the dealer assigned it. */
  dropUnmatched(exportId: string, listingRef: string): Promise<void>;
  /**
   * `matching → active`, only from `matching`, with the vehicles held for assignments: false
   * when the export is no longer matching.
   */
  finishMatching(exp: Export, at: Date, holds: readonly string[]): Promise<boolean>;
  /** Takes vehicles out of the export's holds (atomically: assignments may run side by side). */
  releaseHolds(exp: Export, vehicleIds: readonly string[]): Promise<void>;
  /**
   * Adopts the listing for the vehicle and records the assignment in one transaction: only while
   * the listing is unassigned and the vehicle has no live listing on the export.
   */
  assignToVehicle(
    item: UnmatchedListing,
    listing: Listing,
    assignment: Extract<MatchAssignment, { action: 'vehicle' }>,
  ): Promise<VehicleAssignmentOutcome>;
  /** Records `keep` or `delete` if the listing is still unassigned; false otherwise. */
  assign(
    item: UnmatchedListing,
    assignment: Exclude<MatchAssignment, { action: 'vehicle' }>,
  ): Promise<boolean>;
  /** Takes back a `delete` whose platform call failed, so the dealer can try again. */
  withdraw(item: UnmatchedListing, assignment: MatchAssignment): Promise<void>;
}
