import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMobileDeEmulator, type MobileDeEmulator } from '../../infra/local/emulators/mobile-de/server';
import { tables } from '../../infra/topology';
import { createMobileDeListingConnector } from '../../shared/adapters/connectors/mobile-de/listing-connector';
import { DynamoLockStore } from '../../shared/adapters/dynamodb/export-locks-table';
import { DynamoDetailRepository } from '../../shared/adapters/dynamodb/export-details-table';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoListingStore } from '../../shared/adapters/dynamodb/listings-table';
import { DynamoDealerSettingsStore } from '../../shared/adapters/dynamodb/stock-settings';
import { DynamoStockRepository } from '../../shared/adapters/dynamodb/stock-table';
import { StoredListingPreferences } from '../../shared/application/delta/listing-preferences';
import {
  ListingChangedError,
  syncListing,
  type SyncListingDeps,
} from '../../shared/application/delta/sync-listing';
import { defaultDealerSettings } from '../../shared/domain/dealer-settings';
import { PlatformUnavailableError } from '../../shared/domain/errors';
import type { SyncMessage } from '../../shared/domain/sync-message';
import {
  Attribution,
  checkPlatform,
  Crasher,
  crashing,
  drive,
  InjectedCrash,
  lifecycles,
  LogCollector,
  putExport,
  create,
  release,
  remove,
  Rng,
  ScriptedStock,
  type StockChange,
  type DeliveryStats,
  type DriverOptions,
  type PlatformReport,
} from '../support/delta-harness';
import { startTestDynamo, type TestDynamo } from '../support/local-services';

/**
 * The delta worker (syncListing) with its real adapters, DynamoDB Local and the mobile.de
 * connector over HTTP against the emulator, under the faults SQS and Lambda bring: duplicates,
 * crashes, a failing platform, any order. Whatever happens, the platform ends equal to the
 * released stock and no vehicle gets a second listing. DELTA_FAULTS_SEED reproduces a run (the
 * crash and fault draws are seeded; the interleaving of concurrent deliveries is not).
 */
const seed = Number(process.env.DELTA_FAULTS_SEED ?? 20261127);
const user = { user: 'provider', password: 'secret' };
/** 30 vehicle lifecycles: every template of the harness three times. */
const scripts = [...lifecycles, ...lifecycles, ...lifecycles];

