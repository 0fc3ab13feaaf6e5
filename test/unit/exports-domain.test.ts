import { describe, expect, it } from 'vitest';
import { builtInApp, builtInApps } from '../../shared/domain/built-in-apps';
import { ValidationError } from '../../shared/domain/errors';
import { ExportSchema } from '../../shared/domain/export';
import { initialExportStatus } from '../../shared/domain/export-activation';
import type { ExportApp } from '../../shared/domain/export-app';
import { accountIdOf, providerRegistrationOf } from '../../shared/domain/provider-registration';
import { parseExportSettings } from '../../shared/domain/settings-validation';

const app = (appId: string): ExportApp => builtInApp(appId)!;

describe('provider registration', () => {
  it.each([
    ['mobile-de-api', 'mobile.de', 'sellerId'],
    ['autoscout24-api', 'AutoScout24', 'customerId'],
  ])('%s asks %s for settings.%s', (appId, platform, accountSetting) => {
    expect(providerRegistrationOf(app(appId))).toMatchObject({ platform, accountSetting });
  });

  it('is not asked for feed apps', () => {
    expect(providerRegistrationOf(app('mobile-de-csv'))).toBeUndefined();
  });

  it('covers every built-in API app (a new platform needs its registration)', () => {
    for (const builtIn of builtInApps.filter((candidate) => candidate.transport === 'api')) {
      expect(() => providerRegistrationOf(builtIn), builtIn.appId).not.toThrow();
    }
    expect(() => providerRegistrationOf({ ...app('mobile-de-api'), platform: 'kleinanzeigen' })).toThrow(
      /kleinanzeigen/,
    );
  });

  it('tells the mobile.de dealer exactly where to register us', () => {
    const detail = providerRegistrationOf(app('mobile-de-api'))!.missingDetail('1000001');
    expect(detail).toContain('seller 1000001');
    expect(detail).toContain('Händlerbereich → Schnittstellen-Einstellungen → Datendienstleister');
  });

  it('tells the AutoScout24 dealer exactly where to authorise us', () => {
    const detail = providerRegistrationOf(app('autoscout24-api'))!.missingDetail('2000001');
    expect(detail).toContain('customer 2000001');
    expect(detail).toContain('data partner settings ("Datenpartner")');
  });

  it('reads the account id from validated settings', () => {
    const registration = providerRegistrationOf(app('mobile-de-api'))!;
    expect(accountIdOf(registration, { sellerId: '42' })).toBe('42');
    expect(() => accountIdOf(registration, {})).toThrow(/sellerId/);
  });
});

describe('export settings validation', () => {
  it('fills in defaults', () => {
    expect(parseExportSettings(app('mobile-de-api').settingsSchema, { sellerId: '1' })).toMatchObject({
      sellerId: '1',
      lock: { windowMinutes: 60, minShare: 0.2, minListings: 5 },
    });
  });

  it.each([
    [{}, ['settings.sellerId']],
    [{ sellerId: 'abc' }, ['settings.sellerId']],
    [{ sellerId: '1', lock: { minShare: 7 } }, ['settings.lock.minShare']],
    [{ sellerId: '1', surprise: true }, ['settings']],
    ['not an object', ['settings']],
  ])('names the bad fields under settings: %j', (settings, paths) => {
    const error = (() => {
      try {
        parseExportSettings(app('mobile-de-api').settingsSchema, settings);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('VALIDATION_FAILED');
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(paths);
  });
});

describe('export', () => {
  it('starts matching for API exports to mobile.de and AutoScout24, active otherwise', () => {
    expect(
      Object.fromEntries(builtInApps.map((builtIn) => [builtIn.appId, initialExportStatus(builtIn)])),
    ).toEqual(
      Object.fromEntries(
        builtInApps.map((builtIn) => [builtIn.appId, builtIn.transport === 'api' ? 'matching' : 'active']),
      ),
    );
    expect(initialExportStatus(app('mobile-de-api'))).toBe('matching');
    expect(initialExportStatus(app('autoscout24-api'))).toBe('matching');
    expect(initialExportStatus(app('mobile-de-csv'))).toBe('active');
  });

  it('parses items written before lock, stats and secret paths existed', () => {
    const legacy = {
      exportId: 'exp_1',
      dealerId: 'd1',
      appId: 'mobile-de-api',
      transport: 'api',
      status: 'active',
      settings: {},
      createdAt: '2026-11-20T08:00:00.000Z',
    };
    expect(ExportSchema.parse(legacy)).toMatchObject({
      secretPaths: [],
      lock: null,
      stats: { released: 0, listed: 0, pending: 0, errorsLast24h: 0 },
      lastTransmissionAt: null,
    });
  });
});
