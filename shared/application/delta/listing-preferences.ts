import type { ListingPreferences } from './ports';
import type { DealerSettingsStore } from '../stock/stock-ports';
import { defaultDealerSettings } from '../../domain/dealer-settings';

/** The dealer preferences a listing needs, from the stored settings (defaults when none). */
export class StoredListingPreferences implements ListingPreferences {
  constructor(private readonly settings: Pick<DealerSettingsStore, 'getSettings'>) {}

  async preferencesOf(dealerId: string): Promise<{ contactEmail: string | null; maxImages: number }> {
    const settings = (await this.settings.getSettings(dealerId)) ?? defaultDealerSettings;
    return { contactEmail: settings.contactEmail ?? null, maxImages: settings.images.maxImages };
  }
}
