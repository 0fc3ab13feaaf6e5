import type { CustomAppDefinition } from '../../domain/custom-app-definition';
import type { Export } from '../../domain/export';
import { settingsJsonSchema, type ExportApp, type Transport } from '../../domain/export-app';
import { maskSecrets } from '../../domain/secrets';

/** The caller's export of an app, while it is not deactivated. */
export interface AppActivation {
  readonly exportId: string;
  readonly status: Export['status'];
}

/** An app as the API answers it (API.md "App"); secrets of a custom definition are masked. */
export interface AppView {
  readonly appId: string;
  readonly name: string;
  readonly section: 'export';
  readonly transport: Transport;
  readonly platform: string | null;
  readonly summary: string;
  readonly description?: string;
  readonly requirements: readonly string[];
  readonly settingsSchema: Record<string, unknown>;
  readonly bookableFeatures: readonly string[];
  readonly builtIn: boolean;
  readonly activation: AppActivation | null;
  readonly definition?: CustomAppDefinition;
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

export function activationOf(exports: readonly Export[], appId: string): AppActivation | null {
  const active = exports.find((exp) => exp.appId === appId && exp.status !== 'inactive');
  return active ? { exportId: active.exportId, status: active.status } : null;
}

/** `detail`: the full description and the custom definition (the list shows neither). */
export function toAppView(app: ExportApp, activation: AppActivation | null, detail: boolean): AppView {
  return {
    appId: app.appId,
    name: app.name,
    section: app.section,
    transport: app.transport,
    platform: app.platform,
    summary: app.summary,
    ...(detail ? { description: app.description } : {}),
    requirements: app.requirements,
    settingsSchema: settingsJsonSchema(app),
    bookableFeatures: app.bookableFeatures,
    builtIn: app.builtIn,
    activation,
    ...(app.builtIn
      ? {}
      : {
          ...(detail ? { definition: maskSecrets(app.definition, app.definitionSecretPaths) } : {}),
          createdAt: app.createdAt,
          updatedAt: app.updatedAt,
        }),
  };
}
