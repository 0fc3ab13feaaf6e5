import type { Export } from '../../domain/export';
import {
  massRemovalLock,
  removalLockSettings,
  removalThreshold,
  removalWindowStart,
} from '../../domain/removal-lock';
import type { LockPolicy, PendingSync } from '../delta/lock-policy';
import { announceLock, type AnnounceLockDeps } from './announce-lock';
import { holdChange } from './hold-change';
import type { LockStore } from './ports';

export interface RemovalLockDeps extends AnnounceLockDeps {
  readonly locks: LockStore;
}

/**
 * The lock of PRODUCT.md §8 for API exports, applied where the stock stream decides what to send.
 * Every removal is noted per vehicle (so a retried batch counts nothing twice) and counted in the
 * export's window; the removal that reaches the threshold locks the export instead of being sent,
 * and from then on every change of that export is held. Removals sent before the lock tripped wait
 * a settle delay in the worker, which finds the export locked and holds them too (ADR 0006).
 *
 * One instance serves one stream batch: it keeps the window's count and the exports it locked.
 */
export class RemovalLockPolicy implements LockPolicy {
  private readonly counts = new Map<string, number>();
  private readonly current = new Map<string, Export>();
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: RemovalLockDeps) {}

  /**
   * The batch processor handles a batch's records in parallel: admissions take turns, so each
   * removal counts on top of the one before it. Upserts of an unlocked export do no I/O here.
   */
  admit(pending: readonly PendingSync[]): Promise<readonly PendingSync[]> {
    const admitted = this.turn.then(() => this.admitInTurn(pending));
    this.turn = admitted.catch(() => undefined);
    return admitted;
  }

  private async admitInTurn(pending: readonly PendingSync[]): Promise<readonly PendingSync[]> {
    const admitted: PendingSync[] = [];
    for (const change of pending) {
      let exp = this.current.get(change.exp.exportId) ?? change.exp;
      if (exp.status !== 'locked' && change.decision === 'remove') exp = await this.countRemoval(exp, change);
      if (exp.status === 'locked') {
        exp = await announceLock(this.deps, exp);
        this.current.set(exp.exportId, exp);
        await holdChange(
          this.deps,
          exp,
          change.vehicleId,
          change.decision === 'remove' ? 'delete' : 'update',
        );
      } else {
        admitted.push(change);
      }
    }
    return admitted;
  }

  /** Counts the removal; answers the export as it is afterwards (locked when it tripped). */
  private async countRemoval(exp: Export, change: PendingSync): Promise<Export> {
    const settings = removalLockSettings(exp);
    if (!settings || exp.status !== 'active') return exp;
    const now = this.deps.clock.now();
    const windowStart = removalWindowStart(settings, now, exp.unlockedAt);
    let count =
      this.counts.get(exp.exportId) ?? (await this.deps.locks.countRemovals(exp.exportId, windowStart));
    if (await this.deps.locks.noteRemoval(exp.exportId, change.vehicleId, now, windowStart)) count++;
    this.counts.set(exp.exportId, count);

    const listed = exp.stats.listed;
    if (count < removalThreshold(settings, listed)) return exp;
    const lock = massRemovalLock(settings, count, listed, now);
    const stored = await this.deps.locks.lock(exp, lock);
    this.current.set(exp.exportId, stored);
    if (stored.lock?.lockedAt === lock.lockedAt) {
      this.deps.log.warn('export locked', {
        dealerId: exp.dealerId,
        exportId: exp.exportId,
        removals: count,
        listed,
      });
    }
    return stored;
  }
}
