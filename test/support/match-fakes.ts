import type { ListingTarget } from '../../shared/application/delta/listing-connector';
import type { MatchStore, VehicleAssignmentOutcome } from '../../shared/application/match/ports';
import type { Page } from '../../shared/application/stock/stock-ports';
import type { Export } from '../../shared/domain/export';
import type { PlatformListing } from '../../shared/domain/inventory-match';
import type { Listing } from '../../shared/domain/listing';
import type { MatchAssignment, MatchSummary, UnmatchedListing } from '../../shared/domain/match-state';
import type { Vehicle } from '../../shared/domain/vehicle';
import { FakeMarketplace, type InMemoryListings } from './delta-fakes';
import type { InMemoryExports } from './fakes';

/** In-memory match state with the conditions of the DynamoDB adapter (match-table.ts). */
export class InMemoryMatchStore implements MatchStore {
  readonly summaries = new Map<string, MatchSummary>();
  readonly unmatched = new Map<string, UnmatchedListing>();

  constructor(
    private readonly exports: InMemoryExports,
    private readonly listings: InMemoryListings,
  ) {}

  async getSummary(exportId: string) {
    return this.summaries.get(exportId);
  }
  async saveSummary(summary: MatchSummary) {
    this.summaries.set(summary.exportId, summary);
  }
  async listUnmatched(exportId: string) {
    return [...this.unmatched.values()].filter((item) => item.exportId === exportId);
  }
  async getUnmatched(exportId: string, listingRef: string) {
    return this.unmatched.get(`${exportId}/${listingRef}`);
  }
  async putUnmatched(item: UnmatchedListing) {
    const key = `${item.exportId}/${item.listingRef}`;
    if (!this.unmatched.has(key)) this.unmatched.set(key, item);
  }
  async dropUnmatched(exportId: string, listingRef: string) {
    const key = `${exportId}/${listingRef}`;
    if (this.unmatched.get(key)?.assignment === null) this.unmatched.delete(key);
  }
  async finishMatching(exp: Export, at: Date, holds: readonly string[]) {
    const stored = this.exports.exports.get(exp.exportId);
    if (stored?.status !== 'matching') return false;
    const { matchHolds: _earlier, ...rest } = stored;
    this.exports.exports.set(exp.exportId, {
      ...rest,
      status: 'active',
      updatedAt: at.toISOString(),
      ...(holds.length > 0 ? { matchHolds: [...holds] } : {}),
    });
    return true;
  }
  async releaseHolds(exp: Export, vehicleIds: readonly string[]) {
    const stored = this.exports.exports.get(exp.exportId);
    if (!stored?.matchHolds) return;
    const holds = stored.matchHolds.filter((vehicleId) => !vehicleIds.includes(vehicleId));
    const { matchHolds: _old, ...rest } = stored;
    this.exports.exports.set(exp.exportId, holds.length > 0 ? { ...rest, matchHolds: holds } : rest);
  }
  async assignToVehicle(
    item: UnmatchedListing,
    listing: Listing,
    assignment: MatchAssignment,
  ): Promise<VehicleAssignmentOutcome> {
    const key = `${item.exportId}/${item.listingRef}`;
    const stored = this.unmatched.get(key);
    if (!stored || stored.assignment) return 'already-assigned';
    const held = this.listings.listings.get(`${listing.exportId}/${listing.vehicleId}`);
    if (held && held.state !== 'removed') return 'vehicle-listed';
    this.listings.listings.set(`${listing.exportId}/${listing.vehicleId}`, listing);
    this.unmatched.set(key, { ...stored, assignment });
    return 'assigned';
  }
  async assign(item: UnmatchedListing, assignment: MatchAssignment) {
    const key = `${item.exportId}/${item.listingRef}`;
    const stored = this.unmatched.get(key);
    if (!stored || stored.assignment) return false;
    this.unmatched.set(key, { ...stored, assignment });
    return true;
  }
  async withdraw(item: UnmatchedListing, assignment: MatchAssignment) {
    const key = `${item.exportId}/${item.listingRef}`;
    const stored = this.unmatched.get(key);
    if (stored && JSON.stringify(stored.assignment) === JSON.stringify(assignment))
      this.unmatched.set(key, { ...stored, assignment: null });
  }
}

/** A marketplace that also lists the dealer's listings, recording which ones it was asked to read in full. */
export class ListingMarketplace extends FakeMarketplace {
  listed: PlatformListing[] = [];
  readonly detailed: string[] = [];
  async listListings(
    _target: ListingTarget,
    options: { details?: (listing: PlatformListing) => boolean } = {},
  ): Promise<readonly PlatformListing[]> {
    this.calls.push('list');
    for (const listing of this.listed)
      if (options.details?.(listing) ?? true) this.detailed.push(listing.listingRef);
    return [...this.listed];
  }
}

/** A dealer's stock for `listVehicles`, two vehicles a page, so paging is exercised. */
export class PagedStock {
  constructor(readonly vehicles: Vehicle[] = []) {}
  async listVehicles(_dealerId: string, page: { limit: number; cursor?: string }): Promise<Page<Vehicle>> {
    const start = Number(page.cursor ?? 0);
    const size = Math.min(page.limit, 2);
    return {
      items: this.vehicles.slice(start, start + size),
      nextCursor: start + size < this.vehicles.length ? String(start + size) : null,
    };
  }
  async getVehicle(_dealerId: string, vehicleId: string) {
    return this.vehicles.find((vehicle) => vehicle.vehicleId === vehicleId);
  }
}
