import { defaultDealerSettings, type DealerSettings } from '../../domain/dealer-settings';
import type { DealerSettingsStore } from './stock-ports';

export interface DealerSettingsDeps {
  readonly settings: DealerSettingsStore;
}

/** The dealer's preferences; the defaults for a dealer that never saved any. */
export async function readDealerSettings(
  dealerId: string,
  deps: DealerSettingsDeps,
): Promise<DealerSettings> {
  return (await deps.settings.getSettings(dealerId)) ?? defaultDealerSettings;
}

/** Replaces the whole document (PUT semantics: what the dealer sends is what is kept). */
export async function saveDealerSettings(
  dealerId: string,
  settings: DealerSettings,
  deps: DealerSettingsDeps,
): Promise<DealerSettings> {
  await deps.settings.saveSettings(dealerId, settings);
  return settings;
}
