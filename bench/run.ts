import { latencyGoalP95Ms, throughputGoalPerSecond, type DeltaBenchOptions } from './delta';
import { benchFeed, pagingRatioGoal, peakRssGoalMiB } from './feed';
import { benchImport } from './import';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildBundles, MINIMAL, measureColdImports, type Bundle, type ImportSamples } from './bundles';
import { canCheckProcesses, killAllStacks, startAndStop, type StartRun } from './local-stack-startup';
import { median, round, summarize } from './stats';

/**
 * `npm run bench`: prints numbers, asserts nothing about time. Exit code 1 only when something
 * broke (the stack did not start, a process was left behind, a bundle failed to import).
 *
 *   --restarts N   restarts on the kept DATA_DIR after the cold start (3)
 *   --runs N       counted cold imports per bundle (15), after --warmup rounds (1)
 *   --delta-latency N  counted single changes of the delta section (200)
 *   --delta-storage S  DynamoDB Local of the delta section: memory, disk or both (both: the
 *                      whole section in memory, then the throughput waves again on disk)
 *   --feed-vehicles N  released vehicles of the feed section (100000)
 *   --feed-rounds N    counted paging-only and feed passes of each kind (2)
 *   --skip-stack / --skip-bundles / --skip-import / --skip-delta / --skip-feed
 */
const { values: args } = parseArgs({
  options: {
    restarts: { type: 'string', default: '3' },
    runs: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '1' },
    'skip-stack': { type: 'boolean', default: false },
    'skip-bundles': { type: 'boolean', default: false },
    'skip-import': { type: 'boolean', default: false },
    'skip-delta': { type: 'boolean', default: false },
    'skip-feed': { type: 'boolean', default: false },
    'delta-latency': { type: 'string', default: '200' },
    'delta-storage': { type: 'string', default: 'both' },
    'feed-vehicles': { type: 'string', default: '100000' },
    'feed-rounds': { type: 'string', default: '2' },
  },
});
const restarts = positiveInt('restarts', args.restarts, 0);
const runs = positiveInt('runs', args.runs, 1);
const warmup = positiveInt('warmup', args.warmup, 0);
const deltaLatencyChanges = positiveInt('delta-latency', args['delta-latency'], 0);
const deltaStorage = args['delta-storage'];
if (!['memory', 'disk', 'both'].includes(deltaStorage)) {
  throw new Error(`--delta-storage must be memory, disk or both, not ${deltaStorage}`);
}
const feedVehicles = positiveInt('feed-vehicles', args['feed-vehicles'], 1);
const feedRounds = positiveInt('feed-rounds', args['feed-rounds'], 1);

