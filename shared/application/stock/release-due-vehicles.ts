import { autoReleases } from '../../domain/vehicle-releases';
import type { Vehicle } from '../../domain/vehicle';
import { memoPerKey } from '../memo-per-key';
import type { Clock, ExportReader, Logger } from '../ports';
import { readDealerSettings, type DealerSettingsDeps } from './dealer-settings';
import type { DueReleases, VehicleStore } from './stock-ports';

export interface ReleaseDueVehiclesDeps extends DealerSettingsDeps {
  readonly due: DueReleases;
  readonly vehicles: VehicleStore;
  readonly exports: ExportReader;
  readonly clock: Clock;
  readonly log: Logger;
}

export interface ReleaseDueTally {
  /** Released to the dealer's live exports (the stock stream takes them from there). */
  released: number;
  /** Due, but the dealer turned `autoRelease` off meanwhile: the pending release is dropped. */
  dropped: number;
  /** Changed or locked by an import meanwhile: the next run tries again. */
  deferred: number;
}

/**
 * Releases the vehicles whose delayed auto-release (`releaseDelayDays`) is due: to every live
 * export of the dealer as it is now, next to the releases the vehicle already has (those win).
 * The index is read eventually consistent, so each vehicle is read again and acted on only
 * while its release is still pending and due; the write is conditional on its version.
 */
export async function releaseDueVehicles(deps: ReleaseDueVehiclesDeps): Promise<ReleaseDueTally> {
  const now = deps.clock.now();
  const tally: ReleaseDueTally = { released: 0, dropped: 0, deferred: 0 };
  const settingsOf = memoPerKey((dealerId) => readDealerSettings(dealerId, deps));
  const exportsOf = memoPerKey((dealerId) => deps.exports.listExports(dealerId));

  for await (const { dealerId, vehicleId } of deps.due.dueForRelease(now)) {
    const current = await deps.vehicles.getVehicle(dealerId, vehicleId);
    if (!current?.releaseDueAt || Date.parse(current.releaseDueAt) > now.getTime()) continue;
    const settings = await settingsOf(dealerId);
    const { releaseDueAt: _due, ...rest } = current;
    const next: Vehicle = {
      ...rest,
      releases: settings.autoRelease
        ? { ...autoReleases(await exportsOf(dealerId)), ...current.releases }
        : current.releases,
      version: current.version + 1,
      updatedAt: now.toISOString(),
    };
    const outcome = await deps.vehicles.replaceVehicle(dealerId, current, next);
    if (outcome !== 'written') tally.deferred++;
    else if (settings.autoRelease) tally.released++;
    else tally.dropped++;
  }
  if (tally.deferred > 0) deps.log.info('delayed releases deferred to the next run', { ...tally });
  return tally;
}
