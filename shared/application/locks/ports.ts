import type { Export, ExportLock } from '../../domain/export';

/** What the lock needs to keep per export (Exports table, ADR 0006). */
export interface LockStore {
  /**
   * Notes that the vehicle's listing is to be removed. True when that removal was not counted in
   * the window yet: a retried stream batch notes the same vehicle again and counts nothing.
   */
  noteRemoval(exportId: string, vehicleId: string, at: Date, windowStart: Date): Promise<boolean>;
  /** Removals noted since `windowStart`. */
  countRemovals(exportId: string, windowStart: Date): Promise<number>;
  /** `active → locked`, once; answers the export as stored afterwards (locked by us or not). */
  lock(exp: Export, lock: ExportLock): Promise<Export>;
  /** Records that the lock e-mail went out (only the first caller wins). */
  markNotified(exp: Export, at: Date): Promise<boolean>;
  /** Remembers a change held while locked; true when the vehicle was not held yet. */
  hold(exp: Export, vehicleId: string, at: Date): Promise<boolean>;
  /** The vehicles held while locked. */
  heldVehicles(exportId: string): Promise<readonly string[]>;
  /** Forgets held vehicles once their re-sync is queued. */
  forgetHeld(exportId: string, vehicleIds: readonly string[]): Promise<void>;
  /** `locked → active`, once; undefined when the export was not locked. */
  unlock(exp: Export, at: Date): Promise<Export | undefined>;
}

export interface Mail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

/** Sends an e-mail from our sender identity (SES). */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}
