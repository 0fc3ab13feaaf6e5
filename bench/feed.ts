import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { lambdaBuildOptions } from '../infra/build';
import { createTables } from '../infra/local/create-tables';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local';
import { startFtpServer } from '../infra/local/feed-servers/ftp-server';
import { tables } from '../infra/topology';
import { listingItem } from '../shared/adapters/dynamodb/listings-table';
import { batchWrite, type WriteRequest } from '../shared/adapters/dynamodb/batch-write';
import { vehicleItem } from '../shared/adapters/dynamodb/stock-keys';
import { VehicleSchema, type Vehicle } from '../shared/domain/vehicle';
import type { FeedChildResult, FeedChildTask } from './feed-child';
import { median, round } from './stats';

/**
 * The feed benchmark of issue 6: N released vehicles of one dealer in DynamoDB Local (in memory),
 * released to one `mobile-de-csv` export, and
 *
 * - paging only: `DynamoStockRepository.releasedVehicles()` to the end (zod parse included);
 * - the feed run: `feedRunner` with the real adapters (DynamoStockRepository, DynamoListingStore
 *   for the bookings, mobileDeCsvRenderer, TempFileSpool, createFeedDelivery) delivering to the
 *   local FTP server (ftp-srv over a temp dir, in this process).
 *
 * Each measured pass runs in a child process of its own (bench/feed-child.ts bundled like a Lambda
 * function, run by plain `node`), whose peak RSS is `process.resourceUsage().maxRSS` at its end:
 * not the JVM's, not the FTP server's, not the seeding's. An uncounted paging pass over another
 * dealer's few vehicles first warms DynamoDB Local's query path (the seeding only warmed its
 * writes); then the counted rounds run paging → feed, feed → paging, … (ABBA), so a slow drift of
 * the machine does not favour one kind. Medians are reported, with each pass's CPU time and
 * DynamoDB Local's (from /proc) to show who the time belongs to.
 *
 * DynamoDB Local pages a large partition in quadratic time (each page costs in proportion to the
 * items after its start key: 20,000 vehicles page in ~10 s, 40,000 in ~30 s), so at 100,000 the
 * paging-only time is mostly the emulator, not this code; see the child CPU column.
 * After every feed pass the delivered file on the FTP root is checked (bytes, one line per vehicle).
 */
export interface FeedBenchOptions {
  /** Released vehicles (100,000). */
  readonly vehicles?: number;
  /** Counted passes of each kind (2). */
  readonly rounds?: number;
  /**
   * How a pass runs: `bundle` (default) is bench/feed-child.ts bundled like a Lambda function
   * (lambdaBuildOptions: esbuild, minified, AWS SDK inside) and run by plain `node`, so its RSS is
   * what a function would hold; `tsx` runs the source through `node --import tsx` (readable CPU
   * profiles, but tsx's loader thread adds about 45 MiB of RSS).
   */
  readonly loader?: 'bundle' | 'tsx';
  /** Write CPU profiles of the children there (`node --cpu-prof`). */
  readonly cpuProfDir?: string;
  readonly progress?: (line: string) => void;
}

export const peakRssGoalMiB = 256;
export const pagingRatioGoal = 1.2;

