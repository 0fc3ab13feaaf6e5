import type { Export } from '../../domain/export';
import type { SyncDecision } from '../../domain/stock-change';

/** One export's decision about one changed vehicle, before anything is queued. */
export interface PendingSync {
  readonly exp: Export;
  readonly vehicleId: string;
  readonly version: number;
  readonly decision: Exclude<SyncDecision, 'none'>;
}

/**
 * The seam where the lock policy (PRODUCT.md §8, the export-control issue) counts removals per
 * export and holds back what must not reach the platform. It returns what may be queued now.
 */
export interface LockPolicy {
  admit(pending: readonly PendingSync[]): Promise<readonly PendingSync[]>;
}

/** Until the lock policy exists: every decision is queued. */
export const admitEverything: LockPolicy = { admit: async (pending) => pending };
