import * as z from 'zod';
import { DescriptionFooterSchema, LockSettingsSchema, digitsId } from './settings-parts';
import { DATA_SERVICE_PROVIDER } from '../data-service-provider';
import type { BuiltInApp } from '../export-app';

/** mobile.de through the Seller-API (reference/platforms.md §1): single ads, nearly at once. */
export const mobileDeApiApp: BuiltInApp = {
  appId: 'mobile-de-api',
  name: 'mobile.de (API)',
  section: 'export',
  transport: 'api',
  platform: 'mobile.de',
  builtIn: true,
  summary:
    'Lists your released vehicles on mobile.de and keeps every ad in step with your stock within seconds.',
  description: [
    'Transmits single vehicles to mobile.de through the Seller-API as they change: a new released',
    'vehicle creates an ad, a change updates it, unreleasing or deleting the vehicle ends it. Images',
    'and additional bookings go with the ad.',
    '',
    'Every new ad counts against your mobile.de ad quota, so an ad deleted and created again costs',
    'money. Right after activation an inventory match therefore adopts the ads you already have on',
    'mobile.de (by internal number, then VIN): they are updated, never created again. Ads that match',
    'no vehicle are shown once for manual assignment (to a vehicle, keep, or delete).',
    '',
    'If a burst of changes would remove many ads (by default at least 20 % and at least 5 within 60',
    'minutes, e.g. after a faulty stock import) the export locks itself and e-mails your lock',
    'recipients. Nothing reaches mobile.de until you unlock it; then only what is still true is sent.',
  ].join('\n'),
  requirements: [
    `Register ${DATA_SERVICE_PROVIDER} as data service provider ("Datendienstleister") in your mobile.de dealer area: Händlerbereich → Schnittstellen-Einstellungen. Until then the activation is refused.`,
    'Your mobile.de seller id (seller-key, digits). It is not the customer number shown in the dealer area; mobile.de customer service can tell you.',
  ],
  bookableFeatures: ['TOP_AD', 'EYE_CATCHER', 'PAGE_ONE_AD', 'DAY_OFFER'],
  settingsSchema: z.strictObject({
    sellerId: digitsId('the mobile.de seller id (seller-key)').describe(
      'The mobile.de seller id (seller-key) of your dealership, not the customer number',
    ),
    descriptionFooter: DescriptionFooterSchema,
    maxImages: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe('Send at most this many images per ad (default: your image preferences)'),
    lock: LockSettingsSchema,
  }),
  secretPaths: [],
};
