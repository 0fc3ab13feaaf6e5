import { ConflictError, NotFoundError } from '../../domain/errors';
import { emptyExportStats, type Export } from '../../domain/export';
import { initialExportStatus } from '../../domain/export-activation';
import type { ExportApp } from '../../domain/export-app';
import { newId } from '../../domain/ids';
import { sealSecrets } from '../secret-sealer';
import { startJob } from '../start-job';
import type { ExportsDeps } from './exports-deps';
import { toExportView, type ExportView } from './export-view';
import { settingsInput } from './settings-input';
import { verifyProviderRegistration } from './verify-provider-registration';

/**
 * `POST /v1/apps/{appId}/activation`: validates the settings against the app, refuses a second
 * export of the same app (409), asks the platform about our registration for API apps (424/502),
 * then stores the export with its secrets sealed; an API export to a paid platform starts
 * `matching` with its inventory match job queued. The checks run cheapest first, so a refused
 * activation costs no platform call; the guard written with the export settles races.
 */
export async function activateExport(
  deps: ExportsDeps,
  dealerId: string,
  appId: string,
  incoming: Record<string, unknown>,
): Promise<ExportView> {
  const app = await deps.apps.getApp(dealerId, appId);
  if (!app) throw new NotFoundError('app');
  const settings = settingsInput(app, incoming, undefined);
  if (await deps.exports.activeExportId(dealerId, appId)) throw alreadyActive(app);
  await verifyProviderRegistration(deps, { dealerId, app }, settings);

  const now = deps.clock.now();
  const exp: Export = {
    exportId: newId('exp', now),
    dealerId,
    appId,
    transport: app.transport,
    status: initialExportStatus(app),
    settings: await sealSecrets(settings, app.secretPaths, deps.sealer),
    secretPaths: [...app.secretPaths],
    lock: null,
    stats: emptyExportStats,
    lastTransmissionAt: null,
    createdAt: now.toISOString(),
    // A custom feed's schedule is part of its definition, which cannot change while activated.
    ...(!app.builtIn && app.definition.schedule ? { feedSchedule: app.definition.schedule } : {}),
  };
  const outcome = await deps.exports.createExport(exp, { customApp: !app.builtIn });
  if (outcome === 'already-active') throw alreadyActive(app);
  if (outcome === 'app-gone') throw new NotFoundError('app');
  // The inventory match adopts the platform's listings, then turns the export active.
  if (exp.status === 'matching') await startJob(deps, exp, 'match', now);
  deps.logger.info('export activated', { dealerId, appId, exportId: exp.exportId });
  // A new export has recorded no error yet.
  return toExportView(exp, 0);
}

function alreadyActive(app: ExportApp): ConflictError {
  return new ConflictError(
    'ALREADY_ACTIVE',
    `${app.name} is already activated. Change the settings of its export, or deactivate it first.`,
  );
}
