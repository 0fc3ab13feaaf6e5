import * as z from 'zod';
import { CustomAppDefinitionSchema } from '../domain/custom-app-definition';
import { exportStatuses, transports } from '../domain/export';
import type { Operation } from './operation';

/** Body of `POST /v1/apps` and `PUT /v1/apps/{appId}`; also what a custom app answers as `definition`. */
export const CustomAppBodySchema = CustomAppDefinitionSchema.meta({
  id: 'CustomAppDefinition',
  description:
    'An export app of your own. Secrets (delivery password, webhook secret, header values) are write-only: ' +
    'answered as "********"; sending "********" back keeps the stored value.',
});

const ActivationSchema = z
  .object({ exportId: z.string(), status: z.enum(exportStatuses) })
  .nullable()
  .describe("The calling dealer's export of this app, null when not activated");

export const AppSchema = z
  .object({
    appId: z.string(),
    name: z.string(),
    section: z.literal('export'),
    transport: z.enum(transports),
    platform: z.string().nullable(),
    summary: z.string(),
    description: z.string(),
    requirements: z.array(z.string()),
    settingsSchema: z
      .record(z.string(), z.unknown())
      .describe('JSON Schema 2020-12 of the settings that `POST /v1/apps/{appId}/activation` takes'),
    bookableFeatures: z.array(z.string()),
    builtIn: z.boolean(),
    activation: ActivationSchema,
    definition: CustomAppBodySchema.optional().describe('Custom apps only, secrets masked'),
    createdAt: z.iso.datetime().optional(),
    updatedAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'App' });

export const AppListItemSchema = AppSchema.omit({ description: true, definition: true }).meta({
  id: 'AppListItem',
});

export const AppListSchema = z.object({ items: z.array(AppListItemSchema) });

export const AppListQuerySchema = z.object({
  section: z
    .enum(['export'], { error: 'the Appstore serves the section "export"' })
    .default('export')
    .describe('The Appstore section; only "export" exists'),
});

const tag = 'Appstore';
const app = { description: 'The app', schema: AppSchema };
const body = [{ mediaType: 'application/json', schema: CustomAppBodySchema }];

export const appOperations: readonly Operation[] = [
  {
    method: 'GET',
    path: '/v1/apps',
    operationId: 'listApps',
    summary: "The export apps: built-in ones and the dealer's own, with the dealer's activation",
    tag,
    auth: 'jwt',
    query: AppListQuerySchema,
    responses: { 200: { description: 'Every app of the section', schema: AppListSchema } },
    errors: { 422: ['VALIDATION_FAILED'] },
  },
  {
    method: 'GET',
    path: '/v1/apps/{appId}',
    operationId: 'getApp',
    summary: 'One export app with its full description and settings schema',
    tag,
    auth: 'jwt',
    responses: { 200: app },
    errors: { 404: ['NOT_FOUND'] },
  },
  {
    method: 'POST',
    path: '/v1/apps',
    operationId: 'createApp',
    summary: 'Creates a custom export app (export app configurator)',
    tag,
    auth: 'jwt',
    body,
    responses: { 201: { description: 'The app as created', schema: AppSchema } },
    errors: { 409: ['APP_LIMIT_REACHED'], 422: ['VALIDATION_FAILED'] },
  },
  {
    method: 'PUT',
    path: '/v1/apps/{appId}',
    operationId: 'replaceApp',
    summary: 'Replaces a custom export app (full definition); not while it is activated',
    tag,
    auth: 'jwt',
    body,
    responses: { 200: app },
    errors: { 404: ['NOT_FOUND'], 409: ['BUILT_IN_APP', 'APP_ACTIVE'], 422: ['VALIDATION_FAILED'] },
  },
  {
    method: 'DELETE',
    path: '/v1/apps/{appId}',
    operationId: 'deleteApp',
    summary: 'Deletes a custom export app; not while it is activated',
    tag,
    auth: 'jwt',
    responses: { 204: { description: 'Deleted' } },
    errors: { 404: ['NOT_FOUND'], 409: ['BUILT_IN_APP', 'APP_ACTIVE'] },
  },
];
