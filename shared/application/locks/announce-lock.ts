import type { Export } from '../../domain/export';
import type { Clock, DetailWriter, Logger } from '../ports';
import { lockEmail } from './lock-email';
import type { LockStore, Mailer } from './ports';

export interface AnnounceLockDeps {
  readonly locks: Pick<LockStore, 'markNotified'>;
  readonly mailer: Mailer;
  readonly details: DetailWriter;
  /** The dealer's lock recipients (dealer settings). */
  readonly recipientsOf: (dealerId: string) => Promise<readonly string[]>;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * Tells the dealer about a lock once: a `lock` detail (keyed by the lock's time, so a repeat
 * overwrites it) and one e-mail to the lock recipients, then the lock is marked notified. A failed
 * send throws, so the stream record is retried and the e-mail goes out on the next try; only a
 * crash between sending and marking can send a second one (ADR 0006).
 */
export async function announceLock(deps: AnnounceLockDeps, exp: Export): Promise<Export> {
  const lock = exp.lock;
  if (exp.status !== 'locked' || !lock || exp.lockNotifiedAt) return exp;
  await deps.details.record({
    detailId: `det_lock_${Date.parse(lock.lockedAt)}`,
    exportId: exp.exportId,
    at: lock.lockedAt,
    kind: 'lock',
    action: 'none',
    outcome: 'held',
    messages: [{ severity: 'warning', code: lock.reason, text: lock.detail }],
  });
  const recipients = await deps.recipientsOf(exp.dealerId);
  if (recipients.length > 0) await deps.mailer.send(lockEmail(exp, recipients));
  else deps.log.warn('export locked, but the dealer has no lock recipients', { exportId: exp.exportId });
  const at = deps.clock.now();
  await deps.locks.markNotified(exp, at);
  return { ...exp, lockNotifiedAt: at.toISOString() };
}
