import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import type { MobileDeControl } from '../infra/local/emulators/mobile-de/server';
import { startLocalStack, type LocalStack } from '../infra/local/local-stack';
import { createLocalLog } from '../infra/local/log';
import { tables, type FunctionKey } from '../infra/topology';
import { exportItem } from '../shared/adapters/dynamodb/exports-table';
import { vehicleItem } from '../shared/adapters/dynamodb/stock-table';
import type { Vehicle } from '../shared/domain/vehicle';
import type * as AwsClients from '../shared/runtime/aws-clients';
import { aVehicle, anExport } from '../test/support/fakes';
import { percentile, round } from './stats';

/**
 * Delta pushes through the in-process local stack (DynamoDB Local and its stream → stream poller →
 * stock-changes → delta.fifo → queue poller → sync-listing → the mobile.de emulator):
 *
 * 1. latency: single stock writes one at a time (alternating creates of released vehicles and
 *    price updates of listed ones), each from just before the PutItem to the moment the emulator
 *    logged the POST 201 / PUT 200 carrying that vehicle's internal number and price (the log's
 *    own `at + durationMs`, so the 10 ms polling of the log adds nothing to the number);
 * 2. throughput: new vehicles, effective price changes and no-op rewrites (same content,
 *    version + 1), written with BatchWriteItem as fast as DynamoDB Local takes them; from the
 *    first write until the emulator has seen every effective change.
 *
 * The functions' invocations are timed in passing (the host's `invoke` is wrapped), which splits
 * each change's latency into stream wait, stream handler, queue wait and worker.
 */
export interface DeltaBenchOptions {
  /**
   * Where DynamoDB Local keeps the tables: `memory` (the default: the bench's data is thrown
   * away, as the tests' is) or `disk`, a temporary DATA_DIR as `npm start` keeps one. On disk,
   * DynamoDB Local's SQLite syncs every write to the disk, which makes it the bottleneck.
   */
  readonly storage?: 'memory' | 'disk';
  /** Counted single changes (200; 0 skips the latency part), after `warmupChanges` (6) uncounted ones. */
  readonly latencyChanges?: number;
  readonly warmupChanges?: number;
  /** Throughput wave: new released vehicles (500), price changes (1,000), no-op rewrites (500). */
  readonly newVehicles?: number;
  readonly priceChanges?: number;
  readonly noOps?: number;
  readonly progress?: (line: string) => void;
}

const dealerId = 'bench-delta';
const exportId = 'exp_bench_delta';
const sellerId = '1000777';
const region = 'eu-central-1';
/** A single change not seen at the platform within this time is a stalled pipeline. */
const singleChangeTimeoutMs = 30_000;
/** A wave without any progress for this long is a stalled pipeline. */
const stallTimeoutMs = 30_000;
const waveTimeoutMs = 10 * 60_000;
const pollMs = 10;
const batchWriteSize = 25;
const writeConcurrency = 4;
export const latencyGoalP95Ms = 2000;
export const throughputGoalPerSecond = 200;