const tempDirs: string[] = [];
const cleanUp = (): void => {
  killAllStacks();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the benchmark`);
    cleanUp();
    process.exit(130);
  });
}
const progress = (line: string): void => void process.stderr.write(`  … ${line}\n`);

let failed = false;
const environment = {
  node: process.version,
  platform: `${process.platform}/${process.arch}`,
  cpus: availableParallelism(),
  cpuModel: cpus()[0]?.model ?? 'unknown',
  loadAvg1m: round(loadavg()[0] ?? 0, 2),
};
console.log(
  `vehicle-export bench — node ${environment.node}, ${environment.platform}, ${environment.cpus} CPUs ` +
    `(${environment.cpuModel}), load ${environment.loadAvg1m}`,
);

// 1. Local stack: spawn → healthy, cold and restarts, then SIGINT → exit and leftovers.
let stackJson: object | null = null;
if (!args['skip-stack']) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-stack-'));
  tempDirs.push(dataDir);
  const startRuns: StartRun[] = [];
  let stackError: string | undefined;
  try {
    for (let i = 0; i <= restarts; i++) {
      const label = i === 0 ? 'cold' : `restart ${i}`;
      progress(`local stack: ${label}`);
      startRuns.push(await startAndStop(label, dataDir));
    }
  } catch (error) {
    failed = true;
    stackError = error instanceof Error ? error.message : String(error);
  }
  const [cold, ...again] = startRuns;
  const leftovers = startRuns.flatMap((run) => run.leftovers.map((p) => `${run.label}: ${p}`));
  const restartMedian =
    again.length > 0
      ? {
          healthyMs: round(median(again.map((r) => r.healthyMs))),
          readyMs: round(median(again.map((r) => r.readyMs ?? Number.NaN))),
          stopMs: round(median(again.map((r) => r.stopMs))),
        }
      : null;

  console.log(`\n1. Local stack (node_modules/.bin/tsx infra/local/main.ts), fresh DATA_DIR ${dataDir}`);
  console.log(
    '   healthy = spawn → first GET /health 200 (polled every 50 ms); ready = spawn → ready banner;',
  );
  console.log('   stop = SIGINT → process exit\n');
  console.log(
    table(
      ['run', 'healthy ms', 'ready ms', 'seeded', 'procs', 'stop ms', 'exit', 'leftovers'],
      [
        ...startRuns.map((r) => [
          r.label,
          r.healthyMs.toFixed(0),
          r.readyMs === null ? '–' : r.readyMs.toFixed(0),
          r.seeded ? 'yes' : 'no',
          String(r.processes.length),
          r.stopMs.toFixed(0),
          `${r.exitCode ?? r.exitSignal ?? '?'}${r.forcedKill ? ' (SIGKILL)' : ''}`,
          String(r.leftovers.length),
        ]),
        ...(restartMedian
          ? [
              [
                'restart median',
                restartMedian.healthyMs.toFixed(0),
                restartMedian.readyMs.toFixed(0),
                '',
                '',
                restartMedian.stopMs.toFixed(0),
                '',
                '',
              ],
            ]
          : []),
      ],
    ),
  );
  const trees = [...new Set(startRuns.map((r) => r.processes.join(' → ')))];
  console.log(`\n   process trees when ready: ${trees.join('  |  ')}`);
  if (stackError) console.log(`\n   FAILED: ${stackError.replace(/\n/g, '\n   ')}`);
  if (!canCheckProcesses) console.log('\nleftover processes: not checked (no /proc)');
  else if (leftovers.length === 0) console.log('\nleftover processes: 0');
  else {
    failed = true;
    console.log(`\nleftover processes: ${leftovers.length} (SIGKILLed)\n  ${leftovers.join('\n  ')}`);
  }
  if (startRuns.some((r) => r.forcedKill || r.exitCode !== 0)) failed = true;

  const runJson = (r: StartRun): object => ({
    healthyMs: round(r.healthyMs),
    readyMs: r.readyMs === null ? null : round(r.readyMs),
    seeded: r.seeded,
    processes: r.processes,
    stopMs: round(r.stopMs),
    exitCode: r.exitCode,
    exitSignal: r.exitSignal,
    forcedKill: r.forcedKill,
    leftovers: r.leftovers,
  });
  stackJson = {
    cold: cold ? runJson(cold) : null,
    restarts: again.map(runJson),
    restartMedian,
    leftoverProcesses: canCheckProcesses ? leftovers.length : null,
    ...(stackError ? { error: stackError } : {}),
  };
}

// 2. Bundles: size and cold import time, each next to the minimal bundle.
let bundlesJson: object[] | null = null;
if (!args['skip-bundles']) {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  tempDirs.push(outDir);
  progress('building bundles');
  const { bundles, buildMs } = await buildBundles(outDir);
  progress(`cold imports: ${warmup} warm-up + ${runs} counted rounds × ${bundles.length} bundles`);
  const samples = await measureColdImports(bundles, {
    runs,
    warmup,
    onRound: (done, total) => {
      if (done === total || done % 5 === 0) progress(`round ${done}/${total}`);
    },
  });
  const rows = bundleRows(bundles, samples);
  if (rows.some((r) => r.error !== undefined)) failed = true;

  console.log(
    `\n2. Bundles (buildFunctions() + bench/minimal-handler.ts, lambdaBuildOptions; built in ${(buildMs / 1000).toFixed(1)} s)`,
  );
  console.log(
    `   size = minified index.mjs without its map; import = await import() in a fresh node, ${runs} runs each,`,
  );
  console.log(
    `   round-robin over the bundles after ${warmup} discarded warm-up round(s); × = ratio to ${MINIMAL}\n`,
  );
  console.log(
    table(
      ['bundle', 'bytes', 'KiB', 'size ×', 'import median ms', 'p90 ms', 'import ×', 'process median ms'],
      rows.map((r) =>
        r.error !== undefined
          ? [
              r.key,
              String(r.bytes),
              r.kib.toFixed(1),
              r.sizeRatio.toFixed(2),
              `FAILED: ${r.error.slice(0, 100)}`,
              '',
              '',
              '',
            ]
          : [
              r.key,
              String(r.bytes),
              r.kib.toFixed(1),
              r.sizeRatio.toFixed(2),
              r.importMs.median.toFixed(1),
              r.importMs.p90.toFixed(1),
              r.importRatio === null ? '–' : r.importRatio.toFixed(2),
              r.processMedianMs.toFixed(1),
            ],
      ),
    ),
  );
  bundlesJson = rows.map((r) => ({
    key: r.key,
    bytes: r.bytes,
    kib: round(r.kib),
    sizeRatio: round(r.sizeRatio, 2),
    ...(r.error !== undefined
      ? { error: r.error }
      : {
          importMs: roundSummary(r.importMs),
          importRatio: r.importRatio === null ? null : round(r.importRatio, 2),
          processMedianMs: round(r.processMedianMs),
          importSamplesMs: r.samples.map((s) => round(s)),
        }),
  }));
}

// 3. Stock import: 5,000 vehicles replaced into an empty, then into a full stock.
let importJson: Record<string, unknown> | null = null;
if (!args['skip-import']) {
  progress('stock import: 5,000 vehicles into DynamoDB Local');
  console.log(
    '\n3. Stock import (importStock with csvImportLines, replace mode, DynamoDB Local in memory)\n',
  );
  importJson = await benchImport();
}

// 4. Delta pushes: stock write → stream → delta queue → worker → the mobile.de emulator.
let deltaJson: Record<string, unknown> | null = null;
if (!args['skip-delta']) {
  progress('delta pushes: in-process local stack');
  console.log(
    '\n4. Delta pushes (startLocalStack in-process: DynamoDB Local stream → stock-changes → delta.fifo →',
  );
  console.log('   sync-listing → mobile.de emulator; times end when the emulator logged the call)\n');
  // In memory first (the goals; the bench's data is thrown away), then on disk as `npm start`
  // keeps DATA_DIR: there DynamoDB Local's SQLite syncs each write, which bounds the throughput.
  const runs = deltaStorage === 'both' ? (['memory', 'disk'] as const) : [deltaStorage as 'memory' | 'disk'];
  const results: Record<string, unknown> = {};
  for (const [index, storage] of runs.entries()) {
    // With both, the latency is measured once (in memory): the disk run measures the waves.
    const latencyChanges = index === 0 ? deltaLatencyChanges : 0;
    console.log(
      `   DynamoDB Local ${storage === 'memory' ? 'in memory' : 'on disk (a temporary DATA_DIR)'}\n`,
    );
    try {
      results[storage] = await deltaChild({ storage, latencyChanges });
      printDelta(results[storage] as Record<string, unknown>);
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? error.message : String(error);
      results[storage] = { error: message };
      console.log(`   FAILED: ${message.replace(/\n/g, '\n   ')}`);
    }
    console.log('');
  }
  deltaJson = results;
}

// 5. Feeds: N released vehicles rendered (mobile.de CSV) and delivered to the local FTP server.
let feedJson: Record<string, unknown> | null = null;
if (!args['skip-feed']) {
  progress(`feeds: ${feedVehicles} vehicles, DynamoDB Local + local FTP server`);
  console.log(
    `\n5. Feeds (feedRunner: DynamoDB Local → mobileDeCsvRenderer → TempFileSpool → local FTP server;`,
  );
  console.log(
    `   ${feedVehicles} released vehicles of one dealer, one mobile-de-csv export; every pass in its own child)\n`,
  );
  try {
    feedJson = await benchFeed({ vehicles: feedVehicles, rounds: feedRounds, progress });
    printFeed(feedJson);
    if (feedJson.ok !== true) failed = true;
  } catch (error) {
    failed = true;
    const message = error instanceof Error ? error.message : String(error);
    feedJson = { error: message };
    console.log(`   FAILED: ${message.replace(/\n/g, '\n   ')}`);
  }
}

console.log(
  `\nBENCH_JSON ${JSON.stringify({
    settings: { restarts, runs, warmup, feedVehicles, feedRounds },
    environment,
    localStack: stackJson,
    bundles: bundlesJson,
    import: importJson,
    delta: deltaJson,
    feed: feedJson,
    ok: !failed,
  })}`,
);
cleanUp();
process.exitCode = failed ? 1 : 0;

interface BundleRow {
  readonly key: string;
  readonly bytes: number;
  readonly kib: number;
  readonly sizeRatio: number;
  readonly importMs: ReturnType<typeof summarize>;
  readonly importRatio: number | null;
  readonly processMedianMs: number;
  readonly samples: number[];
  readonly error?: string;
}

function bundleRows(bundles: readonly Bundle[], samples: Map<string, ImportSamples>): BundleRow[] {
  const minimal = bundles.find((b) => b.key === MINIMAL);
  const minimalSamples = samples.get(MINIMAL);
  const minimalMedian =
    minimalSamples && minimalSamples.error === undefined && minimalSamples.importMs.length > 0
      ? median(minimalSamples.importMs)
      : null;
  return bundles.map((bundle) => {
    const own = samples.get(bundle.key);
    const base = {
      key: bundle.key,
      bytes: bundle.bytes,
      kib: bundle.bytes / 1024,
      sizeRatio: minimal ? bundle.bytes / minimal.bytes : Number.NaN,
    };
    if (!own || own.error !== undefined || own.importMs.length === 0) {
      const empty = { n: 0, min: 0, median: 0, p90: 0, max: 0 };
      return {
        ...base,
        importMs: empty,
        importRatio: null,
        processMedianMs: 0,
        samples: [],
        error: own?.error ?? 'no samples',
      };
    }
    const importMs = summarize(own.importMs);
    return {
      ...base,
      importMs,
      importRatio: minimalMedian === null ? null : importMs.median / minimalMedian,
      processMedianMs: median(own.processMs),
      samples: own.importMs,
    };
  });
}

/** Reads a section's JSON by dotted path: `get('a.b')`, and numbers formatted, '–' when absent. */
function reader(result: Record<string, unknown>) {
  const get = (path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>(
        (node, key) =>
          node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
        result,
      );
  const num = (path: string, digits = 0): string => {
    const value = get(path);
    return typeof value === 'number' ? value.toFixed(digits) : '–';
  };
  return { get, num };
}

/** Section 4's tables, read from benchDelta's JSON. */
function printDelta(result: Record<string, unknown>): void {
  const { get } = reader(result);
  if (get('latency')) printDeltaLatency(result);
  printDeltaThroughput(result);
}

function printDeltaLatency(result: Record<string, unknown>): void {
  const { get, num } = reader(result);
  console.log(
    `   local stack started in ${num('stackStartMs')} ms; ${num('latency.changes')} single changes ` +
      `(${num('latency.creates')} creates, ${num('latency.updates')} price updates), one at a time\n`,
  );
  const distributionRow = (label: string, path: string): string[] => [
    label,
    num(`${path}.n`),
    num(`${path}.p50`),
    num(`${path}.p95`),
    num(`${path}.max`),
    num(`${path}.mean`),
  ];
  console.log(
    table(
      ['latency ms', 'n', 'p50', 'p95', 'max', 'mean'],
      [
        distributionRow('write → platform call', 'latency.ms'),
        distributionRow('  creates (POST 201)', 'latency.createMs'),
        distributionRow('  price updates (PUT 200)', 'latency.updateMs'),
        distributionRow('PutItem', 'latency.putItemMs'),
        distributionRow('stage: write → stream fn', 'latency.stagesMs.streamWait'),
        distributionRow('stage: stream fn', 'latency.stagesMs.streamHandler'),
        distributionRow('stage: stream fn → worker', 'latency.stagesMs.queueWait'),
        distributionRow('stage: worker → call', 'latency.stagesMs.worker'),
      ],
    ),
  );
  const p95 = get('latency.ms.p95');
  console.log(
    `\n   latency p95 ${num('latency.ms.p95')} ms, goal ≤ ${latencyGoalP95Ms} ms: ` +
      `${typeof p95 === 'number' && p95 <= latencyGoalP95Ms ? 'met' : 'MISSED'}\n`,
  );
}

function printDeltaThroughput(result: Record<string, unknown>): void {
  const { get, num } = reader(result);
  const waveRow = (label: string, path: string): string[] => [
    label,
    num(`${path}.changes`),
    num(`${path}.effectiveChanges`),
    num(`${path}.noOps`),
    num(`${path}.writeSeconds`, 2),
    num(`${path}.seconds`, 2),
    num(`${path}.changesPerSecond`),
    num(`${path}.callsPerEffectiveChange`, 3),
    num(`${path}.noOpPlatformCalls`),
    num(`${path}.errorResponses`),
    num(`${path}.lostLogEntries`),
  ];
  console.log(
    table(
      [
        'wave',
        'changes',
        'effective',
        'no-ops',
        'write s',
        'to platform s',
        'changes/s',
        'calls/effective',
        'no-op calls',
        '4xx/5xx',
        'log lost',
      ],
      [waveRow('pre-listing (creates)', 'prelisting'), waveRow('throughput', 'throughput')],
    ),
  );
  const functionRow = (label: string, path: string): string[] => [
    label,
    num(`${path}.invocations`),
    num(`${path}.meanBatch`, 1),
    num(`${path}.maxBatch`),
    num(`${path}.msPerInvocation.p50`),
    num(`${path}.msPerInvocation.p95`),
    num(`${path}.meanConcurrency`, 2),
    num(`${path}.maxConcurrency`),
    num(`${path}.lastEndS`, 2),
  ];
  console.log('');
  console.log(
    table(
      [
        'function (wave)',
        'invocations',
        'mean batch',
        'max batch',
        'ms p50',
        'ms p95',
        'mean conc',
        'max conc',
        'last end s',
      ],
      [
        functionRow('stock-changes (pre-listing)', 'prelisting.functions.stockChanges'),
        functionRow('sync-listing (pre-listing)', 'prelisting.functions.syncListing'),
        functionRow('stock-changes (throughput)', 'throughput.functions.stockChanges'),
        functionRow('sync-listing (throughput)', 'throughput.functions.syncListing'),
      ],
    ),
  );
  const rate = get('throughput.changesPerSecond');
  const goal =
    get('storage') === 'memory'
      ? `goal ≥ ${throughputGoalPerSecond}: ${typeof rate === 'number' && rate >= throughputGoalPerSecond ? 'met' : 'MISSED'}`
      : 'DynamoDB Local on disk, for information (the goal is judged in memory)';
  console.log(`\n   throughput ${num('throughput.changesPerSecond')} changes/s, ${goal}`);
  const warnings = get('stackWarningCount');
  if (typeof warnings === 'number' && warnings > 0) {
    console.log(
      `   stack warnings: ${warnings} (first ones in BENCH_JSON delta.${String(get('storage'))}.stackWarnings)`,
    );
  }
}

/** bench/delta-child.ts in a process of its own; its progress goes to our stderr. */
async function deltaChild(options: Omit<DeltaBenchOptions, 'progress'>): Promise<Record<string, unknown>> {
  const script = fileURLToPath(new URL('./delta-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, BENCH_DELTA_CHILD: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('DELTA_CHILD_JSON '));
  if (!line)
    throw new Error(`the delta run exited with ${String(code)} and no result:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice('DELTA_CHILD_JSON '.length)) as Record<string, unknown>;
}

