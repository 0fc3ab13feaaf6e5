import { initialReleases, releasesOnCreate, type NewVehicleReleases } from '../../domain/vehicle-releases';
import { readDealerSettings, type DealerSettingsDeps } from './dealer-settings';
import type { ExportReader } from '../ports';

export interface NewVehicleReleasesDeps extends DealerSettingsDeps {
  readonly exports: ExportReader;
}

/**
 * The releases every vehicle created at `now` starts with, and when a delayed auto-release is
 * due (the dealer's exports are read only if needed).
 */
export async function newVehicleReleases(
  dealerId: string,
  deps: NewVehicleReleasesDeps,
  now: Date,
): Promise<NewVehicleReleases> {
  const settings = await readDealerSettings(dealerId, deps);
  const exports = releasesOnCreate(settings) ? await deps.exports.listExports(dealerId) : [];
  return initialReleases(settings, exports, now);
}
