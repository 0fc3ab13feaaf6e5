import { beforeEach, describe, expect, it } from 'vitest';
import { BuiltInAndCustomAppCatalog } from '../../shared/application/apps/app-catalog';
import { createCustomApp } from '../../shared/application/apps/create-custom-app';
import type { CustomAppStore } from '../../shared/application/apps/custom-app-store';
import { deleteCustomApp } from '../../shared/application/apps/delete-custom-app';
import { getApp } from '../../shared/application/apps/get-app';
import { listApps } from '../../shared/application/apps/list-apps';
import { replaceCustomApp } from '../../shared/application/apps/replace-custom-app';
import type { CustomAppWrite } from '../../shared/application/apps/custom-app-store';
import type { SecretSealer } from '../../shared/application/secret-sealer';
import { maxCustomAppsPerDealer, type CustomAppRecord } from '../../shared/domain/custom-app';
import {
  CustomAppDefinitionSchema,
  type CustomAppDefinition,
} from '../../shared/domain/custom-app-definition';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/domain/errors';
import { SECRET_MASK } from '../../shared/domain/secrets';
import { FakeClock, InMemoryExports, anExport } from '../support/fakes';

class InMemoryCustomApps implements CustomAppStore {
  readonly apps = new Map<string, CustomAppRecord>();
  async listCustomApps(dealerId: string) {
    return [...this.apps.values()].filter((app) => app.dealerId === dealerId);
  }
  async getCustomApp(dealerId: string, appId: string) {
    const app = this.apps.get(appId);
    return app?.dealerId === dealerId ? app : undefined;
  }
  async createCustomApp(record: CustomAppRecord) {
    this.apps.set(record.appId, record);
  }
  async replaceCustomApp(record: CustomAppRecord): Promise<CustomAppWrite> {
    if (!this.apps.has(record.appId)) return 'missing';
    this.apps.set(record.appId, record);
    return 'done';
  }
  async deleteCustomApp(dealerId: string, appId: string): Promise<CustomAppWrite> {
    const exists = (await this.getCustomApp(dealerId, appId)) !== undefined && this.apps.delete(appId);
    return exists ? 'done' : 'missing';
  }
}

/** Reversible and visibly sealed, so a test sees what was stored. */
const sealer: SecretSealer = {
  seal: async (plain) => `sealed(${plain})`,
  open: async (sealed) => sealed.replace(/^sealed\((.*)\)$/s, '$1'),
};

const definition = (delivery: Record<string, unknown> = {}): CustomAppDefinition =>
  CustomAppDefinitionSchema.parse({
    name: 'Own website',
    summary: 'Stock as JSON',
    format: { type: 'json' },
    fields: [{ target: 'title', source: { template: '{{make}} {{model}}' } }],
    delivery: {
      type: 'http',
      method: 'PUT',
      url: 'https://f.example/in',
      headers: { authorization: 'Bearer s3cret' },
      ...delivery,
    },
    schedule: { everyMinutes: 60 },
  });