/** Section 5's lines, read from benchFeed's JSON. */
function printFeed(result: Record<string, unknown>): void {
  const { get, num } = reader(result);
  const mib = (value: unknown): string => (typeof value === 'number' ? value.toFixed(1) : '–');
  console.log(
    `   seeded ${num('vehicles')} vehicles (+ ${num('seed.bookings')} booked listings, ` +
      `~${num('seed.meanItemBytes')} B JSON each) with batchWrite in ${num('seed.ms')} ms ` +
      `(${num('seed.vehiclesPerSecond')} vehicles/s; not measured)`,
  );
  console.log(`   measured: ${String(get('measuredProcess'))}`);
  console.log(`   order: ${String(get('order'))}; medians below`);
  console.log(
    '   child CPU = user + system time of the pass process; JVM CPU = DynamoDB Local in the same time (/proc)\n',
  );
  const passes = (kind: 'paging' | 'feed'): Record<string, unknown>[] => {
    const list = get(`${kind}.passes`);
    return Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
  };
  const passRow = (label: string, pass: Record<string, unknown>): string[] => {
    const ms = typeof pass.ms === 'number' ? pass.ms : Number.NaN;
    const vehicles = typeof pass.vehicles === 'number' ? pass.vehicles : Number.NaN;
    return [
      label,
      Number.isNaN(vehicles) ? '–' : String(vehicles),
      ms.toFixed(0),
      Math.round(vehicles / (ms / 1000)).toString(),
      typeof pass.cpuMs === 'number' ? pass.cpuMs.toFixed(0) : '–',
      typeof pass.dynamoDbLocalCpuMs === 'number' ? pass.dynamoDbLocalCpuMs.toFixed(0) : '–',
      typeof pass.renderMs === 'number' ? pass.renderMs.toFixed(0) : '–',
      typeof pass.deliverMs === 'number' ? pass.deliverMs.toFixed(0) : '–',
      typeof pass.bytes === 'number' ? String(pass.bytes) : '–',
      mib(pass.rssBeforeMiB),
      mib(pass.peakRssMiB),
    ];
  };
  console.log(
    table(
      [
        'pass (child process)',
        'vehicles',
        'ms',
        'vehicles/s',
        'child CPU ms',
        'JVM CPU ms',
        'page+render ms',
        'FTP ms',
        'file bytes',
        'RSS before MiB',
        'peak RSS MiB',
      ],
      [
        ...passes('paging').map((pass, i) => passRow(`paging only #${i + 1}`, pass)),
        ...passes('feed').map((pass, i) => passRow(`feed run #${i + 1}`, pass)),
      ],
    ),
  );
  const ratio = get('ratio');
  const peak = get('peakRssMiB.feed');
  console.log(
    `\n   paging only ${num('paging.medianMs')} ms, feed run ${num('feed.medianMs')} ms ` +
      `(${num('feed.vehiclesPerSecond')} vehicles/s, ${num('feed.bytes')} bytes delivered and checked)`,
  );
  console.log(
    `   feed / paging ${num('ratio', 2)}, goal ≤ ${pagingRatioGoal}: ` +
      `${typeof ratio === 'number' && ratio <= pagingRatioGoal ? 'met' : 'MISSED'}`,
  );
  console.log(
    `   peak RSS of the feed child ${num('peakRssMiB.feed', 1)} MiB (paging child ${num('peakRssMiB.paging', 1)} MiB), ` +
      `goal ≤ ${peakRssGoalMiB} MiB: ${typeof peak === 'number' && peak <= peakRssGoalMiB ? 'met' : 'MISSED'}`,
  );
  const problems = get('problems');
  if (Array.isArray(problems) && problems.length > 0) {
    console.log(`   FAILED: ${problems.join('\n   ')}`);
  }
}

function roundSummary(s: ReturnType<typeof summarize>): object {
  return { n: s.n, min: round(s.min), median: round(s.median), p90: round(s.p90), max: round(s.max) };
}

/** A plain text table: first column left-aligned, the others right-aligned. */
function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    '  ' +
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), '  ' + widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function positiveInt(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be an integer ≥ ${min}, got ${raw}`);
    process.exit(2);
  }
  return value;
}
