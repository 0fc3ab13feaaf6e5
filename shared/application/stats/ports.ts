import type { Export } from '../../domain/export';

/** Ports of the export's counters (API.md `stats`, `lastTransmissionAt`). Adapters implement them. */

/** A vehicle's release on one export flipped at a stock version (read off the stock stream). */
export interface ReleaseTransition {
  readonly dealerId: string;
  readonly exportId: string;
  readonly vehicleId: string;
  /** The stock version of the change; a later version always wins over an earlier one. */
  readonly version: number;
  /** The release after the change. */
  readonly released: boolean;
}

/**
 * 'counted': the export's released count moved by ±1. 'already-counted': this very transition was counted
 * before (a retried stream batch). 'superseded': a later version was counted already (records
 * of a batch run in parallel). 'unchanged': the export's count already holds that state.
 */
export type ReleaseCount = 'counted' | 'already-counted' | 'superseded' | 'unchanged';

export interface ReleaseCounter {
  /**
   * Records the vehicle's release on the export and moves the export's released count when it
   * flips, atomically: however often and in whatever order transitions arrive, the count equals
   * the number of vehicles whose last counted transition released them.
   */
  countRelease(transition: ReleaseTransition): Promise<ReleaseCount>;
}

export interface BatchReleaseCounter extends ReleaseCounter {
  /**
   * The same for many transitions of ONE export at once (a stream batch): one read of their
   * markers and one transaction for the lot, answered in the order given.
   */
  countReleases(transitions: readonly ReleaseTransition[]): Promise<ReleaseCount[]>;
}

export interface ErrorCounter {
  /** One more error detail of the export, recorded at `at`. */
  countError(exportId: string, at: Date): Promise<void>;
}

export interface RecentErrors {
  /** Error details of the export counted in the 24 hours up to `now`. */
  errorsLast24h(exportId: string, now: Date): Promise<number>;
}

/** The counters kept apart from the export item, read when an export is answered. */
export interface ExportCounters extends RecentErrors {
  /** Vehicles released to the export (push exports; a feed's count is on the export item). */
  releasedOf(exportId: string): Promise<number>;
}

export interface TransmissionLog {
  /**
   * The platform answered a request for the export at `at`. May skip the write while the stored
   * `lastTransmissionAt` is less than a minute older (the value is shown to the minute).
   */
  transmitted(exp: Pick<Export, 'dealerId' | 'exportId'>, at: Date): Promise<void>;
}
