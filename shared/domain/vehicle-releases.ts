import type { DealerSettings } from './dealer-settings';
import type { Export } from './export';

/** Exports that new vehicles are released to automatically: those that are (about to be) live. */
// A locked export is still the dealer's export: its new vehicles are released and held until the unlock.
const releasableStatuses: ReadonlySet<Export['status']> = new Set(['active', 'matching', 'locked']);

const DAY_MS = 86_400_000;

/** What a new vehicle starts with: its releases, and when a delayed auto-release is due. */
export interface NewVehicleReleases {
  readonly releases: Record<string, boolean>;
  readonly releaseDueAt?: string;
}

/** The releases `autoRelease` gives a vehicle: every (about to be) live export of the dealer. */
export function autoReleases(exports: readonly Export[]): Record<string, boolean> {
  return Object.fromEntries(
    exports.filter((exp) => releasableStatuses.has(exp.status)).map((exp) => [exp.exportId, true]),
  );
}

/**
 * The releases a new vehicle starts with. With `autoRelease` on and no delay, it is released to
 * every active export of the dealer. With a delay (`releaseDelayDays > 0`) it starts unreleased
 * and carries the moment its release is due; the scheduled `releaseDueVehicles` releases it then.
 */
export function initialReleases(
  settings: DealerSettings,
  exports: readonly Export[],
  now: Date,
): NewVehicleReleases {
  if (!settings.autoRelease) return { releases: {} };
  if (settings.releaseDelayDays > 0) {
    return {
      releases: {},
      releaseDueAt: new Date(now.getTime() + settings.releaseDelayDays * DAY_MS).toISOString(),
    };
  }
  return { releases: autoReleases(exports) };
}

/** Whether new vehicles need the dealer's exports at all (saves a query when they do not). */
export function releasesOnCreate(settings: DealerSettings): boolean {
  return settings.autoRelease && settings.releaseDelayDays === 0;
}