describe('delta worker under faults (DynamoDB Local + mobile.de emulator)', () => {
  let dynamo: TestDynamo;
  let emulator: MobileDeEmulator;
  let faultRng: Rng;

  beforeAll(async () => {
    faultRng = new Rng(seed ^ 0x5eed);
    [dynamo, emulator] = await Promise.all([
      startTestDynamo(),
      startMobileDeEmulator({
        users: [user],
        sellers: [1, 2, 3, 4, 5, 6, 7].map((n) => ({ mobileSellerId: `100010${n}` })),
        // The 503 share is drawn from the seed too.
        random: () => faultRng.next(),
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([emulator?.stop(), dynamo?.server.stop()]);
  });

  interface Scenario {
    readonly name: string;
    readonly seed: number;
    readonly driver: Omit<DriverOptions, 'rng'>;
    /** The crash plan of one delivery (attempt: 1 for the first delivery of a message, copies included), if any. */
    readonly crash?: (messageId: string, attempt: number) => Crasher | undefined;
    /** Default: the 30 lifecycles. */
    readonly scripts?: readonly (readonly StockChange[])[];
  }

  /** One scenario on its own dealer, export and seller: the stock script, the deliveries, the check. */
  async function run(number: number, scenario: Scenario) {
    const dealerId = `d_faults_${number}`;
    const exportId = `exp_faults_${number}`;
    const sellerId = `100010${number}`;
    emulator.control.reset();
    const rng = new Rng(scenario.seed);
    const stockRepository = new DynamoStockRepository(dynamo.documents, tables.stock.name);
    const listings = new DynamoListingStore(dynamo.documents, tables.exports.name);
    const settings = new DynamoDealerSettingsStore(dynamo.documents, tables.stock.name);
    await settings.saveSettings(dealerId, { ...defaultDealerSettings, contactEmail: 'sales@dealer.example' });
    await putExport(dynamo, dealerId, exportId, sellerId);

    const stock = new ScriptedStock(stockRepository, dealerId, exportId, rng, scenario.scripts ?? scripts);
    const attribution = new Attribution();
    const connector = attribution.wrap(
      createMobileDeListingConnector({ baseUrl: emulator.url, ...user }, { timeoutMs: 5_000 }),
    );
    const log = new LogCollector(emulator);
    const deps: SyncListingDeps = {
      vehicles: stockRepository,
      exports: new DynamoExportsRepository(dynamo.documents, tables.exports.name),
      listings,
      targets: { resolve: async () => ({ connector, settings: { sellerId } }) },
      preferences: new StoredListingPreferences(settings),
      details: new DynamoDetailRepository(dynamo.documents, tables.exportDetails.name),
      clock: { now: () => new Date() },
      locks: new DynamoLockStore(dynamo.documents, tables.exports.name),
      removalSettleMs: 0,
    };
    const attempts = new Map<string, number>();
    // What each delivery of a vehicle did, to explain a violation.
    const trace = new Map<string, string[]>();
    const note = (vehicleId: string, line: string) =>
      trace.set(vehicleId, [...(trace.get(vehicleId) ?? []), line]);
    const invoke = async (message: SyncMessage) => {
      const id = `${message.vehicleId}#${message.version}`;
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      const what = `v${message.version} delivery ${attempt}`;
      try {
        const outcome = await invokeOnce(message, id, attempt);
        note(message.vehicleId, `${what}: ${outcome}`);
        return outcome;
      } catch (error) {
        note(message.vehicleId, `${what}: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      } finally {
        log.drain();
      }
    };
    // The crash wrappers go outside the attribution, which so sees every answer the platform gave.
    const invokeOnce = async (message: SyncMessage, id: string, attempt: number) => {
      const crasher = scenario.crash?.(id, attempt);
      if (!crasher) return await syncListing(message, deps);
      const outcome = await syncListing(message, {
        ...deps,
        vehicles: crashing(deps.vehicles, 'vehicles', crasher),
        listings: crashing(deps.listings, 'listings', crasher),
        details: crashing(deps.details, 'details', crasher),
        targets: {
          resolve: async () => ({
            connector: crashing(connector, 'platform', crasher),
            settings: { sellerId },
          }),
        },
      });
      crasher.end();
      return outcome;
    };

    const started = Date.now();
    const stats = await drive(stock, invoke, { rng, ...scenario.driver });
    const report = await checkPlatform({ emulator, sellerId, exportId, stock, log, attribution, listings });
    summarize(scenario, stats, report, Date.now() - started);
    const context = `seed ${scenario.seed} (DELTA_FAULTS_SEED=${seed}), ${scenario.name}`;
    const explained = report.violations.map((violation) => {
      const vehicleId = /veh_\w+/.exec(violation)?.[0];
      return vehicleId ? `${violation} — deliveries: ${(trace.get(vehicleId) ?? []).join('; ')}` : violation;
    });
    expect(explained, context).toEqual([]);
    expect(stats.invocations, context).toBeGreaterThan(0);
    return { stats, report, context };
  }

  it('delivers every message twice, half of the copies in parallel', async () => {
    const { stats, report, context } = await run(1, {
      name: 'every message twice',
      seed,
      driver: { order: 'fifo', twice: true, concurrency: 4 },
    });
    expect(stats.parallelCopies, context).toBeGreaterThan(0);
    // A parallel copy may lose the conditional write and be retried; nothing else may fail.
    for (const error of stats.thrown) expect(error, context).toBeInstanceOf(ListingChangedError);
    // The content hash stops a repeated message: only deliveries of one vehicle running at the
    // same time (no lease) may both send the same content.
    expect(report.redundantPuts, context).toBeLessThanOrEqual(stats.overlapping);
  });

  it('survives 20 % of invocations crashing at a random point', async () => {
    const { stats, context } = await run(2, {
      name: '20 % crashes',
      seed: seed + 1,
      driver: { order: 'fifo', concurrency: 4 },
      // Crash plans per (message, attempt), so they do not depend on the interleaving.
      crash: (id, attempt) => Crasher.random(new Rng((seed + 1) ^ hash(`${id}#${attempt}`)), 0.2),
    });
    expect(stats.errors.InjectedCrash ?? 0, context).toBeGreaterThan(stats.invocations * 0.1);
    for (const error of stats.thrown) expect(error, context).toBeInstanceOf(InjectedCrash);
  });

  it('retries while 30 % of platform calls answer 503, and catches up once they stop', async () => {
    const { stats, report, context } = await run(3, {
      name: '30 % 503 for three waves',
      seed: seed + 2,
      driver: {
        order: 'fifo',
        concurrency: 4,
        beforeWave: (wave) => emulator.control.setFaults(wave < 3 ? { share503: 0.3 } : {}),
      },
    });
    expect(report.faults, context).toBeGreaterThan(0);
    expect(stats.thrown.length, context).toBeGreaterThan(0);
    // A 503 is a passing failure: thrown for the queue to retry, never recorded as a rejection.
    for (const error of stats.thrown) expect(error, context).toBeInstanceOf(PlatformUnavailableError);
    expect(stats.outcomes.rejected ?? 0, context).toBe(0);
    expect(report.redundantPuts, context).toBe(0);
  });

  it('ends the same whatever the order of delivery, across and within vehicles', async () => {
    const { stats, report, context } = await run(4, {
      name: 'shuffled delivery',
      seed: seed + 3,
      driver: { order: 'shuffled', concurrency: 4 },
    });
    // Two messages of one vehicle at once may collide on the conditional write (then retried).
    for (const error of stats.thrown) expect(error, context).toBeInstanceOf(ListingChangedError);
    expect(report.redundantPuts, context).toBeLessThanOrEqual(stats.overlapping);
  });

  // The worst crash point, pinned: the platform created the ad, the worker died before storing
  // its reference (listing still `creating`), and the vehicle changed before the retry.
  const afterCreate = (_id: string, attempt: number) =>
    attempt === 1 ? new Crasher((where) => where === 'after platform.create') : undefined;
  const pinned = (name: string, lifecycle: readonly StockChange[]): Scenario => ({
    name,
    seed,
    scripts: [lifecycle],
    driver: { order: 'fifo', concurrency: 1 },
    crash: (id, attempt) => (id.endsWith('#1') ? afterCreate(id, attempt) : undefined),
  });

  it('finds and removes the lost ad on unrelease, and lists the vehicle once again on re-release', async () => {
    const { report, context } = await run(
      5,
      pinned('crash after create, unrelease, re-release', [create(), release(false), release(true)]),
    );
    // Two release periods, two listings one after the other: never two at once (checked by run).
    expect(report.creations, context).toBe(2);
    expect(report.replays, context).toBe(0);
    expect(report.calls['DELETE 204'], context).toBe(1);
  });

  it('removes the ad when a vehicle is unreleased after a crash right after the create', async () => {
    await run(6, pinned('crash after create, unrelease', [create(), release(false)]));
  });

  it('removes the ad when a vehicle is deleted after a crash right after the create', async () => {
    await run(7, pinned('crash after create, delete', [create(), remove]));
  });
});

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function summarize(
  scenario: { name: string; seed: number },
  stats: DeliveryStats,
  report: PlatformReport,
  ms: number,
): void {
  const line = {
    scenario: scenario.name,
    seed: scenario.seed,
    ms,
    waves: stats.waves,
    invocations: stats.invocations,
    parallelCopies: stats.parallelCopies,
    overlapping: stats.overlapping,
    outcomes: stats.outcomes,
    errors: stats.errors,
    calls: report.calls,
    creations: report.creations,
    replays: report.replays,
    redundantPuts: report.redundantPuts,
    faults: report.faults,
  };
  console.info(`[delta-faults] ${JSON.stringify(line)}`);
}
