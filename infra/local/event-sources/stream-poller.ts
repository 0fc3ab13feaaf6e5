import { randomUUID } from 'node:crypto';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
  type DynamoDBStreamsClient,
  type GetShardIteratorInput,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamTrigger } from '../../topology';
import type { LocalLog } from '../log';
import { backoffMs, messageOf, sleep } from './abortable';
import { matchesAnyFilter } from './filter-pattern';
import { CheckpointStore } from './stream-checkpoints';
import { toLambdaRecord } from './stream-record';

/**
 * The local Lambda event source mapping for a DynamoDB stream: one reader per shard (parents
 * before children), Lambda's record shape, filter criteria, batch size and window, partial batch
 * responses, bisect on error, bounded retries and record age, an on-failure description, and an
 * optional checkpoint file so a restart resumes where processing stopped.
 */
export interface StreamPollerOptions {
  streams: DynamoDBStreamsClient;
  streamArn: string;
  region: string;
  trigger: StreamTrigger;
  invoke: (event: DynamoDBStreamEvent) => Promise<unknown>;
  /** The on-failure destination: receives the description of every discarded batch. */
  onFailure: (failure: StreamBatchFailure) => Promise<void>;
  checkpointFile?: string;
  pollIntervalMs?: number;
  /** Only used to fill `requestContext.functionArn` of failure descriptions. */
  functionName?: string;
  log: LocalLog;
}

export interface StreamPoller {
  stop(): Promise<void>;
}

/** The shape of Lambda's on-failure record for a DynamoDB stream batch. */
export interface StreamBatchFailure {
  requestContext: {
    requestId: string;
    functionArn?: string;
    condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
    approximateInvokeCount: number;
  };
  responseContext?: { statusCode: number; executedVersion: string; functionError?: string };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

const defaultPollIntervalMs = 250;

export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  const controller = new AbortController();
  const log = options.log;
  if (options.trigger.parallelizationFactor > 1) {
    log.warn('parallelizationFactor > 1 is run as 1 locally: one batch per shard at a time', {
      parallelizationFactor: options.trigger.parallelizationFactor,
    });
  }
  const checkpoints = new CheckpointStore(options.checkpointFile, options.streamArn, log);
  const running = supervise(options, checkpoints, controller.signal).catch((error: unknown) => {
    log.error('stream poller stopped on an unexpected error', {
      streamArn: options.streamArn,
      error: messageOf(error),
    });
  });
  return {
    stop: async () => {
      controller.abort();
      await running;
      await checkpoints.flush();
    },
  };
}

/** Lists the shards now and then and runs one reader per shard once its parent is done. */
async function supervise(
  options: StreamPollerOptions,
  checkpoints: CheckpointStore,
  signal: AbortSignal,
): Promise<void> {
  const { log, trigger } = options;
  const workers = new Map<string, Promise<void>>();
  const finished = new Set<string>();
  const startAtLatest = new Set<string>();
  const wakeup = new Wakeup();
  const discoveryMs = Math.max(5000, (options.pollIntervalMs ?? defaultPollIntervalMs) * 4);
  let firstRound = true;
  let failures = 0;

  while (!signal.aborted) {
    let shards: Shard[];
    try {
      shards = await describeShards(options.streams, options.streamArn, signal);
      failures = 0;
    } catch (error) {
      if (signal.aborted) break;
      failures++;
      log.warn('cannot describe the stream; retrying', {
        streamArn: options.streamArn,
        error: messageOf(error),
      });
      await wakeup.sleep(backoffMs(failures), signal);
      continue;
    }
    const listed = new Set(shards.flatMap((shard) => (shard.ShardId ? [shard.ShardId] : [])));
    // An empty listing is more likely a hiccup than a stream without shards: keep the checkpoints then.
    if (listed.size > 0) checkpoints.forgetShardsOtherThan(listed);

    if (firstRound && trigger.startingPosition === 'LATEST') {
      // LATEST: history (closed shards) is skipped, open shards are read from their tip.
      for (const shard of shards) {
        if (!shard.ShardId || checkpoints.sequenceOf(shard.ShardId)) continue;
        if (shard.SequenceNumberRange?.EndingSequenceNumber) finished.add(shard.ShardId);
        else startAtLatest.add(shard.ShardId);
      }
    }
    firstRound = false;

    for (const shard of shards) {
      const shardId = shard.ShardId;
      if (!shardId || workers.has(shardId) || finished.has(shardId)) continue;
      if (checkpoints.hasEnded(shardId)) {
        finished.add(shardId);
        continue;
      }
      // Records of a key move from the parent to the child shard: the parent must be read out first.
      const parent = shard.ParentShardId;
      if (parent && listed.has(parent) && !finished.has(parent)) continue;

      const sequenceNumber = checkpoints.sequenceOf(shardId);
      const start: Omit<GetShardIteratorInput, 'StreamArn' | 'ShardId'> = sequenceNumber
        ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: sequenceNumber }
        : { ShardIteratorType: startAtLatest.has(shardId) ? 'LATEST' : 'TRIM_HORIZON' };
      const reader = new ShardReader(options, shardId, start, checkpoints, signal);
      const worker = reader
        .run()
        .then((ended) => {
          if (ended) finished.add(shardId);
        })
        .catch((error: unknown) => {
          // The reader is started again on the next round, from its checkpoint.
          log.error('shard reader failed', { shardId, error: messageOf(error) });
        })
        .finally(() => {
          workers.delete(shardId);
          wakeup.wake();
        });
      workers.set(shardId, worker);
    }
    await wakeup.sleep(discoveryMs, signal);
  }
  await Promise.all(workers.values());
}

