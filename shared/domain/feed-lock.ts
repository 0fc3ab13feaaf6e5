import { FeedLockSettingsSchema, type FeedLockSettings } from './apps/settings-parts';
import type { Export, ExportLock } from './export';

/** The last file a feed export delivered: what the feed lock compares the next run with. */
export interface FeedDelivered {
  readonly vehicles: number;
  readonly bytes: number;
  readonly at: string;
}

export function feedLockSettings(exp: Export): FeedLockSettings {
  const parsed = FeedLockSettingsSchema.safeParse(exp.settings.lock);
  return parsed.success ? parsed.data : FeedLockSettingsSchema.parse(undefined);
}

/**
 * PRODUCT.md §8: a run that would deliver less than `minDeliveredShare` of the last delivered run
 * and at least `minDrop` vehicles fewer, or nothing after something, locks the export instead.
 * An unlock after the last delivery is the dealer's approval: the next run delivers what it has.
 */
export function feedDropLock(
  exp: Export,
  last: FeedDelivered | undefined,
  vehicles: number,
  at: Date,
): ExportLock | undefined {
  if (!last || last.vehicles === 0) return undefined;
  if (exp.unlockedAt && exp.unlockedAt > last.at) return undefined;
  const settings = feedLockSettings(exp);
  const emptied = vehicles === 0;
  const dropped =
    vehicles < last.vehicles * settings.minDeliveredShare && last.vehicles - vehicles >= settings.minDrop;
  if (!emptied && !dropped) return undefined;
  return {
    reason: 'FEED_DROP',
    detail: `The feed would deliver ${vehicles} vehicles after ${last.vehicles} in the last delivered file`,
    lockedAt: at.toISOString(),
    heldChanges: last.vehicles - vehicles,
  };
}
