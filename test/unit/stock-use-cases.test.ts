import { describe, expect, it } from 'vitest';
import { createVehicle } from '../../shared/application/stock/create-vehicle';
import { deleteVehicle } from '../../shared/application/stock/delete-vehicle';
import { importStock } from '../../shared/application/stock/import-stock';
import { replaceVehicle } from '../../shared/application/stock/replace-vehicle';
import { setVehicleReleases } from '../../shared/application/stock/set-vehicle-releases';
import { defaultDealerSettings } from '../../shared/domain/dealer-settings';
import type { VehicleInput } from '../../shared/domain/vehicle';
import type { ImportLine } from '../../shared/domain/vehicle-import';
import { FakeClock, InMemoryExports, aVehicle, anExport } from '../support/fakes';
import { InMemoryStock } from './stock-fakes';

const input = (internalNumber: string, overrides: Partial<VehicleInput> = {}): VehicleInput => ({
  internalNumber,
  condition: 'new',
  category: 'suv',
  make: 'Skoda',
  model: 'Enyaq',
  fuel: 'electric',
  gearbox: 'automatic',
  price: { gross: '52900.00', currency: 'EUR', vatRate: '19.00' },
  ...overrides,
});

function world() {
  const stock = new InMemoryStock();
  const exports = new InMemoryExports();
  const logged: { message: string; data?: Record<string, unknown> }[] = [];
  const deps = {
    vehicles: stock,
    importer: stock,
    settings: stock,
    exports,
    clock: new FakeClock(new Date('2026-11-27T09:00:00.000Z')),
    logger: {
      info: (message: string, data?: Record<string, unknown>) => void logged.push({ message, data }),
      warn: (message: string, data?: Record<string, unknown>) => void logged.push({ message, data }),
    },
  };
  return { stock, exports, logged, deps };
}

const linesOf = (...candidates: unknown[]): ImportLine[] =>
  candidates.map((candidate, index) => ({ line: index + 2, candidate }));

describe('single-vehicle writes', () => {
  it('retries a replace that lost a race, then gives up with 409 VERSION_CONFLICT', async () => {
    const { stock, deps } = world();
    stock.add('d1', aVehicle({ vehicleId: 'veh_1', internalNumber: 'A' }));

    stock.scripted.push('stale');
    expect((await replaceVehicle('d1', 'veh_1', input('A'), deps)).version).toBe(2);

    stock.scripted.push('stale', 'stale', 'stale');
    await expect(replaceVehicle('d1', 'veh_1', input('A'), deps)).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
  });

  it('answers a running import with IMPORT_RUNNING, without retrying', async () => {
    const { stock, deps } = world();
    stock.add('d1', aVehicle({ vehicleId: 'veh_1', internalNumber: 'A' }));
    stock.leased.add('d1');

    await expect(createVehicle('d1', input('B'), deps)).rejects.toMatchObject({ code: 'IMPORT_RUNNING' });
    await expect(deleteVehicle('d1', 'veh_1', deps)).rejects.toMatchObject({ code: 'IMPORT_RUNNING' });
    expect(stock.vehicles.size).toBe(1);
  });

  it('merges releases, refusing exports the dealer does not have', async () => {
    const { stock, exports, deps } = world();
    stock.add('d1', aVehicle({ vehicleId: 'veh_1', releases: { exp_1: true } }));
    exports.add(anExport({ exportId: 'exp_2', dealerId: 'd1' }));
    exports.add(anExport({ exportId: 'exp_9', dealerId: 'd9' }));

    await expect(setVehicleReleases('d1', 'veh_1', { exp_9: true }, deps)).rejects.toMatchObject({
      code: 'UNKNOWN_EXPORT',
      issues: [{ path: 'exp_9', message: 'not an export of this dealer' }],
    });
    // exp_1 is kept as it was: the body names only what changes.
    expect((await setVehicleReleases('d1', 'veh_1', { exp_2: true }, deps)).releases).toEqual({
      exp_1: true,
      exp_2: true,
    });
  });

  it('creates released to active, matching and locked exports only when autoRelease is on without delay', async () => {
    const { stock, exports, deps } = world();
    for (const status of ['active', 'matching', 'locked', 'inactive'] as const) {
      exports.add(anExport({ exportId: `exp_${status}`, status }));
    }
    stock.settings.set('d1', { ...defaultDealerSettings, autoRelease: true });
    expect((await createVehicle('d1', input('A'), deps)).releases).toEqual({
      exp_active: true,
      exp_matching: true,
      // A locked export holds the vehicle's changes; the unlock lists it.
      exp_locked: true,
    });
  });
});

