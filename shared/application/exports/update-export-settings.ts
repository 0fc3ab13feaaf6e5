import { ConflictError } from '../../domain/errors';
import { openSecrets, sealSecrets } from '../secret-sealer';
import type { ExportsDeps } from './exports-deps';
import { answerExport, type ExportView } from './export-view';
import { existingExport } from './read-exports';
import { settingsInput } from './settings-input';
import { verifyProviderRegistration } from './verify-provider-registration';

/**
 * `PUT /v1/exports/{exportId}/settings`: the full settings again, validated against the app; a
 * secret sent as "********" keeps the stored one. For API apps a changed seller or customer id
 * is verified with the platform again (424/502), an unchanged one is not.
 */
export async function updateExportSettings(
  deps: ExportsDeps,
  dealerId: string,
  exportId: string,
  incoming: Record<string, unknown>,
): Promise<ExportView> {
  const exp = await existingExport(deps, dealerId, exportId);
  if (exp.status === 'inactive') throw inactive();
  const app = await deps.apps.getApp(dealerId, exp.appId);
  // An app cannot be deleted while activated; finding none means it went meanwhile.
  if (!app) throw new ConflictError('APP_UNAVAILABLE', 'The app of this export no longer exists.');

  const storedPlain = await openSecrets(exp.settings, exp.secretPaths, deps.sealer);
  const settings = settingsInput(app, incoming, storedPlain);
  await verifyProviderRegistration(deps, { dealerId, app }, settings, storedPlain);

  const updated = await deps.exports.replaceSettings(exp, {
    settings: await sealSecrets(settings, app.secretPaths, deps.sealer),
    secretPaths: [...app.secretPaths],
    at: deps.clock.now(),
  });
  if (!updated) throw inactive();
  deps.logger.info('export settings changed', { dealerId, exportId, appId: exp.appId });
  return answerExport(deps, updated);
}

function inactive(): ConflictError {
  return new ConflictError(
    'EXPORT_INACTIVE',
    'The export is deactivated. Activate the app again to export with new settings.',
  );
}
