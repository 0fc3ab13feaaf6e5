import { describe, expect, it } from 'vitest';
import { activateExport } from '../../shared/application/exports/activate-export';
import { deactivateExport } from '../../shared/application/exports/deactivate-export';
import { getExport, listExports } from '../../shared/application/exports/read-exports';
import { updateExportSettings } from '../../shared/application/exports/update-export-settings';
import { builtInApp } from '../../shared/domain/built-in-apps';
import {
  ConflictError,
  NotFoundError,
  PlatformUnavailableError,
  PreconditionFailedError,
  ValidationError,
} from '../../shared/domain/errors';
import type { ExportApp } from '../../shared/domain/export-app';
import { SECRET_MASK } from '../../shared/domain/secrets';
import { exportsDeps, unavailable, validSettings } from '../support/exports-fakes';

const failure = async (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );

describe('activate export', () => {
  it('asks mobile.de for the seller, stores a matching export, queues its match job and answers it', async () => {
    const deps = exportsDeps();
    deps.providerAccess.link('mobile.de', '1000001');

    const view = await activateExport(deps, 'd1', 'mobile-de-api', { sellerId: '1000001' });

    expect(deps.providerAccess.calls).toEqual([{ platform: 'mobile.de', accountId: '1000001' }]);
    expect(view).toEqual({
      exportId: expect.stringMatching(/^exp_[0-9A-Z]{26}$/) as unknown,
      appId: 'mobile-de-api',
      status: 'matching',
      settings: expect.objectContaining({
        sellerId: '1000001',
        lock: expect.any(Object) as unknown,
      }) as unknown,
      lock: null,
      stats: { released: 0, listed: 0, pending: 0, errorsLast24h: 0 },
      lastTransmissionAt: null,
      createdAt: '2026-11-27T09:00:00.000Z',
    });
    expect(deps.exports.exports.get(view.exportId)).toMatchObject({ dealerId: 'd1', transport: 'api' });
    const [job] = [...deps.jobs.jobs.values()];
    expect(job).toMatchObject({ exportId: view.exportId, dealerId: 'd1', kind: 'match', state: 'queued' });
    expect(deps.jobQueue.sent).toEqual([
      { dealerId: 'd1', exportId: view.exportId, jobId: job!.jobId, kind: 'match' },
    ]);
    expect(deps.logger.lines).toContainEqual(
      expect.objectContaining({
        message: 'export activated',
        data: expect.objectContaining({ exportId: view.exportId }) as unknown,
      }),
    );
  });

  it('asks AutoScout24 for the customer', async () => {
    const deps = exportsDeps();
    deps.providerAccess.link('AutoScout24', '2000001');
    await activateExport(deps, 'd1', 'autoscout24-api', { customerId: '2000001' });
    expect(deps.providerAccess.calls).toEqual([{ platform: 'AutoScout24', accountId: '2000001' }]);
  });

  it('refuses with 424 and where to register when the platform does not list us, storing nothing', async () => {
    const deps = exportsDeps();
    const error = await failure(activateExport(deps, 'd1', 'mobile-de-api', { sellerId: '1000009' }));
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect(error).toMatchObject({ code: 'DATA_SERVICE_PROVIDER_MISSING' });
    expect((error as Error).message).toContain('Schnittstellen-Einstellungen');
    expect(deps.exports.exports.size).toBe(0);
  });

  it('lets PlatformUnavailableError through (502) and logs which platform failed', async () => {
    const deps = exportsDeps();
    deps.providerAccess.failWith = unavailable();
    expect(await failure(activateExport(deps, 'd1', 'mobile-de-api', { sellerId: '1' }))).toBeInstanceOf(
      PlatformUnavailableError,
    );
    expect(deps.logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        data: expect.objectContaining({ platform: 'mobile.de', dealerId: 'd1' }) as unknown,
      }),
    );
    expect(deps.exports.exports.size).toBe(0);
  });

  it('asks no platform for feed apps, seals their secrets and masks them in the answer', async () => {
    const deps = exportsDeps();
    const view = await activateExport(
      deps,
      'd1',
      'mobile-de-csv',
      structuredClone(validSettings['mobile-de-csv']),
    );
    expect(deps.providerAccess.calls).toEqual([]);
    expect(view.settings).toMatchObject({ delivery: { password: SECRET_MASK, username: 'dealer' } });
    expect(deps.exports.exports.get(view.exportId)).toMatchObject({
      transport: 'feed',
      secretPaths: ['delivery.password'],
      settings: { delivery: { password: 'sealed(ftp-Secret-1)' } },
    });
    // Nothing to adopt on a feed: active at once, no match job.
    expect(view.status).toBe('active');
    expect(deps.jobQueue.sent).toEqual([]);
  });

  it('validates before anything else is asked: 422 with settings.* paths, no platform call', async () => {
    const deps = exportsDeps();
    const error = await failure(activateExport(deps, 'd1', 'mobile-de-api', { sellerId: 'x', extra: 1 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toEqual([
      'settings',
      'settings.sellerId',
    ]);
    expect(deps.providerAccess.calls).toEqual([]);
  });

  it('refuses the mask where nothing is stored, under settings.', async () => {
    const deps = exportsDeps();
    const settings = structuredClone(validSettings['mobile-de-csv']) as { delivery: { password: string } };
    settings.delivery.password = SECRET_MASK;
    const error = await failure(activateExport(deps, 'd1', 'mobile-de-csv', settings));
    expect((error as ValidationError).issues).toEqual([
      { path: 'settings.delivery.password', message: `send the secret itself, not ${SECRET_MASK}` },
    ]);
  });

  it('answers 404 for an unknown app and another dealer’s custom app', async () => {
    const deps = exportsDeps();
    // Only the fields the catalog looks at: another dealer's custom app.
    const foreign = { ...builtInApp('mobile-de-csv')!, appId: 'app_x', builtIn: false, dealerId: 'd2' };
    deps.apps.custom.set('app_x', foreign as unknown as ExportApp);
    expect(await failure(activateExport(deps, 'd1', 'nope', {}))).toBeInstanceOf(NotFoundError);
    expect(await failure(activateExport(deps, 'd1', 'app_x', {}))).toBeInstanceOf(NotFoundError);
  });

  it('refuses a second activation of the same app with 409 before asking the platform', async () => {
    const deps = exportsDeps();
    deps.providerAccess.link('mobile.de', '1000001');
    await activateExport(deps, 'd1', 'mobile-de-api', { sellerId: '1000001' });

    const error = await failure(activateExport(deps, 'd1', 'mobile-de-api', { sellerId: '1000001' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'ALREADY_ACTIVE' });
    expect(deps.providerAccess.calls).toHaveLength(1);
    // Another dealer is not affected.
    await activateExport(deps, 'd2', 'mobile-de-api', { sellerId: '1000001' });
  });
});

describe('export settings update', () => {
  const activated = async () => {
    const deps = exportsDeps();
    deps.providerAccess.link('mobile.de', '1000001').link('mobile.de', '1000002');
    const api = await activateExport(deps, 'd1', 'mobile-de-api', { sellerId: '1000001' });
    const feed = await activateExport(
      deps,
      'd1',
      'mobile-de-csv',
      structuredClone(validSettings['mobile-de-csv']),
    );
    deps.providerAccess.calls.length = 0;
    return { deps, api, feed };
  };

  it('keeps a stored secret sent back as the mask, and stores a new one sealed', async () => {
    const { deps, feed } = await activated();
    const masked = structuredClone(validSettings['mobile-de-csv']) as {
      delivery: { password: string; host: string };
    };
    masked.delivery.password = SECRET_MASK;
    masked.delivery.host = 'other.mobile.example';

    const view = await updateExportSettings(deps, 'd1', feed.exportId, masked);
    expect(view.settings).toMatchObject({
      delivery: { password: SECRET_MASK, host: 'other.mobile.example' },
    });
    expect(deps.exports.exports.get(feed.exportId)?.settings).toMatchObject({
      delivery: { password: 'sealed(ftp-Secret-1)' },
    });

    masked.delivery.password = 'new-Secret-2';
    await updateExportSettings(deps, 'd1', feed.exportId, masked);
    expect(deps.exports.exports.get(feed.exportId)?.settings).toMatchObject({
      delivery: { password: 'sealed(new-Secret-2)' },
    });
  });

  it('verifies a changed seller id with the platform, not an unchanged one', async () => {
    const { deps, api } = await activated();
    await updateExportSettings(deps, 'd1', api.exportId, {
      sellerId: '1000001',
      descriptionFooter: 'Finanzierung möglich',
    });
    expect(deps.providerAccess.calls).toEqual([]);

    await updateExportSettings(deps, 'd1', api.exportId, { sellerId: '1000002' });
    expect(deps.providerAccess.calls).toEqual([{ platform: 'mobile.de', accountId: '1000002' }]);

    const error = await failure(updateExportSettings(deps, 'd1', api.exportId, { sellerId: '1000003' }));
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect(deps.exports.exports.get(api.exportId)?.settings).toMatchObject({ sellerId: '1000002' });
  });

  it('answers 404 for another dealer’s export and 409 for an inactive one', async () => {
    const { deps, api } = await activated();
    expect(
      await failure(updateExportSettings(deps, 'd2', api.exportId, { sellerId: '1000001' })),
    ).toBeInstanceOf(NotFoundError);
    await deactivateExport(deps, 'd1', api.exportId, false);
    expect(
      await failure(updateExportSettings(deps, 'd1', api.exportId, { sellerId: '1000001' })),
    ).toMatchObject({
      code: 'EXPORT_INACTIVE',
    });
  });
});

describe('deactivation and reading', () => {
  it('deactivates, records removeListings, frees the app and stays idempotent', async () => {
    const deps = exportsDeps();
    deps.providerAccess.link('mobile.de', '1000001');
    const first = await activateExport(deps, 'd1', 'mobile-de-api', { sellerId: '1000001' });

    const queued = deps.jobQueue.sent.length;
    const view = await deactivateExport(deps, 'd1', first.exportId, true);
    expect(view.status).toBe('inactive');
    expect(deps.exports.exports.get(first.exportId)).toMatchObject({ removeListings: true });
    // The listings go in a job: one `remove-listings` job, not queued again by a repeat.
    expect(deps.jobQueue.sent.slice(queued)).toMatchObject([
      { kind: 'remove-listings', exportId: first.exportId },
    ]);
    expect(await deactivateExport(deps, 'd1', first.exportId, false)).toMatchObject({ status: 'inactive' });
    expect(deps.jobQueue.sent.slice(queued)).toHaveLength(1);
    expect(deps.exports.exports.get(first.exportId)).toMatchObject({ removeListings: true });

    const second = await activateExport(deps, 'd1', 'mobile-de-api', { sellerId: '1000001' });
    expect(second.exportId).not.toBe(first.exportId);
    expect(await failure(deactivateExport(deps, 'd2', second.exportId, false))).toBeInstanceOf(NotFoundError);
  });

  it('reads and lists only the dealer’s exports, secrets masked', async () => {
    const deps = exportsDeps();
    const feed = await activateExport(
      deps,
      'd1',
      'mobile-de-csv',
      structuredClone(validSettings['mobile-de-csv']),
    );
    await activateExport(deps, 'd2', 'mobile-de-csv', structuredClone(validSettings['mobile-de-csv']));

    expect(await getExport(deps, 'd1', feed.exportId)).toEqual(feed);
    expect(await failure(getExport(deps, 'd2', feed.exportId))).toBeInstanceOf(NotFoundError);
    const page = await listExports(deps, 'd1', { limit: 50 });
    expect(page).toEqual({ items: [feed], nextCursor: null });
    expect(JSON.stringify(page)).not.toContain('ftp-Secret-1');
  });
});
