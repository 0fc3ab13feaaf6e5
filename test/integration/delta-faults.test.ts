import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMobileDeEmulator, type MobileDeEmulator } from '../../infra/local/emulators/mobile-de/server';
import { tables } from '../../infra/topology';
import { createMobileDeListingConnector } from '../../shared/adapters/connectors/mobile-de/listing-connector';
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
  Rng,
  ScriptedStock,
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
        sellers: [1, 2, 3, 4].map((n) => ({ mobileSellerId: `100010${n}` })),
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
    /** Chance that an invocation crashes somewhere. */
    readonly crashShare?: number;
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

    const stock = new ScriptedStock(stockRepository, dealerId, exportId, rng, scripts);
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
    };
    // Crash plans per (message, attempt), so they do not depend on the interleaving.
    const attempts = new Map<string, number>();
    const invoke = async (message: SyncMessage) => {
      const id = `${message.vehicleId}#${message.version}`;
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      try {
        if (!scenario.crashShare) return await syncListing(message, deps);
        const crashRng = new Rng(scenario.seed ^ hash(`${id}#${attempt}`));
        const crasher = new Crasher(crashRng, crashRng.chance(scenario.crashShare));
        const outcome = await syncListing(message, {
          ...deps,
          vehicles: crashing(deps.vehicles, 'vehicles', crasher),
          listings: crashing(deps.listings, 'listings', crasher),
          details: crashing(deps.details, 'details', crasher),
          targets: {
            resolve: async () => ({ connector: crashing(connector, 'platform', crasher), settings: { sellerId } }),
          },
        });
        crasher.end();
        return outcome;
      } finally {
        log.drain();
      }
    };

    const started = Date.now();
    const stats = await drive(stock, invoke, { rng, ...scenario.driver });
    const report = await checkPlatform({ emulator, sellerId, exportId, stock, log, attribution, listings });
    summarize(scenario, stats, report, Date.now() - started);
    const context = `seed ${scenario.seed} (DELTA_FAULTS_SEED=${seed}), ${scenario.name}`;
    expect(report.violations, context).toEqual([]);
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
    // The content hash stops a repeated message: at most a parallel copy repeats a PUT.
    expect(report.redundantPuts, context).toBeLessThanOrEqual(stats.parallelCopies);
  });

  it('survives 20 % of invocations crashing at a random point', async () => {
    const { stats, context } = await run(2, {
      name: '20 % crashes',
      seed: seed + 1,
      driver: { order: 'fifo', concurrency: 4 },
      crashShare: 0.2,
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
    expect(report.redundantPuts, context).toBe(0);
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