const benchDealerId = 'bench-feed';
const dealerId = benchDealerId;
/** Another dealer's few vehicles: the uncounted warm-up pass pages them (JIT of DynamoDB Local's query path). */
const warmupDealerId = 'bench-feed-warmup';
const warmupVehicles = 2_000;
const exportId = 'exp_bench_feed';
const customerNumber = '4711815';
const contactEmail = 'verkauf@autohaus-bench.example';
const remotePath = '/mobile-de-stock.csv';
const seedChunk = 5_000;
const seedConcurrency = 8;
/** USER_HZ; 100 on every Linux this runs on (getconf CLK_TCK). */
const clockTicksPerSecond = 100;
const childScript = fileURLToPath(new URL('./feed-child.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export async function benchFeed(options: FeedBenchOptions = {}): Promise<Record<string, unknown>> {
  const vehicles = options.vehicles ?? 100_000;
  const rounds = options.rounds ?? 2;
  const progress = options.progress ?? (() => undefined);
  const problems: string[] = [];
  const loader = options.loader ?? 'bundle';
  const ftpRoot = mkdtempSync(join(tmpdir(), 'bench-feed-ftp-'));
  const bundleDir = mkdtempSync(join(tmpdir(), 'bench-feed-child-'));
  const javaBefore = new Set(javaChildren());
  const dynamo = await startDynamoDbLocal();
  const jvm = javaChildren().find((pid) => !javaBefore.has(pid));
  const ftp = await startFtpServer({ root: ftpRoot, username: 'bench', password: 'bench-secret' });
  try {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'eu-central-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    });
    await createTables(client);
    const documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });

    progress(`feeds: seeding ${vehicles} vehicles into DynamoDB Local`);
    const seedStarted = performance.now();
    const seeded = await seed(documents, vehicles, progress);
    const seedMs = performance.now() - seedStarted;
    await seed(documents, warmupVehicles, () => undefined, warmupDealerId);

    const entry: ChildEntry =
      loader === 'tsx'
        ? { args: ['--import', 'tsx', childScript], describe: 'node --import tsx bench/feed-child.ts' }
        : await bundleChild(bundleDir);

    const task = (mode: FeedChildTask['mode'], dealer = dealerId): FeedChildTask => ({
      mode,
      endpoint: dynamo.endpoint,
      dealerId: dealer,
      exportId,
      customerNumber,
      contactEmail,
      target: {
        protocol: 'ftp',
        host: ftp.host,
        port: ftp.port,
        username: 'bench',
        password: 'bench-secret',
        path: remotePath,
      },
    });
    const pass = async (
      mode: FeedChildTask['mode'],
      label: string,
      dealer = dealerId,
      expected = vehicles,
    ): Promise<FeedChildResult> => {
      progress(`feeds: ${label}`);
      const jvmBefore = cpuTicksMs(jvm);
      const result = await runChild(entry, task(mode, dealer), options.cpuProfDir);
      const jvmAfter = cpuTicksMs(jvm);
      jvmCpu.set(result, jvmBefore === null || jvmAfter === null ? null : jvmAfter - jvmBefore);
      if (result.vehicles !== expected) {
        problems.push(`${label}: ${result.vehicles} vehicles instead of ${expected}`);
      }
      if (mode === 'feed') {
        const check = await checkDelivered(join(ftpRoot, remotePath), result.bytes ?? -1, vehicles);
        if (check) problems.push(`${label}: ${check}`);
        rmSync(join(ftpRoot, remotePath), { force: true });
      }
      return result;
    };

    const jvmCpu = new Map<FeedChildResult, number | null>();
    const passJson = (r: FeedChildResult): Record<string, unknown> => ({
      ms: round(r.ms),
      cpuMs: round(r.cpuMs),
      dynamoDbLocalCpuMs: jvmCpu.get(r) ?? null,
      ...(r.renderMs === undefined ? {} : { renderMs: round(r.renderMs) }),
      ...(r.deliverMs === undefined ? {} : { deliverMs: round(r.deliverMs) }),
      ...(r.bytes === undefined ? {} : { bytes: r.bytes }),
      vehicles: r.vehicles,
      rssBeforeMiB: round(r.rssBeforeKiB / 1024),
      peakRssMiB: round(r.maxRssKiB / 1024),
      heapUsedEndMiB: round(r.heapUsedEndKiB / 1024),
    });
    const warmup = await pass(
      'paging',
      `warm-up: paging another dealer's ${warmupVehicles} vehicles (not counted)`,
      warmupDealerId,
      warmupVehicles,
    );
    const paging: FeedChildResult[] = [];
    const feed: FeedChildResult[] = [];
    for (let counted = 1; counted <= rounds; counted++) {
      const order = counted % 2 === 1 ? (['paging', 'feed'] as const) : (['feed', 'paging'] as const);
      for (const mode of order) {
        const result = await pass(mode, `round ${counted}/${rounds}: ${mode}`);
        (mode === 'paging' ? paging : feed).push(result);
      }
    }

    const pagingMs = median(paging.map((r) => r.ms));
    const feedMs = median(feed.map((r) => r.ms));
    const ratio = feedMs / pagingMs;
    const feedPeakMiB = Math.max(...feed.map((r) => r.maxRssKiB)) / 1024;
    const pagingPeakMiB = Math.max(...paging.map((r) => r.maxRssKiB)) / 1024;
    const leftovers = readdirSync(ftpRoot);
    if (leftovers.length > 0) problems.push(`files left on the FTP root: ${leftovers.join(', ')}`);
    return {
      vehicles,
      rounds,
      order: `1 uncounted paging pass over another dealer's ${warmupVehicles} vehicles, then ${rounds} round(s) alternating paging→feed / feed→paging (ABBA)`,
      measuredProcess: `a child \`${entry.describe}\` per pass; peak RSS = its process.resourceUsage().maxRSS`,
      seed: {
        ms: round(seedMs),
        vehiclesPerSecond: Math.round(vehicles / (seedMs / 1000)),
        items: seeded.items,
        bookings: seeded.bookings,
        meanItemBytes: Math.round(seeded.jsonBytes / vehicles),
      },
      warmup: passJson(warmup),
      paging: {
        medianMs: round(pagingMs),
        medianCpuMs: round(median(paging.map((r) => r.cpuMs))),
        passes: paging.map(passJson),
      },
      feed: {
        medianMs: round(feedMs),
        vehiclesPerSecond: Math.round(vehicles / (feedMs / 1000)),
        medianCpuMs: round(median(feed.map((r) => r.cpuMs))),
        medianRenderMs: round(median(feed.map((r) => r.renderMs ?? 0))),
        medianDeliverMs: round(median(feed.map((r) => r.deliverMs ?? 0))),
        bytes: feed[0]?.bytes ?? null,
        passes: feed.map(passJson),
      },
      ratio: round(ratio, 2),
      peakRssMiB: { feed: round(feedPeakMiB), paging: round(pagingPeakMiB) },
      goals: {
        ratio: { goal: pagingRatioGoal, met: ratio <= pagingRatioGoal },
        peakRssMiB: { goal: peakRssGoalMiB, met: feedPeakMiB <= peakRssGoalMiB },
      },
      problems,
      ok: problems.length === 0,
    };
  } finally {
    await ftp.stop();
    await dynamo.stop();
    rmSync(ftpRoot, { recursive: true, force: true });
    rmSync(bundleDir, { recursive: true, force: true });
  }
}