async function describeShards(
  streams: DynamoDBStreamsClient,
  streamArn: string,
  signal: AbortSignal,
): Promise<Shard[]> {
  const shards: Shard[] = [];
  let exclusiveStartShardId: string | undefined;
  do {
    const page = await streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      { abortSignal: signal },
    );
    shards.push(...(page.StreamDescription?.Shards ?? []));
    exclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
  } while (exclusiveStartShardId);
  return shards;
}

/** A fetched record, in Lambda's shape, with what the mapping needs to know about it. */
interface Entry {
  readonly record: DynamoDBRecord;
  readonly sequenceNumber: string;
  /** False when the filter criteria drop it: consumed (checkpointed) but never delivered. */
  readonly deliver: boolean;
  /** Stream timestamp in ms, as the stream reports it (DynamoDB Local truncates to the minute). */
  readonly createdMs: number;
  /** Conservative arrival time for the record age: never earlier than the record really arrived. */
  readonly arrivalMs: number;
}

/** A batch being worked through: what is left of it, and how often it failed. */
interface Attempt {
  entries: Entry[];
  retries: number;
  invocations: number;
  lastOutcome?: InvokeOutcome;
}

type InvokeOutcome = { kind: 'success' } | { kind: 'partial'; firstFailed: number } | { kind: 'error' };

type Cursor =
  | { kind: 'open'; iterator: string }
  | { kind: 'acquire'; from: Omit<GetShardIteratorInput, 'StreamArn' | 'ShardId'> }
  | { kind: 'ended' };

/** Reads one shard strictly in order; never more than one batch of it in flight. */
class ShardReader {
  private cursor: Cursor;
  private readonly buffer: Entry[] = [];
  private fetchFailures = 0;
  /** Where to ask for a new iterator when the current one expires. */
  private lastFetched: string | undefined;
  private readonly pollMs: number;

  constructor(
    private readonly options: StreamPollerOptions,
    private readonly shardId: string,
    start: Omit<GetShardIteratorInput, 'StreamArn' | 'ShardId'>,
    private readonly checkpoints: CheckpointStore,
    private readonly signal: AbortSignal,
  ) {
    this.cursor = { kind: 'acquire', from: start };
    this.pollMs = options.pollIntervalMs ?? defaultPollIntervalMs;
  }

  /** Resolves true once the shard is closed and every record of it is processed, false on stop. */
  async run(): Promise<boolean> {
    while (!this.signal.aborted) {
      await this.fill();
      if (this.signal.aborted) return false;
      if (this.buffer.length === 0) {
        if (this.cursor.kind !== 'ended') continue;
        this.checkpoints.end(this.shardId);
        return true;
      }
      const completed = await this.process(this.takeBatch());
      if (!completed) return false;
    }
    return false;
  }

