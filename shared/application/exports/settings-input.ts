import { ValidationError } from '../../domain/errors';
import type { ExportApp } from '../../domain/export-app';
import { keepStoredSecrets } from '../../domain/secrets';
import { parseExportSettings, underPath } from '../../domain/settings-validation';

/**
 * The settings a dealer sent, ready to verify and seal: a masked secret replaced by the stored one
 * (`storedPlain`: the current settings with secrets opened, none on activation), then validated
 * with the app's schema. Every error names its field as `settings.<path>`.
 */
export function settingsInput(
  app: ExportApp,
  incoming: Record<string, unknown>,
  storedPlain: Record<string, unknown> | undefined,
): Record<string, unknown> {
  let merged: Record<string, unknown>;
  try {
    merged = keepStoredSecrets(incoming, storedPlain, app.secretPaths);
  } catch (error) {
    throw error instanceof ValidationError ? underPath(error, 'settings') : error;
  }
  return parseExportSettings(app.settingsSchema, merged);
}
