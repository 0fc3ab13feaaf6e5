import * as z from 'zod';
import type { FeedRenderer } from '../../../application/feeds/feed-renderer';
import { mobileDeCsvApp } from '../../../domain/apps/mobile-de-csv';
import { digitsId } from '../../../domain/apps/settings-parts';
import type { CustomAppDefinition } from '../../../domain/custom-app-definition';
import { ConflictError, ValidationError } from '../../../domain/errors';
import type { ExportApp } from '../../../domain/export-app';
import { customCsvRenderer } from './custom-csv';
import { customJsonRenderer } from './custom-json';
import { customXmlRenderer } from './custom-xml';
import { mobileDeCsvRenderer } from './mobile-de-csv';

/** The dealer's preferences a feed uses (the same the delta worker reads for API exports). */
export interface FeedPreferences {
  readonly contactEmail: string | null;
  readonly maxImages: number;
}

// Only what the renderer reads; the delivery part (with its sealed password) is not its business.
const MobileDeCsvSettingsSchema = z.object({ customerNumber: digitsId('the mobile.de customer number') });

/**
 * The renderer of a feed export's file. Renderers write every vehicle they are given: a custom
 * app's filter is applied by the caller (`matchesFilter(vehicle, definition.filter)`), which also
 * counts the vehicles for the feed lock.
 */
export function feedRendererFor(
  app: ExportApp,
  settings: Readonly<Record<string, unknown>>,
  preferences: FeedPreferences,
): FeedRenderer {
  if (app.transport !== 'feed') {
    throw new ConflictError('NOT_A_FEED', `The app "${app.name}" sends single vehicles, not a feed file.`);
  }
  if (!app.builtIn) return customFeedRenderer(app.definition);
  if (app.appId === mobileDeCsvApp.appId) {
    const parsed = MobileDeCsvSettingsSchema.safeParse(settings);
    if (!parsed.success) {
      throw new ValidationError(
        'FEED_SETTINGS_INVALID',
        'The export settings have no valid mobile.de customer number.',
        parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      );
    }
    return mobileDeCsvRenderer({ customerNumber: parsed.data.customerNumber, ...preferences });
  }
  throw new ConflictError('NOT_A_FEED', `No feed renderer for the app "${app.appId}".`);
}

/** The renderer of a custom app's file format. */
export function customFeedRenderer(definition: Pick<CustomAppDefinition, 'format' | 'fields'>): FeedRenderer {
  const { format, fields } = definition;
  switch (format.type) {
    case 'csv':
      return customCsvRenderer(format, fields);
    case 'xml':
      return customXmlRenderer(format, fields);
    case 'json':
      return customJsonRenderer(fields);
  }
}
