import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { builtInApp, builtInApps } from '../../shared/domain/built-in-apps';
import { settingsJsonSchema } from '../../shared/domain/export-app';
import { readVehicleField, renderTemplate, vehicleFieldPaths } from '../../shared/domain/vehicle-fields';
import { aVehicle } from '../support/fakes';

// Ajv with draft 2020-12 ships inside the OpenAPI validator (the top-level ajv is v6).
interface Ajv {
  validateSchema(schema: object): boolean;
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
  errors?: unknown;
}
const requireNearValidator = createRequire(
  createRequire(import.meta.url).resolve('@seriousme/openapi-schema-validator'),
);
const { Ajv2020 } = requireNearValidator('ajv/dist/2020') as { Ajv2020: new (options: object) => Ajv };

const ftp = {
  protocol: 'sftp',
  host: 'upload.mobile.de',
  port: 22,
  username: 'u',
  password: 'p',
  path: '/s.csv',
};
const valid: Record<string, Record<string, unknown>> = {
  'mobile-de-api': { sellerId: '12345678' },
  'autoscout24-api': { customerId: '42' },
  'mobile-de-csv': { customerNumber: '4711', delivery: ftp, schedule: { times: ['06:00', '18:00'] } },
};
const invalid: Record<string, Record<string, unknown>> = {
  'mobile-de-api': { sellerId: 'SELLER-1' },
  'autoscout24-api': { customerId: 42 },
  'mobile-de-csv': {
    customerNumber: '4711',
    delivery: { ...ftp, protocol: 'scp' },
    schedule: { everyMinutes: 60 },
  },
};

describe('built-in export apps', () => {
  it('are the three apps API.md names, with unique ids', () => {
    expect(builtInApps.map((app) => [app.appId, app.transport, app.platform])).toEqual([
      ['mobile-de-api', 'api', 'mobile.de'],
      ['autoscout24-api', 'api', 'AutoScout24'],
      ['mobile-de-csv', 'feed', 'mobile.de'],
    ]);
    expect(builtInApp('mobile-de-csv')?.secretPaths).toEqual(['delivery.password']);
    expect(builtInApp('app_unknown')).toBeUndefined();
  });

  it('tell the dealer to register us as data service provider where the API needs it', () => {
    expect(builtInApp('mobile-de-api')?.requirements[0]).toMatch(
      /Datendienstleister.*Schnittstellen-Einstellungen/,
    );
    expect(builtInApp('mobile-de-api')?.description).toMatch(/quota/);
    expect(builtInApp('mobile-de-api')?.bookableFeatures).toEqual(
      expect.arrayContaining(['TOP_AD', 'EYE_CATCHER', 'PAGE_ONE_AD', 'DAY_OFFER']),
    );
  });

  it.each(builtInApps.map((app) => [app.appId, app] as const))(
    '%s: settings JSON Schema is valid 2020-12 and agrees with the zod schema',
    (appId, app) => {
      const schema = settingsJsonSchema(app);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      const ajv = new Ajv2020({ strict: true, allErrors: true });
      expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
      const validate = ajv.compile(schema);
      expect(validate(valid[appId]), JSON.stringify(validate.errors)).toBe(true);
      expect(validate(invalid[appId])).toBe(false);
      expect(validate({ ...valid[appId], unknownKey: 1 })).toBe(false);
      expect(app.settingsSchema.safeParse(valid[appId]).success).toBe(true);
      expect(app.settingsSchema.safeParse(invalid[appId]).success).toBe(false);
    },
  );

  it('fills the lock thresholds of PRODUCT.md §8 when the dealer gives none', () => {
    expect(builtInApp('mobile-de-api')!.settingsSchema.parse({ sellerId: '1' }).lock).toEqual({
      windowMinutes: 60,
      minShare: 0.2,
      minListings: 5,
    });
    expect(builtInApp('autoscout24-api')!.settingsSchema.parse({ customerId: '1' }).lock).toEqual({
      windowMinutes: 60,
      minShare: 0.2,
      minListings: 5,
    });
    expect(builtInApp('mobile-de-csv')!.settingsSchema.parse(valid['mobile-de-csv']).lock).toEqual({
      minDeliveredShare: 0.8,
      minDrop: 5,
    });
  });

  it('takes an SFTP host key for mobile-de-csv, and refuses one for FTP', () => {
    const schema = builtInApp('mobile-de-csv')!.settingsSchema;
    const hostKey = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8';
    const settings = (delivery: Record<string, unknown>) => ({ ...valid['mobile-de-csv'], delivery });

    expect(schema.safeParse(settings({ ...ftp, hostKey })).success).toBe(true);
    const refused = schema.safeParse(settings({ ...ftp, protocol: 'ftp', port: 21, hostKey }));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['delivery.hostKey']);
  });

  it('names the required keys of API.md in the JSON Schema', () => {
    expect(settingsJsonSchema(builtInApp('mobile-de-api')!).required).toEqual(['sellerId']);
    expect(settingsJsonSchema(builtInApp('autoscout24-api')!).required).toEqual(['customerId']);
    expect(settingsJsonSchema(builtInApp('mobile-de-csv')!).required).toEqual([
      'customerNumber',
      'delivery',
      'schedule',
    ]);
  });
});

describe('vehicle fields for custom apps', () => {
  it('come from the vehicle schema: leaves of objects, lists, system fields; no releases', () => {
    expect(vehicleFieldPaths).toEqual(
      expect.arrayContaining([
        'make',
        'price.gross',
        'price.vatRate',
        'equipment',
        'images.url',
        'vehicleId',
      ]),
    );
    expect(vehicleFieldPaths).not.toContain('price');
    expect(vehicleFieldPaths).not.toContain('releases');
  });

  it('read nested values and lists', () => {
    const vehicle = aVehicle({ images: [{ url: 'https://a/1.jpg' }, { url: 'https://a/2.jpg' }] });
    expect(readVehicleField(vehicle, 'price.gross')).toBe('52900.00');
    expect(readVehicleField(vehicle, 'images.url')).toEqual(['https://a/1.jpg', 'https://a/2.jpg']);
    expect(readVehicleField(vehicle, 'vin')).toBeUndefined();
    expect(renderTemplate('{{make}} {{ model }} ({{vin}}) {{images.url}}', vehicle)).toBe(
      'Skoda Enyaq () https://a/1.jpg, https://a/2.jpg',
    );
  });
});
