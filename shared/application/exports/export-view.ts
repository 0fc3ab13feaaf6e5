import type { Export, ExportLock, ExportStats, ExportStatus } from '../../domain/export';
import { maskSecrets } from '../../domain/secrets';

/** An export as the API answers it (API.md "Export"): secrets masked, internals left out. */
export interface ExportView {
  readonly exportId: string;
  readonly appId: string;
  readonly status: ExportStatus;
  readonly settings: Record<string, unknown>;
  readonly lock: ExportLock | null;
  readonly stats: ExportStats;
  readonly lastTransmissionAt: string | null;
  readonly createdAt: string;
}

export function toExportView(exp: Export): ExportView {
  return {
    exportId: exp.exportId,
    appId: exp.appId,
    status: exp.status,
    settings: maskSecrets(exp.settings, exp.secretPaths),
    lock: exp.lock,
    stats: exp.stats,
    lastTransmissionAt: exp.lastTransmissionAt,
    createdAt: exp.createdAt,
  };
}
