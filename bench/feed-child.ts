import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tables } from '../infra/topology';
import { DynamoListingStore } from '../shared/adapters/dynamodb/listings-table';
import { DynamoStockRepository } from '../shared/adapters/dynamodb/stock-table';
import { createFeedDelivery } from '../shared/adapters/feeds/delivery/delivery-dispatcher';
import { mobileDeCsvRenderer } from '../shared/adapters/feeds/render/mobile-de-csv';
import { TempFileSpool } from '../shared/adapters/feeds/temp-file-spool';
import { feedRunner, type FeedRunDeps } from '../shared/application/feeds/run-feed';
import type { Detail } from '../shared/domain/detail';
import type { Export } from '../shared/domain/export';
import type { FeedDelivered } from '../shared/domain/feed-lock';
import type { FileServerTarget } from '../shared/domain/feed-target';
import type { Job } from '../shared/domain/job';

/**
 * One measured pass of the feed benchmark (bench/feed.ts), in its own process so that its peak
 * RSS is the pass's alone: neither DynamoDB Local (a JVM), nor the FTP server, nor the seeding
 * live here. bench/feed.ts bundles it like a Lambda function (or runs it with `--import tsx`).
 * Reads its task from BENCH_FEED_CHILD (JSON), prints one `FEED_CHILD_JSON {…}` line.
 *
 *   paging: iterate DynamoStockRepository.releasedVehicles() to the end, counting (zod parse included)
 *   feed:   feedRunner with the real adapters; the FTP server runs in the parent
 */
export interface FeedChildTask {
  readonly mode: 'paging' | 'feed';
  readonly endpoint: string;
  readonly dealerId: string;
  readonly exportId: string;
  readonly customerNumber: string;
  readonly contactEmail: string;
  readonly target: FileServerTarget;
}

export interface FeedChildResult {
  readonly mode: FeedChildTask['mode'];
  readonly vehicles: number;
  /** From the first request to the end of the pass (client built and modules loaded before). */
  readonly ms: number;
  /** CPU time of this process (user + system) during the pass: the rest is waiting on DynamoDB Local. */
  readonly cpuMs: number;
  /** feed only: paging + rendering into the spool file, then the FTP upload, then the rest. */
  readonly renderMs?: number;
  readonly deliverMs?: number;
  readonly bytes?: number;
  readonly remotePath?: string;
  readonly outcome?: Detail['outcome'];
  /** RSS once everything is imported and built, right before the pass (KiB). */
  readonly rssBeforeKiB: number;
  /** process.resourceUsage().maxRSS at the end: the peak RSS of this process (KiB). */
  readonly maxRssKiB: number;
  readonly heapUsedEndKiB: number;
  readonly pid: number;
}

const task = JSON.parse(process.env.BENCH_FEED_CHILD ?? 'null') as FeedChildTask | null;
if (!task) throw new Error('BENCH_FEED_CHILD is not set: this file is started by bench/feed.ts');

const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: task.endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  }),
);
const stock = new DynamoStockRepository(documents, tables.stock.name);
const result = task.mode === 'paging' ? await pageOnly(task) : await runFeed(task);
console.log(`FEED_CHILD_JSON ${JSON.stringify(result)}`);

async function pageOnly(task: FeedChildTask): Promise<FeedChildResult> {
  const rssBeforeKiB = Math.round(process.memoryUsage().rss / 1024);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let vehicles = 0;
  for await (const _vehicle of stock.releasedVehicles(task.dealerId, task.exportId)) vehicles++;
  const ms = performance.now() - started;
  return { mode: 'paging', vehicles, ms, cpuMs: cpuMsSince(cpu), ...memory(rssBeforeKiB) };
}

async function runFeed(task: FeedChildTask): Promise<FeedChildResult> {
  const createdAt = new Date().toISOString();
  const exp: Export = {
    exportId: task.exportId,
    dealerId: task.dealerId,
    appId: 'mobile-de-csv',
    transport: 'feed',
    status: 'active',
    settings: { customerNumber: task.customerNumber },
    secretPaths: [],
    lock: null,
    stats: { released: 0, listed: 0, pending: 0, errorsLast24h: 0 },
    lastTransmissionAt: null,
    createdAt,
  };
  const details: Detail[] = [];
  let delivered: FeedDelivered | undefined;
  let renderMs = 0;
  let deliverMs = 0;
  let bytes = 0;
  let remotePath = '';
  // Timed once per run around the two big steps: nothing is added per vehicle.
  const spool = new TempFileSpool();
  const delivery = createFeedDelivery({ allowPrivateTargets: true, maxAttempts: 1 });
  const refuse = (what: string) => async (): Promise<never> => {
    throw new Error(`the benchmark's feed run must not ${what}`);
  };
  const deps: FeedRunDeps = {
    exports: { getExport: async () => exp },
    stock,
    bookings: new DynamoListingStore(documents, tables.exports.name),
    feeds: {
      resolve: async () => ({
        // The dealer default image limit, as StoredListingPreferences gives it without settings.
        renderer: mobileDeCsvRenderer({
          customerNumber: task.customerNumber,
          contactEmail: task.contactEmail,
        }),
        target: task.target,
        accepts: () => true,
      }),
    },
    spool: {
      write: async (chunks) => {
        const started = performance.now();
        const file = await spool.write(chunks);
        renderMs = performance.now() - started;
        bytes = file.bytes;
        return file;
      },
      discard: (path) => spool.discard(path),
    },
    delivery: {
      deliver: async (file, target) => {
        const started = performance.now();
        const receipt = await delivery.deliver(file, target);
        deliverMs = performance.now() - started;
        remotePath = receipt.remotePath;
        return receipt;
      },
    },
    runs: {
      recordDelivery: async (_exp, value) => {
        delivered = value;
      },
    },
    locks: { lock: refuse('lock the export'), markNotified: refuse('announce a lock') },
    mailer: { send: refuse('send e-mail') },
    details: {
      record: async (detail) => {
        details.push(detail);
      },
    },
    recipientsOf: async () => [],
    clock: { now: () => new Date() },
    log: { info: () => undefined, warn: () => undefined },
  };
  const job: Job = {
    dealerId: task.dealerId,
    exportId: task.exportId,
    jobId: 'job_bench_feed',
    kind: 'feed',
    state: 'running',
    total: 0,
    done: 0,
    failed: 0,
    startedAt: createdAt,
    finishedAt: null,
  };
  const run = feedRunner(deps);

  const rssBeforeKiB = Math.round(process.memoryUsage().rss / 1024);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run(job, async () => undefined);
  const ms = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);

  const detail = details.at(-1);
  if (detail?.outcome !== 'success' || !delivered) {
    throw new Error(`the feed run ended ${detail?.outcome ?? 'without a detail'}: ${JSON.stringify(detail)}`);
  }
  return {
    mode: 'feed',
    vehicles: delivered.vehicles,
    ms,
    cpuMs,
    renderMs,
    deliverMs,
    bytes,
    remotePath,
    outcome: detail.outcome,
    ...memory(rssBeforeKiB),
  };
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

function memory(rssBeforeKiB: number) {
  return {
    rssBeforeKiB,
    maxRssKiB: process.resourceUsage().maxRSS,
    heapUsedEndKiB: Math.round(process.memoryUsage().heapUsed / 1024),
    pid: process.pid,
  };
}
