import * as z from 'zod';
import { ExportLockSchema as LockSchema, ExportStatsSchema, exportStatuses } from '../domain/export';
import { ListQuerySchema, pageOf } from './common';
import type { Operation } from './operation';

const SettingsSchema = z
  .record(z.string(), z.unknown())
  .describe(
    "The app's settings, as its `settingsSchema` describes them. Secrets are write-only: answered as " +
      '"********"; sending "********" back keeps the stored value.',
  );

/** Body of `POST /v1/apps/{appId}/activation` and `PUT /v1/exports/{exportId}/settings`. */
export const ExportSettingsBodySchema = z
  .object({ settings: SettingsSchema })
  .meta({ id: 'ExportSettingsBody' });

const ExportLockSchema = LockSchema.meta({ id: 'ExportLock' });

export const ExportViewSchema = z
  .object({
    exportId: z.string(),
    appId: z.string(),
    status: z.enum(exportStatuses),
    settings: SettingsSchema,
    lock: ExportLockSchema.nullable(),
    stats: ExportStatsSchema.describe(
      'Counters. released: vehicles released to the export. listed: its live listings on the ' +
        'platform (feeds: the vehicles of the last delivered file, and released is that number too). ' +
        'pending: released vehicles not (yet) listed, i.e. max(0, released - listed): queued, ' +
        'waiting for the inventory match, held by a lock or rejected; always 0 for feeds. ' +
        'errorsLast24h: error details recorded in the last 24 hours (counted per UTC hour: the ' +
        'current hour and the 23 before it).',
    ),
    lastTransmissionAt: z.iso
      .datetime()
      .nullable()
      .describe(
        'When the platform last answered a request for this export (accurate to a minute); ' +
          'feeds: the last delivery. Null before the first.',
      ),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Export' });

export const ExportListSchema = pageOf(ExportViewSchema);

export const DeactivationQuerySchema = z.object({
  removeListings: z
    .enum(['true', 'false'], { error: 'removeListings must be "true" or "false"' })
    .default('false')
    .transform((value) => value === 'true')
    .describe('true: the listings are deleted on the platform as well'),
});

const tag = 'Exports';
const body = [{ mediaType: 'application/json', schema: ExportSettingsBodySchema }];
const exportResponse = { description: 'The export', schema: ExportViewSchema };
const platformErrors = {
  424: ['DATA_SERVICE_PROVIDER_MISSING'],
  502: ['PLATFORM_UNAVAILABLE'],
} as const;

export const exportOperations: readonly Operation[] = [
  {
    method: 'POST',
    path: '/v1/apps/{appId}/activation',
    operationId: 'activateApp',
    summary:
      'Activates an export app with the dealer’s settings. For API apps the platform is asked first ' +
      'whether it lists us as data service provider for the dealer.',
    tag,
    auth: 'jwt',
    body,
    responses: { 201: { description: 'The new export', schema: ExportViewSchema } },
    errors: { 404: ['NOT_FOUND'], 409: ['ALREADY_ACTIVE'], 422: ['VALIDATION_FAILED'], ...platformErrors },
  },
  {
    method: 'GET',
    path: '/v1/exports',
    operationId: 'listExports',
    summary: 'The dealer’s exports, newest first (inactive ones included)',
    tag,
    auth: 'jwt',
    query: ListQuerySchema,
    responses: { 200: { description: 'A page of exports', schema: ExportListSchema } },
    errors: { 422: ['VALIDATION_FAILED', 'INVALID_CURSOR'] },
  },
  {
    method: 'GET',
    path: '/v1/exports/{exportId}',
    operationId: 'getExport',
    summary: 'One export with its status, lock and counts',
    tag,
    auth: 'jwt',
    responses: { 200: exportResponse },
    errors: { 404: ['NOT_FOUND'] },
  },
  {
    method: 'PUT',
    path: '/v1/exports/{exportId}/settings',
    operationId: 'replaceExportSettings',
    summary: 'Replaces the export’s settings; a changed seller or customer id is verified with the platform',
    tag,
    auth: 'jwt',
    body,
    responses: { 200: exportResponse },
    errors: {
      404: ['NOT_FOUND'],
      409: ['EXPORT_INACTIVE', 'APP_UNAVAILABLE'],
      422: ['VALIDATION_FAILED'],
      ...platformErrors,
    },
  },
  {
    method: 'DELETE',
    path: '/v1/exports/{exportId}',
    operationId: 'deactivateExport',
    summary: 'Deactivates the export; the app can be activated again afterwards',
    tag,
    auth: 'jwt',
    query: DeactivationQuerySchema,
    responses: {
      202: { description: 'Deactivated (listing removal, if asked for, follows)', schema: ExportViewSchema },
    },
    errors: { 404: ['NOT_FOUND'], 422: ['VALIDATION_FAILED'] },
  },
];
