import * as z from 'zod';
import { DescriptionFooterSchema, LockSettingsSchema, digitsId } from './settings-parts';
import { DATA_SERVICE_PROVIDER } from '../data-service-provider';
import type { BuiltInApp } from '../export-app';

/** AutoScout24 through the Listing Creation API (reference/platforms.md §3.1–3.4). */
export const autoScout24ApiApp: BuiltInApp = {
  appId: 'autoscout24-api',
  name: 'AutoScout24 (API)',
  section: 'export',
  transport: 'api',
  platform: 'AutoScout24',
  builtIn: true,
  summary:
    'Lists your released vehicles on AutoScout24 and keeps every listing in step with your stock within seconds.',
  description: [
    'Transmits single vehicles to AutoScout24 through the Listing Creation API as they change: a new',
    'released vehicle creates a listing, a change updates it, unreleasing or deleting the vehicle',
    'removes it. Images go with the listing.',
    '',
    'Right after activation an inventory match adopts the listings you already have on AutoScout24',
    '(by internal number, then VIN), so they keep their history instead of being created again.',
    'Listings that match no vehicle are shown once for manual assignment.',
    '',
    'If a burst of changes would remove many listings (by default at least 20 % and at least 5 within',
    '60 minutes, e.g. after a faulty stock import) the export locks itself and e-mails your lock',
    'recipients. Nothing reaches AutoScout24 until you unlock it.',
  ].join('\n'),
  requirements: [
    `Authorise ${DATA_SERVICE_PROVIDER} as data provider for your dealership at AutoScout24 (data partner mandate). Until then the activation is refused.`,
    'Your AutoScout24 customer id (digits), the id AutoScout24 gives data providers for your dealership.',
  ],
  // The Listing Creation API documents no booking of premium products (platforms.md §3.5).
  bookableFeatures: [],
  settingsSchema: z.strictObject({
    customerId: digitsId('the AutoScout24 customer id').describe(
      'The AutoScout24 customer id of your dealership',
    ),
    descriptionFooter: DescriptionFooterSchema,
    lock: LockSettingsSchema,
  }),
  secretPaths: [],
};
