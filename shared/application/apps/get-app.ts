import { NotFoundError } from '../../domain/errors';
import { activationOf, toAppView, type AppView } from './app-view';
import type { AppQueryDeps } from './list-apps';

/** One app with its full description; another dealer's custom app is not found. */
export async function getApp(deps: AppQueryDeps, dealerId: string, appId: string): Promise<AppView> {
  const [app, exports] = await Promise.all([
    deps.catalog.getApp(dealerId, appId),
    deps.exports.listExports(dealerId),
  ]);
  if (!app) throw new NotFoundError('app');
  return toAppView(app, activationOf(exports, app.appId), true);
}
