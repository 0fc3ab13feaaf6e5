import { builtInApp } from '../../domain/built-in-apps';
import type { CustomAppRecord } from '../../domain/custom-app';
import { ConflictError, NotFoundError } from '../../domain/errors';
import { activationOf } from './app-view';
import type { CustomAppStore } from './custom-app-store';
import type { ExportReader } from '../ports';

export interface EditableAppDeps {
  readonly store: CustomAppStore;
  readonly exports: Pick<ExportReader, 'listExports'>;
}

/**
 * The stored custom app a PUT or DELETE may change: not a built-in app (409 BUILT_IN_APP, since
 * every dealer sees it, so a 404 would contradict GET), the caller's own (404 otherwise) and not
 * activated (409 APP_ACTIVE: a running export must not change its format or delivery under it).
 */
export async function editableCustomApp(
  deps: EditableAppDeps,
  dealerId: string,
  appId: string,
): Promise<CustomAppRecord> {
  if (builtInApp(appId))
    throw new ConflictError('BUILT_IN_APP', 'Built-in apps cannot be changed or deleted.');
  const [stored, exports] = await Promise.all([
    deps.store.getCustomApp(dealerId, appId),
    deps.exports.listExports(dealerId),
  ]);
  if (!stored) throw new NotFoundError('app');
  const activation = activationOf(exports, appId);
  if (activation) {
    throw new ConflictError(
      'APP_ACTIVE',
      `The app is activated as export ${activation.exportId}; deactivate the export first.`,
    );
  }
  return stored;
}
