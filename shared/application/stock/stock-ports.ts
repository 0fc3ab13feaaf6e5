import type { DealerSettings } from '../../domain/dealer-settings';
import type { Vehicle } from '../../domain/vehicle';
import type { VehicleReader } from '../ports';

/** Ports of the stock use cases (vehicles, imports, dealer settings). Adapters implement them. */

/**
 * How a conditional stock write ended: `stale` when the vehicle changed (or went) since it was
 * read, `duplicate` when its internal number is held by another vehicle of the dealer, `locked`
 * while an import of the dealer's stock is running.
 */
export type WriteOutcome = 'written' | 'stale' | 'duplicate' | 'locked';

export interface Page<Item> {
  readonly items: readonly Item[];
  readonly nextCursor: string | null;
}

export interface VehicleStore extends VehicleReader {
  listVehicles(dealerId: string, page: { limit: number; cursor?: string }): Promise<Page<Vehicle>>;
  /** Writes a new vehicle with its internal-number guard, atomically. */
  createVehicle(dealerId: string, vehicle: Vehicle): Promise<WriteOutcome>;
  /** Replaces `previous` (as read) by `next`; moves the guard when the internal number changes. */
  replaceVehicle(dealerId: string, previous: Vehicle, next: Vehicle): Promise<WriteOutcome>;
  /** Deletes `vehicle` (as read) and its guard. */
  deleteVehicle(dealerId: string, vehicle: Vehicle): Promise<WriteOutcome>;
}

/** The vehicles waiting for a delayed auto-release that is due by `until`. */
export interface DueReleases {
  dueForRelease(until: Date): AsyncIterable<{ readonly dealerId: string; readonly vehicleId: string }>;
}

/** One write of an import. */
export type StockWrite =
  | { readonly kind: 'create'; readonly vehicle: Vehicle }
  | { readonly kind: 'update'; readonly vehicle: Vehicle }
  | { readonly kind: 'delete'; readonly vehicle: Vehicle };

/**
 * Imports of a dealer's stock run one at a time and exclude single-vehicle writes while they run
 * (those answer `locked`), so the stock read at the start stays true and the writes need no
 * conditions.
 */
export interface StockImporter {
  /** Takes the dealer's import lease and reads the stock; undefined while another import runs. */
  begin(dealerId: string): Promise<ImportSession | undefined>;
}

export interface ImportSession {
  /** The dealer's whole stock as it was when the lease was taken. */
  readonly stock: readonly Vehicle[];
  /** Applies writes as fast as the store allows; throws only when the store keeps failing. */
  write(writes: readonly StockWrite[]): Promise<void>;
  /** Gives the lease back. */
  end(): Promise<void>;
}

export interface DealerSettingsStore {
  /** The stored settings, or undefined when the dealer never saved any. */
  getSettings(dealerId: string): Promise<DealerSettings | undefined>;
  saveSettings(dealerId: string, settings: DealerSettings): Promise<void>;
}
