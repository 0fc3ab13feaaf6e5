import { DATA_SERVICE_PROVIDER } from './data-service-provider';
import type { ExportApp } from './export-app';

/** Platforms we reach through an API as data service provider (ExportApp.platform values). */
export const apiPlatforms = ['mobile.de', 'AutoScout24'] as const;
export type ApiPlatform = (typeof apiPlatforms)[number];

/**
 * How a platform knows that a dealer registered us (PRODUCT.md §3): which setting names the dealer's
 * account there, and what the dealer must do when the platform does not list us for it.
 */
export interface ProviderRegistration {
  readonly platform: ApiPlatform;
  /** The settings key holding the dealer's id on the platform (validated by the app's schema). */
  readonly accountSetting: string;
  /** The 424 detail: exactly where the dealer registers us. */
  missingDetail(accountId: string): string;
}

const registrations: Readonly<Record<ApiPlatform, ProviderRegistration>> = {
  // platforms.md §1.2: the dealer enters the Datendienstleister in the dealer area.
  'mobile.de': {
    platform: 'mobile.de',
    accountSetting: 'sellerId',
    missingDetail: (sellerId) =>
      `mobile.de does not list ${DATA_SERVICE_PROVIDER} as data service provider for seller ${sellerId}. ` +
      `In your mobile.de dealer area open Händlerbereich → Schnittstellen-Einstellungen → Datendienstleister, ` +
      `select "${DATA_SERVICE_PROVIDER}" and save, then activate again. ` +
      `Check too that ${sellerId} is your mobile.de seller id (seller-key), not your customer number.`,
  },
  // platforms.md §3.1: the dealer authorises the data provider (data partner mandate).
  AutoScout24: {
    platform: 'AutoScout24',
    accountSetting: 'customerId',
    missingDetail: (customerId) =>
      `AutoScout24 does not list ${DATA_SERVICE_PROVIDER} as data provider for customer ${customerId}. ` +
      `In your AutoScout24 dealer area open the data partner settings ("Datenpartner"), ` +
      `authorise "${DATA_SERVICE_PROVIDER}" and save, then activate again. ` +
      `Check too that ${customerId} is your AutoScout24 customer id.`,
  },
};

function isApiPlatform(platform: string | null): platform is ApiPlatform {
  return (apiPlatforms as readonly (string | null)[]).includes(platform);
}

/**
 * The registration an app's activation must find on its platform; undefined when none is asked
 * for (feed and webhook apps). An API app of a platform we have no connector for is a bug.
 */
export function providerRegistrationOf(app: ExportApp): ProviderRegistration | undefined {
  if (app.transport !== 'api') return undefined;
  if (!isApiPlatform(app.platform)) {
    throw new Error(`app ${app.appId}: no provider registration for platform ${String(app.platform)}`);
  }
  return registrations[app.platform];
}

/** The dealer's platform id in validated settings (the app's schema requires it as a string). */
export function accountIdOf(registration: ProviderRegistration, settings: Record<string, unknown>): string {
  const accountId = settings[registration.accountSetting];
  if (typeof accountId !== 'string') {
    throw new Error(`settings lack ${registration.accountSetting} after validation`);
  }
  return accountId;
}