/** This process's `java` children (Linux /proc; none elsewhere). */
function javaChildren(): number[] {
  try {
    return readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number)
      .filter((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'java');
  } catch {
    return [];
  }
}

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat. */
function cpuTicksMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    return null;
  }
}

interface ChildEntry {
  /** node's arguments after its own options. */
  readonly args: readonly string[];
  readonly describe: string;
}

/** bench/feed-child.ts as a Lambda function would be built (infra/build.ts). */
async function bundleChild(outDir: string): Promise<ChildEntry> {
  const outfile = join(outDir, 'index.mjs');
  await build(lambdaBuildOptions('bench/feed-child.ts', outfile));
  return {
    args: [outfile],
    describe: `node <bench/feed-child.ts bundled with lambdaBuildOptions, ${statSync(outfile).size} bytes>`,
  };
}

/** Runs one pass in a fresh node and returns what it printed. */
async function runChild(
  entry: ChildEntry,
  task: FeedChildTask,
  cpuProfDir?: string,
): Promise<FeedChildResult> {
  const args = [...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []), ...entry.args];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, BENCH_FEED_CHILD: JSON.stringify(task) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const line = stdout.split('\n').find((l) => l.startsWith('FEED_CHILD_JSON '));
  if (code !== 0 || !line) {
    throw new Error(
      `the ${task.mode} pass failed (exit ${code}): ${(stderr.trim() || stdout.trim()).slice(-2000)}`,
    );
  }
  return JSON.parse(line.slice('FEED_CHILD_JSON '.length)) as FeedChildResult;
}

/** The delivered file holds `bytes` bytes and one CRLF-terminated line per vehicle. */
async function checkDelivered(path: string, bytes: number, vehicles: number): Promise<string | undefined> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return `no file at ${path} on the FTP root`;
  }
  if (size !== bytes) return `the FTP root holds ${size} bytes, the run reported ${bytes}`;
  let lines = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  }
  return lines === vehicles ? undefined : `the delivered file has ${lines} lines, not ${vehicles}`;
}

/**
 * N released vehicles (plus a few bookings on the export's listings), written with BatchWriteItem
 * in chunks, several requests in flight.
 */
