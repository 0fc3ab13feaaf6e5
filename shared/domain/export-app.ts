import * as z from 'zod';
import type { CustomAppDefinition } from './custom-app-definition';
import type { transports } from './export';

export type Transport = (typeof transports)[number];

/**
 * An entry in the Appstore's Export section: a platform interface a dealer can activate. The
 * activation validates the dealer's settings with `settingsSchema`, seals the values at
 * `secretPaths` and picks the connector by `transport` and `platform`.
 */
interface ExportAppBase {
  readonly appId: string;
  readonly name: string;
  readonly section: 'export';
  /** `api`: single vehicles on change; `feed`: whole stock on a schedule; `webhook`: the dealer's own system. */
  readonly transport: Transport;
  /** The marketplace (`mobile.de`, `AutoScout24`); null for custom apps. */
  readonly platform: string | null;
  readonly summary: string;
  /** Full text for the app's detail page (what it does, what a mistake costs). */
  readonly description: string;
  /** What the dealer must do outside our system before the activation can succeed. */
  readonly requirements: readonly string[];
  /** Additional bookings this app can send with a listing (`PUT …/bookings`). */
  readonly bookableFeatures: readonly string[];
  /** The settings a dealer gives at activation: a strict object, defaults filled in on parse. */
  readonly settingsSchema: z.ZodType<Record<string, unknown>>;
  /** Dotted paths into the settings whose values are secrets (sealed at rest, masked in responses). */
  readonly secretPaths: readonly string[];
}

export interface BuiltInApp extends ExportAppBase {
  readonly builtIn: true;
}

/** An app a dealer made with the export app configurator; only that dealer sees it. */
export interface CustomApp extends ExportAppBase {
  readonly builtIn: false;
  readonly dealerId: string;
  /**
   * Format, fields, filter, delivery and schedule. Secrets in it are SEALED as stored: open them
   * with `openSecrets(definition, definitionSecretPaths, sealer)` right before a delivery.
   */
  readonly definition: CustomAppDefinition;
  readonly definitionSecretPaths: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type ExportApp = BuiltInApp | CustomApp;

/** Custom apps carry everything in their definition, so activation takes no settings. */
export const NoSettingsSchema = z.strictObject({});

const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

/**
 * The settings as JSON Schema 2020-12 (what a dealer sends, defaults shown), for a UI to render as
 * a form. Computed once per schema: the built-in schemas never change at run time.
 */
export function settingsJsonSchema(app: ExportApp): Record<string, unknown> {
  let json = jsonSchemas.get(app.settingsSchema);
  if (!json) {
    json = z.toJSONSchema(app.settingsSchema, { target: 'draft-2020-12', io: 'input' });
    jsonSchemas.set(app.settingsSchema, json);
  }
  return json;
}
