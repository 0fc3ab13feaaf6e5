import type { AppCatalog } from '../../shared/application/apps/app-catalog';
import type { ExportsDeps } from '../../shared/application/exports/exports-deps';
import type {
  CreateExportOutcome,
  ExportPage,
  ExportPageRequest,
  ExportStore,
  ProviderAccess,
  ProviderAccessState,
} from '../../shared/application/exports/ports';
import type { SecretSealer } from '../../shared/application/secret-sealer';
import { builtInApps } from '../../shared/domain/built-in-apps';
import { PlatformUnavailableError } from '../../shared/domain/errors';
import type { Export } from '../../shared/domain/export';
import type { ExportApp } from '../../shared/domain/export-app';
import type { ApiPlatform } from '../../shared/domain/provider-registration';
import { FakeClock, InMemoryExports, RecordingQueue } from './fakes';
import { InMemoryExportStats } from './stats-fakes';

/** In-memory fakes of the export ports, with the same guard rule as the DynamoDB store. */

export class InMemoryExportStore implements ExportStore {
  readonly exports = new Map<string, Export>();
  /** `${dealerId}#${appId}` → exportId */
  readonly guards = new Map<string, string>();
  readonly customApps = new Set<string>();

  async activeExportId(dealerId: string, appId: string) {
    return this.guards.get(`${dealerId}#${appId}`);
  }
  async createExport(exp: Export, options: { customApp: boolean }): Promise<CreateExportOutcome> {
    if (this.guards.has(`${exp.dealerId}#${exp.appId}`)) return 'already-active';
    if (options.customApp && !this.customApps.has(`${exp.dealerId}#${exp.appId}`)) return 'app-gone';
    this.guards.set(`${exp.dealerId}#${exp.appId}`, exp.exportId);
    this.exports.set(exp.exportId, exp);
    return 'created';
  }
  async getExport(dealerId: string, exportId: string) {
    const exp = this.exports.get(exportId);
    return exp?.dealerId === dealerId ? exp : undefined;
  }
  async listExports(dealerId: string, page: ExportPageRequest): Promise<ExportPage> {
    const all = [...this.exports.values()]
      .filter((exp) => exp.dealerId === dealerId)
      .sort((a, b) => b.exportId.localeCompare(a.exportId));
    const start = page.cursor ? Number(page.cursor) : 0;
    const items = all.slice(start, start + page.limit);
    return { items, nextCursor: start + page.limit < all.length ? String(start + page.limit) : null };
  }
  async replaceSettings(
    exp: Export,
    change: { settings: Record<string, unknown>; secretPaths: readonly string[]; at: Date },
  ) {
    const stored = this.exports.get(exp.exportId);
    if (!stored || stored.status === 'inactive') return undefined;
    const updated = {
      ...stored,
      settings: change.settings,
      secretPaths: [...change.secretPaths],
      updatedAt: change.at.toISOString(),
    };
    this.exports.set(exp.exportId, updated);
    return updated;
  }
  async deactivate(exp: Export, change: { removeListings: boolean; at: Date }) {
    const stored = this.exports.get(exp.exportId);
    if (!stored || stored.status === 'inactive') return undefined;
    const updated: Export = {
      ...stored,
      status: 'inactive',
      removeListings: change.removeListings,
      deactivatedAt: change.at.toISOString(),
    };
    this.exports.set(exp.exportId, updated);
    this.guards.delete(`${exp.dealerId}#${exp.appId}`);
    return updated;
  }
}

/** Answers from a table of linked accounts; `failWith` makes every call throw it. */
export class FakeProviderAccess implements ProviderAccess {
  readonly calls: { platform: ApiPlatform; accountId: string }[] = [];
  readonly linked = new Set<string>();
  failWith: Error | undefined;

  link(platform: ApiPlatform, accountId: string): this {
    this.linked.add(`${platform}#${accountId}`);
    return this;
  }
  async verifyAccess(platform: ApiPlatform, accountId: string): Promise<ProviderAccessState> {
    this.calls.push({ platform, accountId });
    if (this.failWith) throw this.failWith;
    return this.linked.has(`${platform}#${accountId}`) ? 'linked' : 'missing';
  }
}

/** Reversible and visible: `sealed(<secret>)`, so a test can tell sealed from plain. */
export const fakeSealer: SecretSealer = {
  seal: async (plain) => `sealed(${plain})`,
  open: async (sealed) => {
    const match = /^sealed\((.*)\)$/s.exec(sealed);
    if (!match) throw new Error(`not sealed: ${sealed}`);
    return match[1]!;
  },
};

export class FakeAppCatalog implements AppCatalog {
  readonly custom = new Map<string, ExportApp>();
  async listApps(dealerId: string) {
    return [
      ...builtInApps,
      ...[...this.custom.values()].filter((app) => !app.builtIn && app.dealerId === dealerId),
    ];
  }
  async getApp(dealerId: string, appId: string) {
    return (await this.listApps(dealerId)).find((app) => app.appId === appId);
  }
}

export class RecordingLogger {
  readonly lines: { level: 'info' | 'warn'; message: string; data?: Record<string, unknown> }[] = [];
  info(message: string, data?: Record<string, unknown>) {
    this.lines.push({ level: 'info', message, ...(data ? { data } : {}) });
  }
  warn(message: string, data?: Record<string, unknown>) {
    this.lines.push({ level: 'warn', message, ...(data ? { data } : {}) });
  }
}

export function exportsDeps() {
  const deps = {
    apps: new FakeAppCatalog(),
    exports: new InMemoryExportStore(),
    providerAccess: new FakeProviderAccess(),
    sealer: fakeSealer,
    clock: new FakeClock(new Date('2026-11-27T09:00:00.000Z')),
    logger: new RecordingLogger(),
    jobs: new InMemoryExports(),
    jobQueue: new RecordingQueue(),
    counters: new InMemoryExportStats(),
  } satisfies ExportsDeps;
  return deps;
}

export const unavailable = () =>
  new PlatformUnavailableError('mobile.de is unavailable (HTTP 503). Try again later.');

/** Valid settings of the built-in apps, as a dealer sends them. */
export const validSettings = {
  'mobile-de-api': { sellerId: '1000001' },
  'autoscout24-api': { customerId: '2000001' },
  'mobile-de-csv': {
    customerNumber: '4711',
    delivery: {
      protocol: 'sftp',
      host: 'upload.mobile.example',
      port: 22,
      username: 'dealer',
      password: 'ftp-Secret-1',
      path: '/stock.csv',
    },
    schedule: { times: ['06:00'] },
  },
} as const;
