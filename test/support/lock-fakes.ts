import type { LockStore, Mail, Mailer } from '../../shared/application/locks/ports';
import type { Export, ExportLock } from '../../shared/domain/export';
import type { InMemoryExports } from './fakes';

/** The lock's items in memory, with the conditions the DynamoDB adapter applies. */
export class InMemoryLocks implements LockStore {
  readonly removals = new Map<string, string>();
  readonly held = new Map<string, Set<string>>();
  constructor(private readonly exports: InMemoryExports) {}

  async noteRemoval(exportId: string, vehicleId: string, at: Date, windowStart: Date) {
    const key = `${exportId}/${vehicleId}`;
    const before = this.removals.get(key);
    this.removals.set(key, at.toISOString());
    return before === undefined || Date.parse(before) < windowStart.getTime();
  }
  async countRemovals(exportId: string, windowStart: Date) {
    return [...this.removals.entries()].filter(
      ([key, at]) => key.startsWith(`${exportId}/`) && Date.parse(at) >= windowStart.getTime(),
    ).length;
  }
  async lock(exp: Export, lock: ExportLock) {
    const stored = this.stored(exp);
    if (stored.status !== 'active') return stored;
    const { lockNotifiedAt: _notified, ...rest } = stored;
    return this.save({ ...rest, status: 'locked', lock });
  }
  async markNotified(exp: Export, at: Date) {
    const stored = this.stored(exp);
    if (stored.status !== 'locked' || stored.lockNotifiedAt) return false;
    this.save({ ...stored, lockNotifiedAt: at.toISOString() });
    return true;
  }
  async hold(exp: Export, vehicleId: string) {
    const stored = this.stored(exp);
    if (stored.status !== 'locked' || !stored.lock) throw new Error('not locked');
    const held = this.held.get(exp.exportId) ?? new Set<string>();
    this.held.set(exp.exportId, held);
    if (held.has(vehicleId)) return false;
    held.add(vehicleId);
    this.save({ ...stored, lock: { ...stored.lock, heldChanges: stored.lock.heldChanges + 1 } });
    return true;
  }
  async heldVehicles(exportId: string) {
    return [...(this.held.get(exportId) ?? [])];
  }
  async forgetHeld(exportId: string, vehicleIds: readonly string[]) {
    for (const vehicleId of vehicleIds) this.held.get(exportId)?.delete(vehicleId);
  }
  async unlock(exp: Export, at: Date) {
    const stored = this.stored(exp);
    if (stored.status !== 'locked') return undefined;
    const { lockNotifiedAt: _notified, ...rest } = stored;
    return this.save({ ...rest, status: 'active', lock: null, unlockedAt: at.toISOString() });
  }

  private stored(exp: Export): Export {
    const stored = this.exports.exports.get(exp.exportId);
    if (!stored) throw new Error(`no export ${exp.exportId}`);
    return stored;
  }
  private save(exp: Export): Export {
    this.exports.exports.set(exp.exportId, exp);
    return exp;
  }
}

export class RecordingMailer implements Mailer {
  readonly sent: Mail[] = [];
  failNext = false;
  async send(mail: Mail) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('SES unavailable');
    }
    this.sent.push(mail);
  }
}