export async function seed(
  documents: DynamoDBDocumentClient,
  vehicles: number,
  progress: (line: string) => void,
  dealerId = benchDealerId,
): Promise<{ items: number; bookings: number; jsonBytes: number }> {
  let jsonBytes = 0;
  let bookings = 0;
  const now = new Date().toISOString();
  for (let from = 0; from < vehicles; from += seedChunk) {
    const chunk = Array.from({ length: Math.min(seedChunk, vehicles - from) }, (_, i) =>
      benchVehicle(from + i, now),
    );
    const groups: WriteRequest[][] = chunk.map((vehicle) => {
      const item = vehicleItem(dealerId, VehicleSchema.parse(vehicle));
      jsonBytes += JSON.stringify(item).length;
      return [{ PutRequest: { Item: item } }];
    });
    await batchWrite(documents, tables.stock.name, groups, { concurrency: seedConcurrency });
    // Every 40th vehicle carries a paid booking on the export (EYE_CATCHER / PAGE_ONE_AD columns).
    const booked = chunk
      .filter((_, i) => (from + i) % 40 === 0)
      .map((vehicle, i) => [
        {
          PutRequest: {
            Item: listingItem({
              exportId,
              dealerId,
              vehicleId: vehicle.vehicleId,
              state: 'listed',
              listingRef: null,
              insertionKey: `ins_${vehicle.vehicleId}`,
              contentHash: null,
              bookings: i % 2 === 0 ? ['EYE_CATCHER'] : ['EYE_CATCHER', 'PAGE_ONE_AD'],
              syncedVersion: 1,
              updatedAt: now,
            }),
          },
        },
      ]);
    bookings += booked.length;
    // Only the measured dealer's (the warm-up dealer's vehicle ids are the same, in another partition).
    if (booked.length > 0 && dealerId === benchDealerId)
      await batchWrite(documents, tables.exports.name, booked);
    const done = from + chunk.length;
    if (done % 20_000 === 0 || done === vehicles) progress(`feeds: seeded ${done}/${vehicles}`);
  }
  return { items: vehicles + bookings, bookings, jsonBytes };
}

// ---- realistic-looking stock, deterministic per index ----

