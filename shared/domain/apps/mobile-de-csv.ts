import * as z from 'zod';
import {
  FeedLockSettingsSchema,
  HostKeySchema,
  HostSchema,
  PasswordSchema,
  PortSchema,
  RemotePathSchema,
  UsernameSchema,
  digitsId,
} from './settings-parts';
import type { BuiltInApp } from '../export-app';
import { FeedScheduleSchema } from '../feed-schedule';

/** mobile.de's classic CSV upload (reference/platforms.md §2): the whole stock as one file. */
export const mobileDeCsvApp: BuiltInApp = {
  appId: 'mobile-de-csv',
  name: 'mobile.de (CSV feed)',
  section: 'export',
  transport: 'feed',
  platform: 'mobile.de',
  builtIn: true,
  summary: 'Uploads your whole released stock to mobile.de as a CSV file on a schedule, by FTP or SFTP.',
  description: [
    'Renders every released vehicle into the mobile.de CSV format (";"-separated, ISO-8859-15, fixed',
    'columns) and uploads the file to the server mobile.de gave you, at the times you choose.',
    '',
    'mobile.de replaces your whole stock with each file: a vehicle missing from the file loses its ad,',
    'and an empty file deletes every ad. A new ad counts against your mobile.de ad quota, so the',
    'export locks itself instead of delivering a much smaller stock than last time (by default less',
    'than 80 % and at least 5 vehicles fewer, or nothing after something) and e-mails your lock',
    'recipients.',
    '',
    'Changes reach mobile.de only with the next scheduled file; for changes within seconds use',
    'mobile.de (API).',
  ].join('\n'),
  requirements: [
    'Upload access (FTP or SFTP) from mobile.de for your dealership: host, user and password.',
    'Your mobile.de customer number (the number shown in the dealer area).',
  ],
  bookableFeatures: ['EYE_CATCHER', 'PAGE_ONE_AD'],
  settingsSchema: z.strictObject({
    customerNumber: digitsId('the mobile.de customer number').describe(
      'Your mobile.de customer number, as shown in the dealer area',
    ),
    delivery: z
      .strictObject({
        protocol: z.enum(['ftp', 'sftp']),
        host: HostSchema,
        port: PortSchema.describe('Usually 21 for FTP, 22 for SFTP'),
        username: UsernameSchema,
        password: PasswordSchema.meta({ writeOnly: true, description: 'Write-only: answered as "********"' }),
        path: RemotePathSchema.describe('Where the file goes on the server, e.g. "/stock.csv"'),
        hostKey: HostKeySchema.optional(),
      })
      .refine((delivery) => !delivery.hostKey || delivery.protocol === 'sftp', {
        path: ['hostKey'],
        message: 'a host key only applies to sftp',
      })
      .describe('The upload server mobile.de gave you'),
    schedule: FeedScheduleSchema.describe(
      'UTC times of day, e.g. {"times":["06:00","18:00"]}, or every n minutes',
    ),
    lock: FeedLockSettingsSchema,
  }),
  secretPaths: ['delivery.password'],
};