export async function benchDelta(options: DeltaBenchOptions = {}): Promise<Record<string, unknown>> {
  const storage = options.storage ?? 'memory';
  const latencyChanges = options.latencyChanges ?? 200;
  const warmupChanges = options.warmupChanges ?? 6;
  const newVehicles = options.newVehicles ?? 500;
  const priceChanges = options.priceChanges ?? 1000;
  const noOps = options.noOps ?? 500;
  const progress = options.progress ?? (() => undefined);

  const dataDir = mkdtempSync(join(tmpdir(), 'bench-delta-'));
  const removeDataDir = (): void => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', removeDataDir);
  // Silent on the console; warnings and errors of the stack are kept for the report.
  const stackWarnings: string[] = [];
  const log = createLocalLog('stack', (line) => {
    if (!line.startsWith('[') && stackWarnings.length < 200) stackWarnings.push(line);
  });

  // The handlers' Powertools logger prints WARN and up to stdout; the bench keeps its output to itself.
  const logLevel = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'ERROR';
  const startedAt = performance.now();
  const stack = await startLocalStack({
    rootDir: join(import.meta.dirname, '..'),
    port: 0,
    ...(storage === 'disk' ? { dataDir } : {}),
    jwtSecret: 'bench-delta-secret',
    region,
    seedDemoData: false,
    runSchedules: false,
    log,
  });
  const stackStartMs = performance.now() - startedAt;
  if (logLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = logLevel;
  const trace = traceInvocations(stack);
  // Imported only now: the handlers' modules (observability included) must first see the
  // environment the stack sets, as they do under `npm start`.
  const sdk = timeSdkCalls(await import('../shared/runtime/aws-clients'));
  let watcher: CallWatcher | undefined;
  try {
    const mobileDe = stack.platforms.mobileDe;
    if (!mobileDe) throw new Error('the delta bench needs the mobile.de emulator: unset MOBILE_DE_API_URL');
    mobileDe.control.linkSeller({ mobileSellerId: sellerId, companyName: 'Autohaus Bench' });
    const documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: stack.endpoints.dynamodb,
        region,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    const exp = anExport({ exportId, dealerId, settings: { sellerId } });
    await documents.send(new PutCommand({ TableName: tables.exports.name, Item: exportItem(exp) }));

    watcher = new CallWatcher(mobileDe.control, sellerId);
    const fleet = new Fleet();
    const diagnose = (): Promise<string> => diagnosis(stack, watcher!, trace, stackWarnings);
    const context: WaveContext = { documents, watcher, trace, sdk, diagnose };

    // 1. Latency: one change at a time.
    const latency =
      latencyChanges > 0
        ? await measureLatency(context, fleet, { warmupChanges, latencyChanges, progress })
        : null;

    // 2. Throughput. The price changes and no-ops need listed vehicles of their own: list them first.
    const prelisted = priceChanges + noOps;
    progress(`delta throughput: listing ${prelisted} vehicles first (also warms the pipeline)`);
    const setupVehicles = Array.from({ length: prelisted }, () => fleet.create());
    const setup = await wave(context, {
      label: 'pre-listing',
      writes: setupVehicles,
      effective: setupVehicles.map((vehicle) => expectation(vehicle, 'POST')),
      noOps: [],
      progress,
    });

    progress(
      `delta throughput: ${newVehicles} new + ${priceChanges} price changes + ${noOps} no-op rewrites`,
    );
    const created = Array.from({ length: newVehicles }, () => fleet.create());
    const changed: Vehicle[] = [];
    const rewritten: Vehicle[] = [];
    const updates: Vehicle[] = [];
    // Interleaved (price change, no-op, price change, …) so both kinds spread over the wave.
    let nextChange = 0;
    let nextNoOp = 0;
    while (nextChange < priceChanges || nextNoOp < noOps) {
      const noOpDue =
        nextNoOp < noOps && (nextChange >= priceChanges || nextNoOp * priceChanges < nextChange * noOps);
      if (noOpDue) {
        const vehicle = fleet.rewrite(fleet.numberOf(setupVehicles[priceChanges + nextNoOp++]!));
        rewritten.push(vehicle);
        updates.push(vehicle);
      } else {
        const vehicle = fleet.priceChange(fleet.numberOf(setupVehicles[nextChange++]!));
        changed.push(vehicle);
        updates.push(vehicle);
      }
    }
    const throughput = await wave(context, {
      label: 'throughput',
      writes: [...created, ...updates],
      effective: [
        ...created.map((vehicle) => expectation(vehicle, 'POST')),
        ...changed.map((vehicle) => expectation(vehicle, 'PUT')),
      ],
      noOps: rewritten,
      progress,
    });

    const queues = await queueDepths(stack);
    return {
      storage,
      stackStartMs: round(stackStartMs),
      latency,
      prelisting: setup,
      throughput: { ...throughput, goalChangesPerSecond: throughputGoalPerSecond },
      queues,
      lostLogEntries: watcher.lost,
      stackWarnings: stackWarnings.slice(0, 20),
      stackWarningCount: stackWarnings.length,
    };
  } finally {
    watcher?.stop();
    trace.restore();
    sdk.restore();
    progress('delta: stopping the local stack');
    await stack.stop();
    removeDataDir();
    process.removeListener('exit', removeDataDir);
  }
}

/** Single changes, one at a time: alternately a create and a price update of a listed vehicle. */
async function measureLatency(
  { documents, watcher, trace, sdk, diagnose }: WaveContext,
  fleet: Fleet,
  {
    warmupChanges,
    latencyChanges,
    progress,
  }: {
    warmupChanges: number;
    latencyChanges: number;
    progress: (line: string) => void;
  },
): Promise<Record<string, unknown>> {
  progress(`delta latency: ${warmupChanges} warm-up + ${latencyChanges} single changes`);
  const samples: LatencySample[] = [];
  const listed: number[] = [];
  let meter: Meter | undefined;
  let countedFrom = 0;
  for (let i = 0; i < warmupChanges + latencyChanges; i++) {
    const create = i % 2 === 0 || listed.length === 0;
    const vehicle = create ? fleet.create() : fleet.priceChange(listed[(i >> 1) % listed.length]!);
    const t0 = Date.now();
    await documents.send(
      new PutCommand({ TableName: tables.stock.name, Item: vehicleItem(dealerId, vehicle) }),
    );
    if (i === warmupChanges) {
      meter = startMeter();
      countedFrom = t0;
    }
    const putMs = Date.now() - t0;
    const expected = expectation(vehicle, create ? 'POST' : 'PUT');
    const call = await until(
      () => watcher.find(expected, t0),
      singleChangeTimeoutMs,
      `single change ${i + 1} (${create ? 'create' : 'price update'} of ${vehicle.vehicleId} v${vehicle.version})`,
      diagnose,
    );
    if (create) listed.push(fleet.numberOf(vehicle));
    if (i >= warmupChanges) {
      samples.push({
        kind: create ? 'create' : 'update',
        key: keyOf(vehicle),
        t0,
        putMs,
        doneAt: call.doneAt,
      });
    }
    if ((i + 1) % 50 === 0) progress(`single change ${i + 1}/${warmupChanges + latencyChanges}`);
  }
  return {
    ...latencyReport(samples, trace),
    resources: meter?.stop() ?? null,
    handlerSdkCalls: sdk.summary(countedFrom, Date.now(), samples.length),
  };
}

// ─── Vehicles ────────────────────────────────────────────────────────────────────────────────────

/** The bench's vehicles and their current state; each has a unique internal number and price. */
class Fleet {
  private readonly vehicles = new Map<number, Vehicle>();
  private count = 0;

  create(): Vehicle {
    const n = this.count++;
    const at = new Date().toISOString();
    const vehicle = aVehicle({
      vehicleId: `veh_bench_${n}`,
      internalNumber: `BENCH-${n}`,
      version: 1,
      releases: { [exportId]: true },
      createdAt: at,
      updatedAt: at,
      make: 'Skoda',
      model: 'Enyaq',
      modelDescription: 'Enyaq 85 Sportline',
      condition: 'used',
      firstRegistration: '2024-05',
      mileageKm: 10_000 + n,
      exteriorColor: 'white',
      price: { gross: `${20_000 + n}.00`, currency: 'EUR', vatRate: '19.00' },
    });
    this.vehicles.set(n, vehicle);
    return vehicle;
  }

  /** A new version with a new price (+10 EUR). */
  priceChange(n: number): Vehicle {
    const current = this.get(n);
    const euros = Number.parseFloat(current.price.gross) + 10;
    return this.put(n, { ...current, price: { ...current.price, gross: `${euros}.00` } });
  }

  /** A new version with the same content (what a DMS re-sending an unchanged vehicle writes). */
  rewrite(n: number): Vehicle {
    return this.put(n, this.get(n));
  }

  numberOf(vehicle: Vehicle): number {
    return Number(vehicle.vehicleId.slice('veh_bench_'.length));
  }

  private get(n: number): Vehicle {
    const vehicle = this.vehicles.get(n);
    if (!vehicle) throw new Error(`no bench vehicle ${n}`);
    return vehicle;
  }

  private put(n: number, vehicle: Vehicle): Vehicle {
    const next = { ...vehicle, version: vehicle.version + 1, updatedAt: new Date().toISOString() };
    this.vehicles.set(n, next);
    return next;
  }
}

const keyOf = (vehicle: Pick<Vehicle, 'vehicleId' | 'version'>): string =>
  `${vehicle.vehicleId}@${vehicle.version}`;

/** The platform call that shows a change arrived: method, success status, internal number, price. */
interface Expectation {
  readonly key: string;
  readonly method: 'POST' | 'PUT';
  readonly status: number;
  readonly internalNumber: string;
  readonly price: string;
}

function expectation(vehicle: Vehicle, method: 'POST' | 'PUT'): Expectation {
  return {
    key: keyOf(vehicle),
    method,
    status: method === 'POST' ? 201 : 200,
    internalNumber: vehicle.internalNumber,
    price: vehicle.price.gross,
  };
}

// ─── The platform's request log ──────────────────────────────────────────────────────────────────

interface PlatformCall {
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** When the emulator logged it (its `at` is the start; plus its duration). */
  readonly doneAt: number;
  readonly internalNumber: string | undefined;
  readonly price: string | undefined;
}

/**
 * Follows the emulator's request log (it keeps the last 1,000 calls) by sequence number, every
 * 10 ms; `lost` counts calls that dropped out of the log before they were read.
 */
class CallWatcher {
  readonly calls: PlatformCall[] = [];
  lost = 0;
  private lastSeq = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly control: MobileDeControl,
    private readonly seller: string,
  ) {
    this.timer = setInterval(() => this.poll(), pollMs);
  }

  poll(): void {
    const fresh = this.control.requests().filter((request) => request.seq > this.lastSeq);
    const first = fresh[0];
    if (!first) return;
    this.lost += first.seq - this.lastSeq - 1;
    for (const request of fresh) {
      const body = (request.body ?? {}) as {
        internalNumber?: unknown;
        price?: { consumerPriceGross?: unknown };
      };
      this.calls.push({
        seq: request.seq,
        method: request.method,
        path: request.path,
        status: request.status,
        doneAt: Date.parse(request.at) + request.durationMs,
        internalNumber: typeof body.internalNumber === 'string' ? body.internalNumber : undefined,
        price: typeof body.price?.consumerPriceGross === 'string' ? body.price.consumerPriceGross : undefined,
      });
    }
    this.lastSeq = fresh.at(-1)!.seq;
  }

  /** The first call since `since` (epoch ms) that matches the expectation. */
  find(expected: Expectation, since: number): PlatformCall | undefined {
    this.poll();
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const call = this.calls[i]!;
      if (call.doneAt < since) break;
      if (matches(call, expected, this.seller)) return call;
    }
    return undefined;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function matches(call: PlatformCall, expected: Expectation, seller: string): boolean {
  return (
    call.method === expected.method &&
    call.status === expected.status &&
    call.internalNumber === expected.internalNumber &&
    call.price === expected.price &&
    call.path.includes(`/sellers/${seller}/ads`)
  );
}

// ─── Function invocations ────────────────────────────────────────────────────────────────────────

interface Invocation {
  readonly fn: FunctionKey;
  readonly start: number;
  readonly end: number;
  /** `vehicleId@version` of each record (stream) or message (queue). */
  readonly keys: readonly string[];
  /** Records the function reported as failed, or all of them when it threw. */
  readonly failed: number;
}

interface Trace {
  readonly invocations: Invocation[];
  /** First stream and first worker invocation that carried each key. */
  index(): Map<string, { stream?: Invocation; worker?: Invocation }>;
  restore(): void;
}

/** Wraps the host's `invoke` (the pollers call it per batch) to time the delta functions. */
function traceInvocations(stack: LocalStack): Trace {
  const host = stack.functions;
  const original = host.invoke.bind(host);
  const invocations: Invocation[] = [];
  host.invoke = async (key, event) => {
    if (key !== 'stockChanges' && key !== 'syncListing') return original(key, event);
    const start = Date.now();
    const keys =
      key === 'stockChanges' ? streamKeys(event as DynamoDBStreamEvent) : queueKeys(event as SQSEvent);
    let failed = keys.length;
    try {
      const response = await original(key, event);
      const failures = (response as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures;
      failed = Array.isArray(failures) ? failures.length : 0;
      return response;
    } finally {
      invocations.push({ fn: key, start, end: Date.now(), keys, failed });
    }
  };
  return {
    invocations,
    index: () => {
      const byKey = new Map<string, { stream?: Invocation; worker?: Invocation }>();
      for (const invocation of invocations) {
        const role = invocation.fn === 'stockChanges' ? 'stream' : 'worker';
        for (const key of invocation.keys) {
          const entry = byKey.get(key) ?? {};
          if (!entry[role] || entry[role].start > invocation.start) entry[role] = invocation;
          byKey.set(key, entry);
        }
      }
      return byKey;
    },
    restore: () => {
      host.invoke = original;
    },
  };
}

function streamKeys(event: DynamoDBStreamEvent): string[] {
  return (event.Records ?? []).map((record) => {
    const sk = record.dynamodb?.Keys?.sk?.S ?? '';
    const version = record.dynamodb?.NewImage?.version?.N ?? record.dynamodb?.OldImage?.version?.N ?? '?';
    return `${sk.replace(/^VEHICLE#/, '')}@${version}`;
  });
}

function queueKeys(event: SQSEvent): string[] {
  return (event.Records ?? []).map((record) => {
    try {
      const body = JSON.parse(record.body) as { vehicleId?: unknown; version?: unknown };
      return `${String(body.vehicleId)}@${String(body.version)}`;
    } catch {
      return '?';
    }
  });
}

// ─── Latency ─────────────────────────────────────────────────────────────────────────────────────

interface LatencySample {
  readonly kind: 'create' | 'update';
  readonly key: string;
  readonly t0: number;
  readonly putMs: number;
  readonly doneAt: number;
}

function latencyReport(samples: readonly LatencySample[], trace: Trace): Record<string, unknown> {
  const index = trace.index();
  const stages = {
    streamWait: [] as number[],
    streamHandler: [] as number[],
    queueWait: [] as number[],
    worker: [] as number[],
  };
  for (const sample of samples) {
    const { stream, worker } = index.get(sample.key) ?? {};
    if (!stream || !worker) continue;
    // write → stream handler starts: DynamoDB Local's stream, the poller's poll interval and batching window.
    stages.streamWait.push(stream.start - sample.t0);
    stages.streamHandler.push(stream.end - stream.start);
    // The message is sent during the handler; from its end until the worker gets it: the queue poller.
    stages.queueWait.push(worker.start - stream.end);
    // Worker start → platform call logged: the worker's reads and writes before the call, the call.
    stages.worker.push(sample.doneAt - worker.start);
  }
  const ms = samples.map((sample) => sample.doneAt - sample.t0);
  const goalMet = ms.length > 0 && percentile(ms, 95) <= latencyGoalP95Ms;
  return {
    changes: samples.length,
    creates: samples.filter((sample) => sample.kind === 'create').length,
    updates: samples.filter((sample) => sample.kind === 'update').length,
    ms: distribution(ms),
    createMs: distribution(samples.filter((s) => s.kind === 'create').map((s) => s.doneAt - s.t0)),
    updateMs: distribution(samples.filter((s) => s.kind === 'update').map((s) => s.doneAt - s.t0)),
    putItemMs: distribution(samples.map((sample) => sample.putMs)),
    stagesMs: Object.fromEntries(
      Object.entries(stages).map(([stage, values]) => [stage, distribution(values)]),
    ),
    tracedSamples: stages.streamWait.length,
    goalP95Ms: latencyGoalP95Ms,
    goalMet,
  };
}

function distribution(values: readonly number[]): Record<string, number> | null {
  if (values.length === 0) return null;
  return {
    n: values.length,
    min: round(Math.min(...values)),
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
    mean: round(values.reduce((sum, value) => sum + value, 0) / values.length),
  };
}

// ─── Throughput ──────────────────────────────────────────────────────────────────────────────────

interface WaveSpec {
  readonly label: string;
  readonly writes: readonly Vehicle[];
  /** The platform calls that must all be seen. */
  readonly effective: readonly Expectation[];
  /** Writes that must cause no platform call; the wave waits until the worker has had each of them. */
  readonly noOps: readonly Vehicle[];
  readonly progress: (line: string) => void;
}

interface WaveContext {
  readonly documents: DynamoDBDocumentClient;
  readonly watcher: CallWatcher;
  readonly trace: Trace;
  readonly sdk: SdkTimer;
  readonly diagnose: () => Promise<string>;
}

async function wave(context: WaveContext, spec: WaveSpec): Promise<Record<string, unknown>> {
  const { documents, watcher, trace, sdk, diagnose } = context;
  const meter = startMeter();
  const firstSeq = watcher.calls.length;
  const firstInvocation = trace.invocations.length;
  const lostBefore = watcher.lost;
  const t0 = Date.now();
  const writeMs = await batchWrite(documents, spec.writes);

  // Every effective change seen at the platform, matched by internal number, method and price.
  const pending = new Map(spec.effective.map((expected) => [expected.internalNumber, expected]));
  let scanned = firstSeq;
  let lastDoneAt = t0;
  let lastProgress = Date.now();
  let reported = 0;
  while (pending.size > 0) {
    watcher.poll();
    for (; scanned < watcher.calls.length; scanned++) {
      const call = watcher.calls[scanned]!;
      const expected = call.internalNumber === undefined ? undefined : pending.get(call.internalNumber);
      if (expected && matches(call, expected, sellerId)) {
        pending.delete(expected.internalNumber);
        lastDoneAt = Math.max(lastDoneAt, call.doneAt);
        lastProgress = Date.now();
      }
    }
    const seen = spec.effective.length - pending.size;
    if (seen - reported >= 500) {
      reported = seen - (seen % 500);
      spec.progress(`${spec.label}: ${seen}/${spec.effective.length} changes at the platform`);
    }
    if (pending.size === 0) break;
    const now = Date.now();
    if (now - lastProgress > stallTimeoutMs || now - t0 > waveTimeoutMs) {
      const example = [...pending.values()].slice(0, 3).map((expected) => expected.key);
      throw new Error(
        `${spec.label}: the pipeline stalled — ${pending.size} of ${spec.effective.length} changes not at ` +
          `the platform after ${round((now - t0) / 1000)} s (nothing new for ${round((now - lastProgress) / 1000)} s; ` +
          `e.g. ${example.join(', ')}). ${await diagnose()}`,
      );
    }
    await sleep(pollMs);
  }
  const seconds = (lastDoneAt - t0) / 1000;
  const resources = meter.stop();
  const handlerSdkCalls = sdk.summary(t0, lastDoneAt, spec.writes.length);

  // The no-ops: wait until each was handled by the stream handler (which drops a rewrite without a
  // change) or by the worker (then their chance to reach the platform is over).
  const noOpKeys = new Set(spec.noOps.map(keyOf));
  await until(
    () => {
      const handled = new Set<string>();
      for (let i = firstInvocation; i < trace.invocations.length; i++) {
        const invocation = trace.invocations[i]!;
        const handles = invocation.fn === 'syncListing' || invocation.fn === 'stockChanges';
        if (handles && invocation.failed === 0) {
          for (const key of invocation.keys) if (noOpKeys.has(key)) handled.add(key);
        }
      }
      return handled.size === noOpKeys.size ? true : undefined;
    },
    stallTimeoutMs,
    `${spec.label}: the stream handler or the worker to handle all ${noOpKeys.size} no-op rewrites`,
    diagnose,
  );
  // A short settle so that late duplicates (retries, redeliveries) would still be counted.
  await sleep(500);
  watcher.poll();

  const calls = watcher.calls.slice(firstSeq);
  const noOpNumbers = new Set(spec.noOps.map((vehicle) => vehicle.internalNumber));
  const effectiveNumbers = new Set(spec.effective.map((expected) => expected.internalNumber));
  const perVehicle = new Map<string, number>();
  for (const call of calls) {
    if (call.internalNumber)
      perVehicle.set(call.internalNumber, (perVehicle.get(call.internalNumber) ?? 0) + 1);
  }
  const noOpCalls = [...noOpNumbers].reduce((sum, number) => sum + (perVehicle.get(number) ?? 0), 0);
  const extraCalls = [...effectiveNumbers].reduce(
    (sum, number) => sum + Math.max(0, (perVehicle.get(number) ?? 0) - 1),
    0,
  );
  const failures = calls.filter((call) => call.status >= 400);
  const byCall: Record<string, number> = {};
  for (const call of calls)
    byCall[`${call.method} ${call.status}`] = (byCall[`${call.method} ${call.status}`] ?? 0) + 1;

  return {
    changes: spec.writes.length,
    effectiveChanges: spec.effective.length,
    noOps: spec.noOps.length,
    writeSeconds: round(writeMs / 1000, 3),
    writesPerSecond: Math.round(spec.writes.length / (writeMs / 1000)),
    seconds: round(seconds, 3),
    changesPerSecond: Math.round(spec.writes.length / seconds),
    effectiveChangesPerSecond: Math.round(spec.effective.length / seconds),
    platformCalls: calls.length,
    callsPerEffectiveChange: round(
      calls.filter((c) => !noOpNumbers.has(c.internalNumber ?? '')).length / spec.effective.length,
      3,
    ),
    duplicateCalls: extraCalls,
    noOpPlatformCalls: noOpCalls,
    errorResponses: failures.length,
    calls: byCall,
    lostLogEntries: watcher.lost - lostBefore,
    functions: invocationStats(trace.invocations.slice(firstInvocation), t0),
    resources,
    handlerSdkCalls,
  };
}

/** BatchWriteItem in chunks of 25, a few requests in flight, unprocessed items sent again. */
async function batchWrite(documents: DynamoDBDocumentClient, vehicles: readonly Vehicle[]): Promise<number> {
  const started = Date.now();
  const chunks: Vehicle[][] = [];
  for (let i = 0; i < vehicles.length; i += batchWriteSize)
    chunks.push(vehicles.slice(i, i + batchWriteSize));
  let next = 0;
  const writer = async (): Promise<void> => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      let requests: Record<string, unknown>[] = chunk.map((vehicle) => ({
        PutRequest: { Item: vehicleItem(dealerId, vehicle) },
      }));
      for (let attempt = 1; requests.length > 0; attempt++) {
        if (attempt > 10)
          throw new Error(`BatchWriteItem: ${requests.length} items still unprocessed after 10 tries`);
        const { UnprocessedItems } = await documents.send(
          new BatchWriteCommand({ RequestItems: { [tables.stock.name]: requests } }),
        );
        requests = UnprocessedItems?.[tables.stock.name] ?? [];
        if (requests.length > 0) await sleep(20 * attempt);
      }
    }
  };
  await Promise.all(Array.from({ length: writeConcurrency }, writer));
  return Date.now() - started;
}

