import { initialReleases, releasesOnCreate } from '../../domain/vehicle-releases';
import { readDealerSettings, type DealerSettingsDeps } from './dealer-settings';
import type { ExportReader } from '../ports';

export interface NewVehicleReleasesDeps extends DealerSettingsDeps {
  readonly exports: ExportReader;
}

/** The releases every vehicle created now starts with (the dealer's exports are read only if needed). */
export async function newVehicleReleases(
  dealerId: string,
  deps: NewVehicleReleasesDeps,
): Promise<Record<string, boolean>> {
  const settings = await readDealerSettings(dealerId, deps);
  if (!releasesOnCreate(settings)) return {};
  return initialReleases(settings, await deps.exports.listExports(dealerId));
}
