import { builtInApp, builtInApps } from '../../domain/built-in-apps';
import { customAppOf } from '../../domain/custom-app';
import type { ExportApp } from '../../domain/export-app';
import type { CustomAppStore } from './custom-app-store';

/**
 * The export apps a dealer can see: the built-in ones and the dealer's own custom apps. Another
 * dealer's custom app is simply not there (undefined), never told apart from an unknown id.
 */
export interface AppCatalog {
  listApps(dealerId: string): Promise<readonly ExportApp[]>;
  getApp(dealerId: string, appId: string): Promise<ExportApp | undefined>;
}

export class BuiltInAndCustomAppCatalog implements AppCatalog {
  constructor(private readonly customApps: Pick<CustomAppStore, 'listCustomApps' | 'getCustomApp'>) {}

  async listApps(dealerId: string): Promise<readonly ExportApp[]> {
    const custom = await this.customApps.listCustomApps(dealerId);
    return [...builtInApps, ...custom.map(customAppOf)];
  }

  async getApp(dealerId: string, appId: string): Promise<ExportApp | undefined> {
    const builtIn = builtInApp(appId);
    if (builtIn) return builtIn;
    const record = await this.customApps.getCustomApp(dealerId, appId);
    return record && customAppOf(record);
  }
}