/** How the stream and queue functions were invoked during a wave (their batching, their busy time). */
function invocationStats(invocations: readonly Invocation[], t0: number): Record<string, unknown> {
  const of = (fn: FunctionKey) => {
    const list = invocations.filter((invocation) => invocation.fn === fn);
    if (list.length === 0) return null;
    const sizes = list.map((invocation) => invocation.keys.length);
    const busyMs = list.reduce((sum, invocation) => sum + (invocation.end - invocation.start), 0);
    const firstStart = Math.min(...list.map((invocation) => invocation.start));
    const lastEnd = Math.max(...list.map((invocation) => invocation.end));
    return {
      invocations: list.length,
      records: sizes.reduce((sum, size) => sum + size, 0),
      meanBatch: round(sizes.reduce((sum, size) => sum + size, 0) / list.length),
      maxBatch: Math.max(...sizes),
      failedRecords: list.reduce((sum, invocation) => sum + invocation.failed, 0),
      msPerInvocation: distribution(list.map((invocation) => invocation.end - invocation.start)),
      firstStartS: round((firstStart - t0) / 1000, 3),
      lastEndS: round((lastEnd - t0) / 1000, 3),
      /** Sum of invocation times / active span: how many ran at once on average. */
      meanConcurrency: round(busyMs / Math.max(1, lastEnd - firstStart), 2),
      maxConcurrency: maxOverlap(list),
    };
  };
  return { stockChanges: of('stockChanges'), syncListing: of('syncListing') };
}

