import type { Export } from '../../domain/export';
import { matchesFilter } from '../../domain/vehicle-filter';
import type { AppCatalog } from '../apps/app-catalog';
import { openSecrets, type SecretSealer } from '../secret-sealer';
import type { ListingConnector } from './listing-connector';
import type { ResolvedTarget, TargetResolver } from './ports';

/** The connectors this deployment has: one per marketplace (by the app's `platform`), and webhooks. */
export interface Connectors {
  readonly platforms: Readonly<Record<string, ListingConnector>>;
  readonly webhook: ListingConnector;
}

/**
 * Which connector serves an export, and with which settings: an API app's connector is chosen by
 * its platform and acts on the export's settings; a webhook app (a custom app) acts on the app's
 * definition (URL, secret, field mapping). Secrets are opened here, right before use.
 */
export class AppTargetResolver implements TargetResolver {
  constructor(
    private readonly catalog: AppCatalog,
    private readonly sealer: SecretSealer,
    private readonly connectors: Connectors,
  ) {}

  async resolve(exp: Export): Promise<ResolvedTarget | undefined> {
    const app = await this.catalog.getApp(exp.dealerId, exp.appId);
    if (!app) return undefined;
    if (app.transport === 'webhook' && !app.builtIn) {
      const definition = await openSecrets(app.definition, app.definitionSecretPaths, this.sealer);
      return {
        connector: this.connectors.webhook,
        settings: definition as unknown as Record<string, unknown>,
        accepts: (vehicle) => matchesFilter(vehicle, definition.filter),
      };
    }
    const connector =
      app.transport === 'api' && app.platform ? this.connectors.platforms[app.platform] : undefined;
    if (!connector) return undefined;
    return { connector, settings: await openSecrets(exp.settings, exp.secretPaths, this.sealer) };
  }
}
