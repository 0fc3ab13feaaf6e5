import { describe, expect, it } from 'vitest';
import { DealerSettingsSchema, defaultDealerSettings } from '../../shared/domain/dealer-settings';
import { VehicleInputSchema, type Vehicle, type VehicleInput } from '../../shared/domain/vehicle';
import { csvColumns } from '../../shared/domain/vehicle-csv';
import { sameVehicleContent, vehicleInputOf } from '../../shared/domain/vehicle-content';
import { jsonImportLines } from '../../shared/domain/vehicle-import';
import { initialReleases } from '../../shared/domain/vehicle-releases';
import { aVehicle, anExport } from '../support/fakes';

describe('vehicle content', () => {
  const vehicle = aVehicle({
    equipment: ['a', 'b'],
    price: { gross: '1.00', currency: 'EUR', vatRate: '19.00' },
  });

  it('is the dealer-supplied part only', () => {
    expect(vehicleInputOf(vehicle)).not.toHaveProperty('version');
    expect(vehicleInputOf(vehicle)).not.toHaveProperty('releases');
    expect(vehicleInputOf(vehicle)).toMatchObject({ internalNumber: 'STK-1', equipment: ['a', 'b'] });
  });

  it.each([
    ['key order', { price: { vatRate: '19.00', currency: 'EUR', gross: '1.00' } }, true],
    ['an undefined field', { vin: undefined }, true],
    ['another price', { price: { gross: '2.00', currency: 'EUR', vatRate: '19.00' } }, false],
    ['list order', { equipment: ['b', 'a'] }, false],
    ['an added field', { exteriorColor: 'red' }, false],
    ['null instead of absent', { price: { gross: '1.00', currency: 'EUR', vatRate: null } }, false],
  ] as [string, Partial<VehicleInput>, boolean][])('%s → same: %s', (_, change, same) => {
    const input = vehicleInputOf(vehicle);
    expect(sameVehicleContent(input, { ...input, ...change })).toBe(same);
  });
});

describe('initial releases', () => {
  const exports = [
    anExport({ exportId: 'a', status: 'active' }),
    anExport({ exportId: 'm', status: 'matching' }),
    anExport({ exportId: 'l', status: 'locked' }),
    anExport({ exportId: 'i', status: 'inactive' }),
  ];
  const now = new Date('2026-11-27T10:00:00.000Z');
  it.each([
    [{ autoRelease: false, releaseDelayDays: 0 }, { releases: {} }],
    [{ autoRelease: false, releaseDelayDays: 3 }, { releases: {} }],
    [{ autoRelease: true, releaseDelayDays: 0 }, { releases: { a: true, m: true, l: true } }],
    [
      { autoRelease: true, releaseDelayDays: 1 },
      { releases: {}, releaseDueAt: '2026-11-28T10:00:00.000Z' },
    ],
    [
      { autoRelease: true, releaseDelayDays: 14 },
      { releases: {}, releaseDueAt: '2026-12-11T10:00:00.000Z' },
    ],
  ])('%j → %j', (change, start) => {
    expect(initialReleases({ ...defaultDealerSettings, ...change }, exports, now)).toEqual(start);
  });
});

describe('dealer settings schema', () => {
  it('accepts the defaults and fills an absent contact e-mail with null', () => {
    const { contactEmail: _, ...rest } = defaultDealerSettings;
    expect(DealerSettingsSchema.parse(rest)).toEqual(defaultDealerSettings);
  });
});

describe('JSON import lines', () => {
  it('numbers elements from 1 and refuses what is no array', () => {
    expect(jsonImportLines(['a', { b: 1 }])).toEqual([
      { line: 1, candidate: 'a' },
      { line: 2, candidate: { b: 1 } },
    ]);
    expect(jsonImportLines(undefined)).toEqual([]);
    expect(() => jsonImportLines({ internalNumber: 'A' })).toThrow('array');
  });
});

describe('field lists that follow the vehicle schema', () => {
  const schemaKeys = Object.keys(VehicleInputSchema.shape).sort();

  it('the content comparison sees every input field', () => {
    const everything = Object.fromEntries(schemaKeys.map((key) => [key, key])) as unknown as Vehicle;
    expect(Object.keys(vehicleInputOf(everything)).sort()).toEqual(schemaKeys);
  });

  it('the CSV has a column for every input field', () => {
    expect([...new Set(Object.keys(csvColumns).map((column) => column.split('.')[0]))].sort()).toEqual(
      schemaKeys,
    );
  });
});
