import type { AppCatalog } from './app-catalog';
import { activationOf, toAppView, type AppView } from './app-view';
import type { ExportReader } from '../ports';

export interface AppQueryDeps {
  readonly catalog: AppCatalog;
  readonly exports: Pick<ExportReader, 'listExports'>;
}

/** The Appstore's export section for one dealer: built-in apps, then the dealer's own. */
export async function listApps(deps: AppQueryDeps, dealerId: string): Promise<AppView[]> {
  const [apps, exports] = await Promise.all([
    deps.catalog.listApps(dealerId),
    deps.exports.listExports(dealerId),
  ]);
  return apps.map((app) => toAppView(app, activationOf(exports, app.appId), false));
}
