import * as z from 'zod';
import {
  StoredCustomAppDefinitionSchema,
  type CustomAppDefinition,
  type CustomAppDelivery,
} from './custom-app-definition';
import { ValidationError } from './errors';
import { NoSettingsSchema, type CustomApp } from './export-app';
import { SECRET_MASK, keepStoredSecrets } from './secrets';

/** Custom app ids carry this prefix (`newId('app')`); built-in ids are plain slugs. */
export const customAppIdPrefix = 'app';

/** Most custom apps one dealer may keep: the Appstore lists them all without paging. */
export const maxCustomAppsPerDealer = 50;

/** A custom app as stored: the dealer's definition with its secrets sealed. */
export const CustomAppRecordSchema = z.object({
  appId: z.string(),
  dealerId: z.string(),
  definition: StoredCustomAppDefinitionSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type CustomAppRecord = z.infer<typeof CustomAppRecordSchema>;

/** Where the secrets of a definition are: they depend on the delivery (every header value is one). */
export function definitionSecretPaths(definition: Pick<CustomAppDefinition, 'delivery'>): string[] {
  const delivery = definition.delivery;
  switch (delivery.type) {
    case 'ftp':
    case 'sftp':
      return ['delivery.password'];
    case 'http':
      return Object.keys(delivery.headers ?? {}).map((name) => `delivery.headers.${name}`);
    case 'webhook':
      return ['delivery.secret'];
  }
}

/** The custom app as the Appstore and the activation see it. */
export function customAppOf(record: CustomAppRecord): CustomApp {
  const { definition } = record;
  return {
    appId: record.appId,
    name: definition.name,
    section: 'export',
    transport: definition.delivery.type === 'webhook' ? 'webhook' : 'feed',
    platform: null,
    summary: definition.summary,
    description: definition.description ?? definition.summary,
    requirements: [],
    bookableFeatures: [],
    settingsSchema: NoSettingsSchema,
    secretPaths: [],
    builtIn: false,
    dealerId: record.dealerId,
    definition,
    definitionSecretPaths: definitionSecretPaths(definition),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function destinationOf(delivery: CustomAppDelivery): string {
  switch (delivery.type) {
    case 'ftp':
    case 'sftp':
      return `${delivery.type}://${delivery.host}:${delivery.port}`;
    case 'http':
    case 'webhook':
      return `${delivery.type} ${delivery.url}`;
  }
}

/**
 * A replacement may send the mask for a secret it keeps. Only towards the same destination: a
 * stored password must not be redirected to another host without the dealer typing it again.
 * `stored` has its secrets open.
 */
export function keepDefinitionSecrets(
  incoming: CustomAppDefinition,
  stored: CustomAppDefinition | undefined,
): CustomAppDefinition {
  const paths = definitionSecretPaths(incoming);
  if (stored && destinationOf(stored.delivery) !== destinationOf(incoming.delivery)) {
    const masked = paths.filter((path) => readPath(incoming, path) === SECRET_MASK);
    if (masked.length > 0) {
      throw new ValidationError(
        'VALIDATION_FAILED',
        'The delivery goes to a new destination: send its secrets again.',
        masked.map((path) => ({ path, message: `send the secret itself, not ${SECRET_MASK}` })),
      );
    }
  }
  return keepStoredSecrets(incoming, stored, paths);
}

function readPath(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (current, key) =>
        current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined,
      value,
    );
}