  /** Fetches until a full batch is buffered, the batching window closes, or the shard ends. */
  private async fill(): Promise<void> {
    const { batchSize, maxBatchingWindowSeconds } = this.options.trigger;
    let windowEnds: number | undefined;
    while (!this.signal.aborted) {
      const ready = this.buffer.filter((entry) => entry.deliver).length;
      if (ready >= batchSize) return;
      if (ready > 0) {
        windowEnds ??= Date.now() + maxBatchingWindowSeconds * 1000;
        if (Date.now() >= windowEnds) return;
      }
      if (this.ended()) return;
      const progressed = await this.fetch();
      if (!progressed && !this.ended()) {
        const pause = windowEnds === undefined ? this.pollMs : Math.min(this.pollMs, windowEnds - Date.now());
        await sleep(pause, this.signal);
      }
    }
  }

  private ended(): boolean {
    return this.cursor.kind === 'ended';
  }

  /** One call to the stream; false when the shard had nothing new (then the caller pauses). */
  private async fetch(): Promise<boolean> {
    const { streams, streamArn, log } = this.options;
    try {
      if (this.cursor.kind === 'acquire') {
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: this.shardId, ...this.cursor.from }),
          { abortSignal: this.signal },
        );
        this.cursor = ShardIterator ? { kind: 'open', iterator: ShardIterator } : { kind: 'ended' };
        return true;
      }
      if (this.cursor.kind === 'ended') return false;
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: this.cursor.iterator }), {
        abortSignal: this.signal,
      });
      const fetchedAt = Date.now();
      const records = page.Records ?? [];
      // All converted before any is kept: a record that cannot be converted must not leave half a page behind.
      const entries = records.flatMap((raw) => this.toEntry(raw, fetchedAt));
      this.buffer.push(...entries);
      this.lastFetched = entries.at(-1)?.sequenceNumber ?? this.lastFetched;
      // A missing next iterator is how a closed shard says it has nothing more.
      this.cursor = page.NextShardIterator
        ? { kind: 'open', iterator: page.NextShardIterator }
        : { kind: 'ended' };
      this.fetchFailures = 0;
      this.consumeFilteredHead();
      return records.length > 0;
    } catch (error) {
      if (this.signal.aborted) return false;
      const name = nameOf(error);
      if (name === 'ExpiredIteratorException') {
        this.cursor = { kind: 'acquire', from: this.resumePoint() };
        return true;
      }
      if (name === 'TrimmedDataAccessException') {
        // DynamoDB Local also says so for an iterator taken on a brand-new, empty stream; only a
        // shard that was being read can really have lost records.
        log[this.lastFetched === undefined ? 'info' : 'warn'](
          'records trimmed before they were read; going on at the trim horizon',
          {
            shardId: this.shardId,
          },
        );
        this.cursor = { kind: 'acquire', from: { ShardIteratorType: 'TRIM_HORIZON' } };
        return true;
      }
      if (name === 'ResourceNotFoundException' && this.cursor.kind === 'acquire') {
        log.warn('shard no longer exists; skipping it', { shardId: this.shardId });
        this.cursor = { kind: 'ended' };
        return true;
      }
      this.fetchFailures++;
      log.warn('cannot read the shard; retrying', { shardId: this.shardId, error: messageOf(error) });
      await sleep(backoffMs(this.fetchFailures), this.signal);
      return true;
    }
  }

  private resumePoint(): Omit<GetShardIteratorInput, 'StreamArn' | 'ShardId'> {
    const after = this.lastFetched ?? this.checkpoints.sequenceOf(this.shardId);
    return after
      ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
      : { ShardIteratorType: 'TRIM_HORIZON' };
  }

  private toEntry(raw: _Record, fetchedAt: number): Entry[] {
    const { region, streamArn, trigger } = this.options;
    const record = toLambdaRecord(raw, region, streamArn);
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    if (!sequenceNumber) return [];
    const createdMs = (record.dynamodb?.ApproximateCreationDateTime ?? fetchedAt / 1000) * 1000;
    return [
      {
        record,
        sequenceNumber,
        deliver: matchesAnyFilter(record, trigger.filters),
        createdMs,
        // The stream time is truncated (to the minute by DynamoDB Local): bound it by when we saw the record.
        arrivalMs: Math.min(createdMs + 60_000, fetchedAt),
      },
    ];
  }

  /** Records dropped by the filter with nothing pending before them are consumed right away. */
  private consumeFilteredHead(): void {
    let consumed: Entry | undefined;
    while (this.buffer[0] && !this.buffer[0].deliver) consumed = this.buffer.shift();
    if (consumed) this.checkpoints.advance(this.shardId, consumed.sequenceNumber);
  }

  /** Up to batchSize deliverable records, plus the filtered-out records right behind them. */
  private takeBatch(): { entries: Entry[]; lastSequenceNumber: string } {
    const entries: Entry[] = [];
    let last: Entry | undefined;
    while (this.buffer.length > 0 && entries.length < this.options.trigger.batchSize) {
      last = this.buffer.shift();
      if (last?.deliver) entries.push(last);
    }
    while (this.buffer[0] && !this.buffer[0].deliver) last = this.buffer.shift();
    if (!last) throw new Error('takeBatch on an empty buffer');
    return { entries, lastSequenceNumber: last.sequenceNumber };
  }

  /**
   * Works a batch through to the end: success, retry from the first failed record, bisect on a
   * thrown error, discard (on-failure) when retries or record age run out. False when stopped.
   */
  private async process(batch: { entries: Entry[]; lastSequenceNumber: string }): Promise<boolean> {
    const { trigger } = this.options;
    const pending: Attempt[] =
      batch.entries.length > 0 ? [{ entries: batch.entries, retries: 0, invocations: 0 }] : [];
    while (pending.length > 0) {
      const current = pending[0]!;
      const expired = this.countExpired(current.entries);
      if (expired > 0) {
        if (!(await this.discard(current.entries.slice(0, expired), 'RecordAgeExceeded', current)))
          return false;
        current.entries = current.entries.slice(expired);
        if (current.entries.length === 0) pending.shift();
        continue;
      }
      // Nothing new is started after stop; unprocessed records are read again after a restart.
      if (this.signal.aborted) return false;

      const outcome = await this.invoke(current.entries);
      current.invocations++;
      current.lastOutcome = outcome;
      if (outcome.kind === 'success') {
        this.checkpoints.advance(this.shardId, current.entries.at(-1)!.sequenceNumber);
        pending.shift();
        continue;
      }
      if (outcome.kind === 'partial') {
        // Records before the first failed one are done; the retry starts at the failed one.
        if (outcome.firstFailed > 0) {
          this.checkpoints.advance(this.shardId, current.entries[outcome.firstFailed - 1]!.sequenceNumber);
          current.entries = current.entries.slice(outcome.firstFailed);
        }
        current.retries++;
      } else if (trigger.bisectBatchOnError && current.entries.length > 1) {
        // Splitting does not consume the retry quota (AWS): the halves run in order, first half first.
        const half = Math.ceil(current.entries.length / 2);
        pending.splice(
          0,
          1,
          { entries: current.entries.slice(0, half), retries: current.retries, invocations: 0 },
          { entries: current.entries.slice(half), retries: current.retries, invocations: 0 },
        );
        continue;
      } else {
        current.retries++;
      }

      if (trigger.maxRetryAttempts >= 0 && current.retries > trigger.maxRetryAttempts) {
        if (!(await this.discard(current.entries, 'RetryAttemptsExhausted', current))) return false;
        pending.shift();
        continue;
      }
      await sleep(backoffMs(current.retries), this.signal);
    }
    this.checkpoints.advance(this.shardId, batch.lastSequenceNumber);
    return true;
  }

  private countExpired(entries: readonly Entry[]): number {
    const maxAge = this.options.trigger.maxRecordAgeSeconds;
    if (maxAge < 0) return 0;
    const oldestAllowed = Date.now() - maxAge * 1000;
    // Records of a shard are in time order, so the expired ones form a prefix.
    const firstFresh = entries.findIndex((entry) => entry.arrivalMs >= oldestAllowed);
    return firstFresh === -1 ? entries.length : firstFresh;
  }

  private async invoke(entries: readonly Entry[]): Promise<InvokeOutcome> {
    const { log } = this.options;
    let response: unknown;
    try {
      response = await this.options.invoke({ Records: entries.map((entry) => entry.record) });
    } catch (error) {
      log.warn('stream batch failed', {
        shardId: this.shardId,
        batchSize: entries.length,
        error: messageOf(error),
      });
      return { kind: 'error' };
    }
    const outcome = readBatchResponse(response, entries);
    if (outcome === 'invalid') {
      log.warn('invalid batchItemFailures response; the whole batch counts as failed', {
        shardId: this.shardId,
      });
      return { kind: 'error' };
    }
    return outcome;
  }

  /** Hands the batch's description to the on-failure destination, then skips the records. */
  private async discard(
    entries: readonly Entry[],
    condition: StreamBatchFailure['requestContext']['condition'],
    attempt: Attempt,
  ): Promise<boolean> {
    const { log } = this.options;
    const failure = this.describeFailure(entries, condition, attempt);
    log.warn('stream batch discarded to the on-failure destination', {
      shardId: this.shardId,
      condition,
      batchSize: entries.length,
      startSequenceNumber: failure.DDBStreamBatchInfo.startSequenceNumber,
    });
    for (let failures = 1; ; failures++) {
      try {
        await this.options.onFailure(failure);
        break;
      } catch (error) {
        // Skipping records whose failure could not be recorded would lose them without a trace.
        log.error('on-failure destination failed; retrying', {
          shardId: this.shardId,
          error: messageOf(error),
        });
        await sleep(backoffMs(failures), this.signal);
        if (this.signal.aborted) return false;
      }
    }
    this.checkpoints.advance(this.shardId, entries.at(-1)!.sequenceNumber);
    return true;
  }

  private describeFailure(
    entries: readonly Entry[],
    condition: StreamBatchFailure['requestContext']['condition'],
    attempt: Attempt,
  ): StreamBatchFailure {
    const { region, streamArn, functionName } = this.options;
    const first = entries[0]!;
    const last = entries.at(-1)!;
    return {
      requestContext: {
        requestId: randomUUID(),
        ...(functionName
          ? { functionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}` }
          : {}),
        condition,
        approximateInvokeCount: attempt.invocations,
      },
      ...(attempt.lastOutcome
        ? {
            responseContext: {
              statusCode: 200,
              executedVersion: '$LATEST',
              ...(attempt.lastOutcome.kind === 'error' ? { functionError: 'Unhandled' } : {}),
            },
          }
        : {}),
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId: this.shardId,
        startSequenceNumber: first.sequenceNumber,
        endSequenceNumber: last.sequenceNumber,
        approximateArrivalOfFirstRecord: isoSeconds(first.createdMs),
        approximateArrivalOfLastRecord: isoSeconds(last.createdMs),
        batchSize: entries.length,
        streamArn,
      },
    };
  }
}

/**
 * Lambda's reading of a partial batch response: nothing or an empty list is success; a failed
 * identifier that is empty or not in the batch makes the whole batch a failure; with several,
 * the lowest sequence number (earliest in the shard) is where the retry starts.
 */
function readBatchResponse(response: unknown, entries: readonly Entry[]): InvokeOutcome | 'invalid' {
  if (response === undefined || response === null) return { kind: 'success' };
  if (typeof response !== 'object') return 'invalid';
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return 'invalid';
  if (failures.length === 0) return { kind: 'success' };
  let firstFailed = Number.POSITIVE_INFINITY;
  for (const failure of failures as unknown[]) {
    const id =
      typeof failure === 'object' && failure !== null
        ? (failure as { itemIdentifier?: unknown }).itemIdentifier
        : undefined;
    const index =
      typeof id === 'string' && id !== '' ? entries.findIndex((entry) => entry.sequenceNumber === id) : -1;
    if (index < 0) return 'invalid';
    firstFailed = Math.min(firstFailed, index);
  }
  return { kind: 'partial', firstFailed };
}

/** The supervisor's pause: ends early on `wake()` (a reader finished) or on stop. A wake while awake is kept. */
class Wakeup {
  private pending = false;
  private interrupt: (() => void) | undefined;

  wake(): void {
    if (this.interrupt) this.interrupt();
    else this.pending = true;
  }

  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return;
    }
    await sleep(ms, signal, (interrupt) => (this.interrupt = interrupt));
    this.interrupt = undefined;
  }
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function nameOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : undefined;
}