function maxOverlap(list: readonly Invocation[]): number {
  const events = list.flatMap((invocation): [number, number][] => [
    [invocation.start, 1],
    [invocation.end, -1],
  ]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let max = 0;
  for (const [, delta] of events) max = Math.max(max, (current += delta));
  return max;
}

// ─── Where the time goes: SDK calls of the handlers, CPU, event loop ────────────────────────────

interface SdkTimer {
  /** Per command of the handlers' DynamoDB and SQS clients between `from` and `to`, and per change. */
  summary(from: number, to: number, changes: number): Record<string, unknown>;
  restore(): void;
}

/**
 * Times every command the handlers send through their shared clients (shared/runtime/aws-clients:
 * one DynamoDB document client and one SQS client per process, so per local stack), from the
 * SDK's first middleware step to the parsed answer. The pollers' own clients are not counted.
 */
function timeSdkCalls(clients: typeof AwsClients): SdkTimer {
  const name = 'benchDeltaTiming';
  const samples: { command: string; start: number; ms: number }[] = [];
  const timed = async <T>(command: string | undefined, send: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    const began = performance.now();
    try {
      return await send();
    } finally {
      samples.push({ command: command ?? '?', start, ms: performance.now() - began });
    }
  };
  const options = { step: 'initialize', name, override: true } as const;
  const dynamo = clients.dynamoDocumentClient().middlewareStack;
  dynamo.add((next, context) => (args) => timed(context.commandName, () => next(args)), options);
  const sqs = clients.sqsClient().middlewareStack;
  sqs.add((next, context) => (args) => timed(context.commandName, () => next(args)), options);
  return {
    summary: (from, to, changes) => {
      const byCommand = new Map<string, number[]>();
      for (const sample of samples) {
        if (sample.start < from || sample.start > to) continue;
        const list = byCommand.get(sample.command) ?? [];
        list.push(sample.ms);
        byCommand.set(sample.command, list);
      }
      return Object.fromEntries(
        [...byCommand].map(([command, values]) => [
          command,
          { ...distribution(values), perChange: round(values.length / Math.max(1, changes), 2) },
        ]),
      );
    },
    restore: () => {
      dynamo.remove(name);
      sqs.remove(name);
    },
  };
}

interface Meter {
  stop(): Record<string, unknown>;
}

/**
 * CPU of this process (the whole stack but DynamoDB Local: functions, pollers, emulators, fauxqs)
 * and of the DynamoDB Local JVM, in cores busy on average; the event loop's delay; machine load.
 */
function startMeter(): Meter {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const jvmTicks = childJavaTicks();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  return {
    stop: () => {
      loop.disable();
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const jvm = jvmTicks === null ? null : (childJavaTicks() ?? jvmTicks) - jvmTicks;
      return {
        seconds: round(seconds, 2),
        nodeCpuCores: round((used.user + used.system) / 1e6 / seconds, 2),
        dynamoDbLocalCpuCores: jvm === null ? null : round(jvm / clockTicksPerSecond / seconds, 2),
        eventLoopDelayMs: {
          p50: round(loop.percentile(50) / 1e6),
          p99: round(loop.percentile(99) / 1e6),
          max: round(loop.max / 1e6),
        },
        loadAvg1m: round(loadavg()[0] ?? 0, 2),
      };
    },
  };
}

/** USER_HZ: 100 on every Linux this runs on. */
const clockTicksPerSecond = 100;

/** utime + stime of this process's `java` children (DynamoDB Local), or null without /proc. */
function childJavaTicks(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (comm !== 'java' || Number(fields[1]) !== process.pid) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks;
}

// ─── Waiting and diagnosis ───────────────────────────────────────────────────────────────────────

async function until<T>(
  probe: () => T | undefined,
  timeoutMs: number,
  what: string,
  diagnose: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`pipeline stalled: ${what} not done after ${timeoutMs / 1000} s. ${await diagnose()}`);
    }
    await sleep(pollMs);
  }
}