describe('import', () => {
  it('creates, updates, leaves unchanged, and deletes in replace mode', async () => {
    const { stock, deps } = world();
    stock.add('d1', aVehicle({ vehicleId: 'veh_same', ...input('SAME') }));
    stock.add('d1', aVehicle({ vehicleId: 'veh_changed', ...input('CHANGED'), version: 4 }));
    stock.add('d1', aVehicle({ vehicleId: 'veh_gone', ...input('GONE') }));

    const result = await importStock(
      'd1',
      'replace',
      linesOf(input('SAME'), input('CHANGED', { model: 'Elroq' }), input('NEW')),
      deps,
    );

    expect(result).toEqual({
      created: 1,
      updated: 1,
      deleted: 1,
      unchanged: 1,
      errors: [],
      errorsOmitted: 0,
    });
    const written = stock.writeBatches.flat();
    expect(written.map((write) => `${write.kind} ${write.vehicle.internalNumber}`).sort()).toEqual([
      'create NEW',
      'delete GONE',
      'update CHANGED',
    ]);
    expect(written.find((write) => write.kind === 'update')?.vehicle).toMatchObject({
      vehicleId: 'veh_changed',
      version: 5,
      model: 'Elroq',
    });
    expect(stock.leased.size).toBe(0);
  });

  it('reports bad and repeated lines by line, and keeps vehicles named on bad lines', async () => {
    const { stock, deps } = world();
    stock.add('d1', aVehicle({ vehicleId: 'veh_bad', ...input('BAD') }));

    const result = await importStock(
      'd1',
      'replace',
      [
        { line: 2, candidate: input('OK') },
        { line: 3, candidate: { ...input('BAD'), fuel: 'steam' } },
        { line: 4, candidate: input('OK', { model: 'Other' }) },
        { line: 5, error: 'not readable as CSV' },
      ],
      deps,
    );

    expect(result.errors).toEqual([
      { line: 3, message: expect.stringContaining('fuel:') as unknown },
      { line: 4, message: 'internalNumber OK is already on line 2' },
      { line: 5, message: 'not readable as CSV' },
    ]);
    expect(result).toMatchObject({ created: 1, deleted: 0 });
    expect(
      stock
        .stockOf('d1')
        .map((vehicle) => vehicle.internalNumber)
        .sort(),
    ).toEqual(['BAD', 'OK']);
  });

  it('refuses a replace without a valid line and gives the lease back', async () => {
    const { stock, deps } = world();
    stock.add('d1', aVehicle());
    await expect(importStock('d1', 'replace', linesOf({ nope: true }), deps)).rejects.toMatchObject({
      code: 'IMPORT_EMPTY',
    });
    expect(stock.stockOf('d1')).toHaveLength(1);
    expect(stock.leased.size).toBe(0);
    expect(await importStock('d1', 'upsert', [], deps)).toMatchObject({ created: 0, deleted: 0 });
  });

  it('refuses a second import of the same dealer while one runs', async () => {
    const { stock, deps } = world();
    stock.leased.add('d1');
    await expect(importStock('d1', 'upsert', linesOf(input('A')), deps)).rejects.toMatchObject({
      code: 'IMPORT_RUNNING',
    });
  });

  it('writes in windows of 1,000 while reading, and logs progress every 1,000 lines', async () => {
    const { stock, logged, deps } = world();
    async function* many(): AsyncGenerator<ImportLine> {
      for (let n = 0; n < 2_500; n++) yield { line: n + 2, candidate: input(`N-${n}`) };
    }

    const result = await importStock('d1', 'upsert', many(), deps);

    expect(result.created).toBe(2_500);
    expect(stock.writeBatches.map((batch) => batch.length)).toEqual([1_000, 1_000, 500]);
    expect(
      logged.filter((entry) => entry.message === 'import progress').map((entry) => entry.data?.lines),
    ).toEqual([1_000, 2_000]);
  });

  it('lists at most 1,000 errors and counts the rest', async () => {
    const { deps } = world();
    const lines = Array.from({ length: 1_200 }, (_, n) => ({ line: n + 2, error: 'bad' }));
    const result = await importStock('d1', 'upsert', lines, deps);
    expect([result.errors.length, result.errorsOmitted]).toEqual([1_000, 200]);
  });
});
