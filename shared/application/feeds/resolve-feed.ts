import type { Export } from '../../domain/export';
import type { ExportApp } from '../../domain/export-app';
import { feedTargetOf } from '../../domain/feed-target';
import { matchesFilter } from '../../domain/vehicle-filter';
import type { AppCatalog } from '../apps/app-catalog';
import type { ListingPreferences } from '../delta/ports';
import { openSecrets, type SecretSealer } from '../secret-sealer';
import type { FeedRenderer } from './feed-renderer';
import type { FeedResolver, ResolvedFeed } from './ports';

/** Builds the renderer of an app's file format (adapters/feeds/render/feed-renderer-for.ts). */
export type RendererFactory = (
  app: ExportApp,
  settings: Readonly<Record<string, unknown>>,
  preferences: { contactEmail: string | null; maxImages: number },
) => FeedRenderer;

/**
 * Which file a feed export renders and where it goes: the built-in CSV feed from the export's
 * settings, a custom app from its definition (format, filter, delivery). Secrets are opened here,
 * right before use.
 */
export class AppFeedResolver implements FeedResolver {
  constructor(
    private readonly catalog: AppCatalog,
    private readonly sealer: SecretSealer,
    private readonly rendererFor: RendererFactory,
    private readonly preferences: ListingPreferences,
  ) {}

  async resolve(exp: Export): Promise<ResolvedFeed> {
    const app = await this.catalog.getApp(exp.dealerId, exp.appId);
    if (!app) throw new Error(`the app ${exp.appId} of the export is gone`);
    const preferences = await this.preferences.preferencesOf(exp.dealerId);
    if (!app.builtIn) {
      const definition = await openSecrets(app.definition, app.definitionSecretPaths, this.sealer);
      return {
        renderer: this.rendererFor(app, exp.settings, preferences),
        target: feedTargetOf(definition.delivery),
        accepts: (vehicle) => matchesFilter(vehicle, definition.filter),
      };
    }
    const settings = await openSecrets(exp.settings, exp.secretPaths, this.sealer);
    return {
      renderer: this.rendererFor(app, settings, preferences),
      target: feedTargetOf(settings.delivery),
      accepts: () => true,
    };
  }
}