const makes: readonly (readonly [string, readonly string[], string])[] = [
  ['Volkswagen', ['Golf', 'Passat Variant', 'Tiguan', 'ID.4', 'Polo', 'T-Roc'], 'WVW'],
  ['BMW', ['320d Touring', 'X3 xDrive20d', '118i', 'iX1', '520d'], 'WBA'],
  ['Mercedes-Benz', ['C 200', 'E 220 d T-Modell', 'GLC 300 4MATIC', 'A 180', 'Vito Tourer'], 'WDD'],
  ['Audi', ['A4 Avant', 'Q5 Sportback', 'A3 Sportback', 'e-tron GT'], 'WAU'],
  ['Škoda', ['Octavia Combi', 'Enyaq iV', 'Superb', 'Fabia', 'Kodiaq'], 'TMB'],
  ['Opel', ['Astra Sports Tourer', 'Corsa-e', 'Grandland', 'Mokka'], 'W0L'],
  ['Ford', ['Focus Turnier', 'Kuga', 'Fiesta', 'Mustang Mach-E'], 'WF0'],
  ['Citroën', ['C5 Aircross', 'Berlingo', 'ë-C4'], 'VF7'],
  ['Renault', ['Mégane E-Tech', 'Clio', 'Captur', 'Kangoo'], 'VF1'],
  ['Toyota', ['Corolla Touring Sports', 'Yaris Hybrid', 'RAV4 Plug-in'], 'JTD'],
  ['Hyundai', ['i30 Kombi', 'Tucson', 'IONIQ 5', 'Kona Elektro'], 'KMH'],
  ['Peugeot', ['308 SW', '2008', '3008 Hybrid4', '208'], 'VF3'],
  ['Dacia', ['Duster', 'Sandero Stepway', 'Jogger'], 'UU1'],
  ['Mazda', ['CX-5', 'Mazda3 Fließheck', 'MX-5'], 'JMZ'],
];
const trims = ['Comfortline', 'Highline', 'Style', 'Business', 'Sport', 'Tour', 'Exclusive', 'Ambition'];
const colours = ['Schwarz', 'Weiß', 'Silber', 'Grau', 'Blau', 'Rot', 'Grün', 'Braun', 'Beige'];
const sentences = [
  'Scheckheftgepflegt, Nichtraucherfahrzeug, 8-fach bereift.',
  'Sitzheizung vorn, Klimaautomatik, Rückfahrkamera und Einparkhilfe hinten.',
  'Garantie: 12 Monate Gebrauchtwagengarantie – Finanzierung ab 1,99 % möglich.',
  'Überführung und Zulassung gegen Aufpreis; Inzahlungnahme Ihres Fahrzeugs möglich.',
  'Unfallfrei laut Vorbesitzer, HU/AU neu, Inspektion frisch durchgeführt.',
  '„Top-Zustand“ – innen wie außen gepflegt, keine Haustiere.',
  'Anhängerkupplung schwenkbar, Dachreling, getönte Scheiben hinten.',
  'LED-Scheinwerfer, Müdigkeitserkennung, Spurhalteassistent, Verkehrszeichenerkennung.',
  'Große Inspektion bei 60.000 km inkl. Zahnriemenwechsel erledigt.',
  'Zwei Schlüssel, Serviceheft und Bordmappe vollständig vorhanden.',
  'Panorama-Glasdach, Sportsitze mit Teillederausstattung, Lenkradheizung.',
  'Probefahrt nach Terminvereinbarung jederzeit möglich – wir freuen uns auf Sie!',
  'Irrtümer und Zwischenverkauf vorbehalten. Fotos können Sonderausstattung zeigen.',
  'Größere Sommerräder auf Alufelgen, Winterräder auf Stahlfelgen inklusive.',
  'Öl- und Filterwechsel sowie Bremsflüssigkeit zuletzt vor 3 Monaten.',
];
const equipment = [
  'abs',
  'esp',
  'alloy-wheels',
  'navigation',
  'bluetooth',
  'carplay',
  'central-locking',
  'electric-windows',
  'sunroof',
  'Sitzheizung',
  'Anhängerkupplung',
  'LED-Scheinwerfer',
  'Einparkhilfe hinten',
];
const categories = ['small', 'limousine', 'estate', 'suv', 'van', 'cabrio', 'sports'] as const;
const fuels = ['petrol', 'diesel', 'electric', 'hybrid-petrol', 'diesel', 'petrol', 'lpg'] as const;
const gearboxes = ['manual', 'automatic', 'automatic', 'semi-automatic'] as const;
const vinAlphabet = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/** A small deterministic PRNG (mulberry32) per vehicle, so every run seeds the same stock. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function benchVehicle(index: number, now: string): Vehicle {
  const next = random(index * 2654435761);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const [make, models, wmi] = pick(makes);
  const internalNumber = `FB-${String(index).padStart(6, '0')}`;
  const used = next() < 0.85;
  const year = 2012 + Math.floor(next() * 13);
  const month = String(1 + Math.floor(next() * 12)).padStart(2, '0');
  const serial = Array.from({ length: 11 }, () => vinAlphabet[Math.floor(next() * vinAlphabet.length)]).join(
    '',
  );
  const description = Array.from({ length: 3 + Math.floor(next() * 5) }, () => pick(sentences)).join(
    next() < 0.5 ? '\n' : ' ',
  );
  const imageCount = 5 + Math.floor(next() * 6);
  const vatDeductible = next() < 0.7;
  return {
    vehicleId: `veh_bench_${String(index).padStart(6, '0')}`,
    version: 1 + Math.floor(next() * 4),
    releases: { [exportId]: true },
    createdAt: now,
    updatedAt: now,
    internalNumber,
    vin: `${wmi}ZZZ${serial}`,
    condition: used ? 'used' : 'new',
    category: pick(categories),
    make,
    model: pick(models),
    modelDescription: `${pick(models)} ${(1 + next() * 2).toFixed(1)} ${pick(trims)}`,
    ...(used
      ? { firstRegistration: `${year}-${month}`, mileageKm: 5_000 + Math.floor(next() * 200_000) }
      : {}),
    powerKw: 55 + Math.floor(next() * 250),
    cubicCapacityCcm: 999 + Math.floor(next() * 2000),
    fuel: pick(fuels),
    gearbox: pick(gearboxes),
    exteriorColor: pick(colours),
    damageUnrepaired: next() < 0.03,
    price: {
      gross: `${(40 + Math.floor(next() * 700)) * 100 - 10}.00`,
      currency: 'EUR',
      vatRate: vatDeductible ? '19.00' : null,
    },
    description,
    equipment: equipment.filter(() => next() < 0.45),
    images: Array.from({ length: imageCount }, (_, n) => ({
      url: `https://img.autohaus-bench.example/${dealerId}/${internalNumber}/${n + 1}.jpg?w=1600&h=1200`,
    })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      vehicles: { type: 'string', default: '5000' },
      rounds: { type: 'string', default: '2' },
      'cpu-prof-dir': { type: 'string' },
      tsx: { type: 'boolean', default: false },
    },
  });
  const result = await benchFeed({
    vehicles: Number(values.vehicles),
    rounds: Number(values.rounds),
    loader: values.tsx ? 'tsx' : 'bundle',
    ...(values['cpu-prof-dir'] ? { cpuProfDir: values['cpu-prof-dir'] } : {}),
    progress: (line) => void process.stderr.write(`  … ${line}\n`),
  });
  console.log(JSON.stringify(result, null, 2));
  process.exitCode = result.ok === true ? 0 : 1;
}
