import type { DealerSettings } from './dealer-settings';
import type { Export } from './export';

/** Exports that new vehicles are released to automatically: those that are (about to be) live. */
// A locked export is still the dealer's export: its new vehicles are released and held until the unlock.
const releasableStatuses: ReadonlySet<Export['status']> = new Set(['active', 'matching', 'locked']);

/**
 * The releases a new vehicle starts with. With `autoRelease` on and no delay, it is released to
 * every active export of the dealer. A delay (`releaseDelayDays > 0`) is not applied here: such
 * vehicles start unreleased, and a scheduled release of due vehicles is still to be built.
 */
export function initialReleases(
  settings: DealerSettings,
  exports: readonly Export[],
): Record<string, boolean> {
  if (!settings.autoRelease || settings.releaseDelayDays > 0) return {};
  return Object.fromEntries(
    exports.filter((exp) => releasableStatuses.has(exp.status)).map((exp) => [exp.exportId, true]),
  );
}

/** Whether new vehicles need the dealer's exports at all (saves a query when they do not). */
export function releasesOnCreate(settings: DealerSettings): boolean {
  return settings.autoRelease && settings.releaseDelayDays === 0;
}
