import { LockSettingsSchema, type LockSettings } from './apps/settings-parts';
import type { Export, ExportLock } from './export';

/**
 * The mass-removal lock of API exports (PRODUCT.md §8, ADR 0006): within `windowMinutes`, removals
 * of at least `minShare` of the listings and at least `minListings` of them lock the export.
 */

/** The lock settings of an export that has them (API apps); undefined for webhooks and feeds. */
export function removalLockSettings(exp: Export): LockSettings | undefined {
  if (exp.transport !== 'api') return undefined;
  const parsed = LockSettingsSchema.safeParse(exp.settings.lock);
  return parsed.success ? parsed.data : undefined;
}

/** How many removals within the window trip the lock, given the listings the export holds. */
export function removalThreshold(settings: LockSettings, listed: number): number {
  return Math.max(settings.minListings, Math.ceil(settings.minShare * listed));
}

/** Where the window of counted removals starts: never before the last unlock. */
export function removalWindowStart(settings: LockSettings, now: Date, unlockedAt?: string): Date {
  const start = now.getTime() - settings.windowMinutes * 60_000;
  return new Date(Math.max(start, unlockedAt ? Date.parse(unlockedAt) : 0));
}

export function massRemovalLock(
  settings: LockSettings,
  removals: number,
  listed: number,
  at: Date,
): ExportLock {
  return {
    reason: 'MASS_REMOVAL',
    detail: `${removals} of ${listed} listings would be removed within ${settings.windowMinutes} minutes`,
    lockedAt: at.toISOString(),
    heldChanges: 0,
  };
}