interface QueueDepth {
  readonly name: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly deadLetters: number;
}

async function queueDepths(stack: LocalStack): Promise<QueueDepth[] | string> {
  try {
    const response = await fetch(`${stack.url}/_local/queues`, { signal: AbortSignal.timeout(5000) });
    return (await response.json()) as QueueDepth[];
  } catch (error) {
    return `queue depths unavailable: ${String(error)}`;
  }
}

async function diagnosis(
  stack: LocalStack,
  watcher: CallWatcher,
  trace: Trace,
  warnings: readonly string[],
): Promise<string> {
  const now = Date.now();
  const last = (fn: FunctionKey) => trace.invocations.findLast((invocation) => invocation.fn === fn);
  const ago = (invocation: Invocation | undefined) =>
    invocation
      ? `${round((now - invocation.end) / 1000)} s ago (${invocation.keys.length} records)`
      : 'never';
  const recent = watcher.calls
    .slice(-5)
    .map((call) => `${call.method} ${call.status} ${call.internalNumber ?? ''}`.trim());
  return [
    `Queues: ${JSON.stringify(await queueDepths(stack))}.`,
    `Last stock-changes invocation ${ago(last('stockChanges'))}; last sync-listing ${ago(last('syncListing'))}.`,
    `Platform calls so far ${watcher.calls.length} (last: ${recent.join(', ') || 'none'}).`,
    warnings.length > 0
      ? `Stack warnings (${warnings.length}): ${warnings.slice(-5).join(' | ')}`
      : 'No stack warnings.',
  ].join(' ');
}
