import type { ExportStatus } from './export';
import type { ExportApp } from './export-app';

/**
 * The status a fresh export starts in. Every export starts `active` for now; the inventory-match
 * issue makes API exports to paid platforms start `matching`, so no listing is created before
 * the platform's existing listings are adopted (PRODUCT.md §4). This is the one place to change.
 */
export function initialExportStatus(_app: ExportApp): ExportStatus {
  return 'active';
}