describe('custom app use cases', () => {
  let store: InMemoryCustomApps;
  let exports: InMemoryExports;
  let deps: Parameters<typeof replaceCustomApp>[0] & Parameters<typeof listApps>[0];

  beforeEach(() => {
    store = new InMemoryCustomApps();
    exports = new InMemoryExports();
    deps = {
      store,
      exports,
      sealer,
      clock: new FakeClock(new Date('2026-11-27T09:00:00.000Z')),
      catalog: new BuiltInAndCustomAppCatalog(store),
    };
  });

  it('creates an app: stored sealed, answered masked, listed after the built-ins', async () => {
    const created = await createCustomApp(deps, 'd1', definition());

    expect(created.appId).toMatch(/^app_/);
    expect(created).toMatchObject({ transport: 'feed', builtIn: false, activation: null });
    expect(created.definition?.delivery).toMatchObject({ headers: { authorization: SECRET_MASK } });
    const stored = store.apps.get(created.appId)!;
    expect(stored.definition.delivery).toMatchObject({ headers: { authorization: 'sealed(Bearer s3cret)' } });
    const listed = await listApps(deps, 'd1');
    expect(listed.map((app) => app.appId)).toEqual([
      'mobile-de-api',
      'autoscout24-api',
      'mobile-de-csv',
      created.appId,
    ]);
    expect(listed.every((app) => app.description === undefined && app.definition === undefined)).toBe(true);
  });

  it('refuses a mask on create and a dealer beyond the app limit', async () => {
    await expect(
      createCustomApp(deps, 'd1', definition({ headers: { authorization: SECRET_MASK } })),
    ).rejects.toThrow(ValidationError);
    for (let i = 0; i < maxCustomAppsPerDealer; i++) await createCustomApp(deps, 'd1', definition());
    await expect(createCustomApp(deps, 'd1', definition())).rejects.toMatchObject({
      code: 'APP_LIMIT_REACHED',
    });
  });

  it('replaces a definition and keeps a masked secret', async () => {
    const { appId } = await createCustomApp(deps, 'd1', definition());
    const replaced = await replaceCustomApp(deps, 'd1', appId, {
      ...definition({ headers: { authorization: SECRET_MASK } }),
      name: 'Renamed',
    });
    expect(replaced).toMatchObject({
      name: 'Renamed',
      definition: { delivery: { headers: { authorization: SECRET_MASK } } },
    });
    expect(store.apps.get(appId)!.definition.delivery).toMatchObject({
      headers: { authorization: 'sealed(Bearer s3cret)' },
    });
  });

  it('shows the caller its activation, and refuses to change or delete an activated app', async () => {
    const { appId } = await createCustomApp(deps, 'd1', definition());
    exports.add(anExport({ exportId: 'exp_1', appId, transport: 'feed', status: 'locked' }));

    expect((await getApp(deps, 'd1', appId)).activation).toEqual({ exportId: 'exp_1', status: 'locked' });
    await expect(replaceCustomApp(deps, 'd1', appId, definition())).rejects.toMatchObject({
      code: 'APP_ACTIVE',
    });
    await expect(deleteCustomApp(deps, 'd1', appId)).rejects.toMatchObject({ code: 'APP_ACTIVE' });

    exports.add(anExport({ exportId: 'exp_1', appId, transport: 'feed', status: 'inactive' }));
    await deleteCustomApp(deps, 'd1', appId);
    await expect(getApp(deps, 'd1', appId)).rejects.toThrow(NotFoundError);
  });

  it('never lets another dealer see, change or delete an app', async () => {
    const { appId } = await createCustomApp(deps, 'd1', definition());
    await expect(getApp(deps, 'd2', appId)).rejects.toThrow(NotFoundError);
    await expect(replaceCustomApp(deps, 'd2', appId, definition())).rejects.toThrow(NotFoundError);
    await expect(deleteCustomApp(deps, 'd2', appId)).rejects.toThrow(NotFoundError);
    expect((await listApps(deps, 'd2')).map((app) => app.appId)).not.toContain(appId);
  });

  it('refuses to change or delete a built-in app with 409 BUILT_IN_APP', async () => {
    await expect(replaceCustomApp(deps, 'd1', 'mobile-de-api', definition())).rejects.toThrow(ConflictError);
    await expect(deleteCustomApp(deps, 'd1', 'mobile-de-csv')).rejects.toMatchObject({
      code: 'BUILT_IN_APP',
    });
  });

  it('answers a built-in app with its full description and JSON Schema', async () => {
    const app = await getApp(deps, 'd1', 'mobile-de-api');
    expect(app.description).toMatch(/inventory match/);
    expect(app.settingsSchema).toMatchObject({ required: ['sellerId'] });
    expect(app.definition).toBeUndefined();
  });
});
