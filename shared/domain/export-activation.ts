import type { ExportStatus } from './export';
import type { ExportApp } from './export-app';
import { apiPlatforms } from './provider-registration';

/**
 * The status a fresh export starts in. API exports to the paid platforms start `matching`: no
 * listing is created before the platform's existing listings are adopted (PRODUCT.md §4); the
 * match job turns them `active`. Feed and webhook exports have nothing to adopt.
 */
export function initialExportStatus(app: ExportApp): ExportStatus {
  return needsInventoryMatch(app) ? 'matching' : 'active';
}

/** mobile.de and AutoScout24 API exports: listings there may exist already, and a new one costs. */
export function needsInventoryMatch(app: ExportApp): boolean {
  return app.transport === 'api' && (apiPlatforms as readonly (string | null)[]).includes(app.platform);
}
