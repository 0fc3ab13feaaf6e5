import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTables, streamArnOf } from '../../infra/local/create-tables';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local';
import {
  startStreamPoller,
  type StreamBatchFailure,
  type StreamPoller,
} from '../../infra/local/event-sources/stream-poller';
import { silentLog } from '../../infra/local/log';
import { functions, tables, type StreamTrigger } from '../../infra/topology';

const region = 'eu-central-1';
// Asymmetric matchers are typed `any`; typed once here, the expectations stay type-checked.
const anyString = expect.any(String) as string;
const anyNumber = expect.any(Number) as number;
const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const dealer = 'DEALER#d1';

/** The stock trigger with a small, fast configuration; each test overrides what it is about. */
const baseTrigger: StreamTrigger = {
  ...functions.stockChanges.trigger,
  filters: [],
  batchSize: 10,
  maxBatchingWindowSeconds: 0,
  bisectBatchOnError: false,
  maxRetryAttempts: 2,
  maxRecordAgeSeconds: -1,
};

let dynamo: DynamoDbLocal | undefined;
let client: DynamoDBClient;
let streams: DynamoDBStreamsClient;
const running: StreamPoller[] = [];
const temporaryDirs: string[] = [];
let tableCount = 0;

beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials });
  streams = new DynamoDBStreamsClient({ endpoint: dynamo.endpoint, region, credentials });
  await createTables(client);
});

afterEach(async () => {
  // A failed test must not leave a poller hammering the next one; checkpoints go once nothing writes them.
  await Promise.all(running.splice(0).map((poller) => poller.stop()));
  await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

afterAll(async () => {
  client?.destroy();
  streams?.destroy();
  await dynamo?.stop();
});

/** A fresh table with a stream per test, so no test reads another test's records. */
async function streamTable(
  options: { ttlAttribute?: string } = {},
): Promise<{ name: string; streamArn: string }> {
  const name = `stream-test-${++tableCount}`;
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  if (options.ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { Enabled: true, AttributeName: options.ttlAttribute },
      }),
    );
  }
  return { name, streamArn: await streamArnOf(client, name) };
}

async function put(
  table: string,
  sk: string,
  attributes: Record<string, AttributeValue> = {},
): Promise<void> {
  await client.send(
    new PutItemCommand({ TableName: table, Item: { pk: { S: dealer }, sk: { S: sk }, ...attributes } }),
  );
}

async function putVehicles(table: string, ids: readonly number[]): Promise<void> {
  for (const id of ids) await put(table, `VEHICLE#${id}`, { make: { S: 'VW' } });
}

const skOf = (record: DynamoDBRecord): string => record.dynamodb?.Keys?.sk?.S ?? '?';
const idsOf = (records: readonly DynamoDBRecord[]): string[] =>
  records.map((record) => skOf(record).replace('VEHICLE#', ''));
const seqOf = (record: DynamoDBRecord): string => record.dynamodb?.SequenceNumber ?? '';

interface Polling {
  poller: StreamPoller;
  /** Every invocation's records, in call order. */
  batches: DynamoDBRecord[][];
  /** Records of invocations that returned without reporting them failed. */
  processed: DynamoDBRecord[];
  failures: StreamBatchFailure[];
}

/** Starts a poller whose handler is `handle`; returning batchItemFailures or throwing fails records. */
function poll(
  streamArn: string,
  trigger: Partial<StreamTrigger>,
  handle: (records: DynamoDBRecord[]) => unknown = () => undefined,
  options: { checkpointFile?: string; streamsClient?: DynamoDBStreamsClient } = {},
): Polling {
  const batches: DynamoDBRecord[][] = [];
  const processed: DynamoDBRecord[] = [];
  const failures: StreamBatchFailure[] = [];
  const poller = startStreamPoller({
    streams: options.streamsClient ?? streams,
    streamArn,
    region,
    trigger: { ...baseTrigger, ...trigger },
    invoke: async (event) => {
      batches.push(event.Records);
      const response = await handle(event.Records);
      const failed = new Set(
        (
          (response as { batchItemFailures?: { itemIdentifier: string }[] } | undefined)?.batchItemFailures ??
          []
        ).map((failure) => failure.itemIdentifier),
      );
      const firstFailed = event.Records.findIndex((record) => failed.has(seqOf(record)));
      processed.push(...(firstFailed === -1 ? event.Records : event.Records.slice(0, firstFailed)));
      return response;
    },
    onFailure: (failure) => {
      failures.push(failure);
      return Promise.resolve();
    },
    checkpointFile: options.checkpointFile,
    pollIntervalMs: 50,
    functionName: 'stockChanges',
    log: silentLog,
  });
  running.push(poller);
  return { poller, batches, processed, failures };
}

async function checkpointPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stream-checkpoint-'));
  temporaryDirs.push(dir);
  return join(dir, 'stock.checkpoint.json');
}

async function stopPolling(polling: Polling): Promise<number> {
  const started = Date.now();
  await polling.poller.stop();
  const index = running.indexOf(polling.poller);
  if (index >= 0) running.splice(index, 1);
  return Date.now() - started;
}

const eventually = { timeout: 15_000, interval: 25 };

describe('stream poller against DynamoDB Local', () => {
  it('delivers Lambda-shaped records in order, in batches of batchSize', async () => {
    const { name, streamArn } = await streamTable();
    await put(name, 'VEHICLE#1', {
      photo: { B: new Uint8Array([1, 2, 3]) },
      tags: { L: [{ S: 'a' }] },
      price: { N: '19990' },
    });
    await putVehicles(name, [2, 3, 4, 5, 6, 7]);
    await client.send(
      new UpdateItemCommand({
        TableName: name,
        Key: { pk: { S: dealer }, sk: { S: 'VEHICLE#1' } },
        UpdateExpression: 'SET price = :price',
        ExpressionAttributeValues: { ':price': { N: '18990' } },
      }),
    );
    const writtenAt = Date.now() / 1000;

    const polling = poll(streamArn, { batchSize: 3 });
    await vi.waitFor(() => expect(polling.processed).toHaveLength(8), eventually);

    expect(polling.batches.map((batch) => batch.length)).toEqual([3, 3, 2]);
    expect(idsOf(polling.processed)).toEqual(['1', '2', '3', '4', '5', '6', '7', '1']);
    const sequence = polling.processed.map((record) => BigInt(seqOf(record)));
    expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(sequence).size).toBe(8);

    const [insert, modify] = [polling.processed[0]!, polling.processed[7]!];
    expect(insert).toEqual({
      eventID: anyString,
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: region,
      eventSourceARN: streamArn,
      dynamodb: {
        ApproximateCreationDateTime: anyNumber,
        Keys: { pk: { S: dealer }, sk: { S: 'VEHICLE#1' } },
        NewImage: {
          pk: { S: dealer },
          sk: { S: 'VEHICLE#1' },
          photo: { B: 'AQID' },
          tags: { L: [{ S: 'a' }] },
          price: { N: '19990' },
        },
        SequenceNumber: matching(/^\d+$/),
        SizeBytes: anyNumber,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    // Epoch seconds (not ms, not a Date); DynamoDB Local truncates it to the minute.
    const created = insert.dynamodb!.ApproximateCreationDateTime!;
    expect(Number.isInteger(created)).toBe(true);
    expect(created).toBeGreaterThan(writtenAt - 120);
    expect(created).toBeLessThanOrEqual(writtenAt + 1);
    expect(modify.eventName).toBe('MODIFY');
    expect(modify.dynamodb?.OldImage?.price).toEqual({ N: '19990' });
    expect(modify.dynamodb?.NewImage?.price).toEqual({ N: '18990' });
    expect(polling.failures).toEqual([]);
  });

  it('waits up to the batching window to fill a batch', async () => {
    const { name, streamArn } = await streamTable();
    const polling = poll(streamArn, { batchSize: 10, maxBatchingWindowSeconds: 2 });

    await putVehicles(name, [1]);
    // Arrange: the second record arrives well inside the window, after the first was seen.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await putVehicles(name, [2]);

    await vi.waitFor(() => expect(polling.processed).toHaveLength(2), eventually);
    expect(polling.batches.map(idsOf)).toEqual([['1', '2']]);
  });

  it("applies the stock trigger's filters: vehicle INSERT, MODIFY and REMOVE pass, the profile does not", async () => {
    const table = tables.stock.name;
    const polling = poll(await streamArnOf(client, table), functions.stockChanges.trigger);

    await put(table, 'VEHICLE#v1', { price: { N: '1' } });
    await put(table, 'PROFILE', { name: { S: 'Autohaus' } });
    await put(table, 'VEHICLE#v1', { price: { N: '2' } });
    await put(table, 'PROFILE', { name: { S: 'Autohaus Nord' } });
    await client.send(
      new DeleteItemCommand({ TableName: table, Key: { pk: { S: dealer }, sk: { S: 'VEHICLE#v1' } } }),
    );
    await put(table, 'VEHICLE#v2');

    await vi.waitFor(() => expect(polling.processed.map(skOf)).toContain('VEHICLE#v2'), eventually);
    expect(polling.processed.map((record) => `${record.eventName} ${skOf(record)}`)).toEqual([
      'INSERT VEHICLE#v1',
      'MODIFY VEHICLE#v1',
      'REMOVE VEHICLE#v1',
      'INSERT VEHICLE#v2',
    ]);
    expect(polling.processed[2]?.userIdentity).toBeUndefined();
  });

  it('reports TTL removals as REMOVE by the DynamoDB service, which the stock filters drop', async () => {
    const { name, streamArn } = await streamTable({ ttlAttribute: 'expiresAt' });
    const unfiltered = poll(streamArn, {});
    const filtered = poll(streamArn, { filters: functions.stockChanges.trigger.filters });

    await put(name, 'VEHICLE#expired', { expiresAt: { N: String(Math.floor(Date.now() / 1000) - 60) } });
    await vi.waitFor(
      () => expect(unfiltered.processed.map((record) => record.eventName)).toEqual(['INSERT', 'REMOVE']),
      {
        ...eventually,
        timeout: 25_000,
      },
    );
    const removal = unfiltered.processed[1]!;
    expect(removal.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
    expect(skOf(removal)).toBe('VEHICLE#expired');
    expect(removal.dynamodb?.OldImage?.expiresAt).toBeDefined();

    await put(name, 'VEHICLE#sentinel');
    await vi.waitFor(() => expect(filtered.processed.map(skOf)).toContain('VEHICLE#sentinel'), eventually);
    expect(filtered.processed.map((record) => `${record.eventName} ${skOf(record)}`)).toEqual([
      'INSERT VEHICLE#expired',
      'INSERT VEHICLE#sentinel',
    ]);
  });

  it('retries a partial batch failure from the failed record with the lowest sequence number', async () => {
    const { name, streamArn } = await streamTable();
    await putVehicles(name, [1, 2, 3, 4, 5]);
    let calls = 0;
    const polling = poll(streamArn, {}, (records) => {
      if (++calls > 1) return { batchItemFailures: [] };
      return {
        batchItemFailures: [records[3]!, records[1]!].map((record) => ({ itemIdentifier: seqOf(record) })),
      };
    });

    await vi.waitFor(() => expect(calls).toBe(2), eventually);
    await putVehicles(name, [6]);
    await vi.waitFor(() => expect(idsOf(polling.processed)).toContain('6'), eventually);

    expect(polling.batches.map(idsOf)).toEqual([['1', '2', '3', '4', '5'], ['2', '3', '4', '5'], ['6']]);
    expect(polling.failures).toEqual([]);
  });

  it('treats an unknown itemIdentifier as a failure of the whole batch', async () => {
    const { name, streamArn } = await streamTable();
    await putVehicles(name, [1, 2]);
    let calls = 0;
    const polling = poll(streamArn, {}, () =>
      ++calls === 1 ? { batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] } : undefined,
    );

    await vi.waitFor(() => expect(calls).toBe(2), eventually);
    expect(polling.batches.map(idsOf)).toEqual([
      ['1', '2'],
      ['1', '2'],
    ]);
  });

  it('bisects a throwing batch down to the poison record, discards it to on-failure and keeps going', async () => {
    const { name, streamArn } = await streamTable();
    await putVehicles(name, [1, 2, 3, 4, 5, 6, 7, 8]);
    const polling = poll(
      streamArn,
      { batchSize: 8, bisectBatchOnError: true, maxRetryAttempts: 2 },
      (records) => {
        if (idsOf(records).includes('5')) throw new Error('poison');
      },
    );

    await vi.waitFor(() => expect(polling.failures).toHaveLength(1), eventually);
    await putVehicles(name, [9]);
    await vi.waitFor(() => expect(idsOf(polling.processed)).toContain('9'), eventually);

    expect(polling.batches.map(idsOf)).toEqual([
      ['1', '2', '3', '4', '5', '6', '7', '8'],
      ['1', '2', '3', '4'],
      ['5', '6', '7', '8'],
      ['5', '6'],
      // The poison alone: the first try plus maxRetryAttempts retries (splitting used none).
      ['5'],
      ['5'],
      ['5'],
      ['6'],
      ['7', '8'],
      ['9'],
    ]);
    expect(idsOf(polling.processed)).toEqual(['1', '2', '3', '4', '6', '7', '8', '9']);
    const poison = polling.batches[4]![0]!;
    expect(polling.failures[0]).toEqual({
      requestContext: {
        requestId: anyString,
        functionArn: `arn:aws:lambda:${region}:000000000000:function:stockChanges`,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: matching(/^\d{4}-\d\d-\d\dT/),
      DDBStreamBatchInfo: {
        shardId: matching(/^shardId-/),
        startSequenceNumber: seqOf(poison),
        endSequenceNumber: seqOf(poison),
        approximateArrivalOfFirstRecord: matching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        approximateArrivalOfLastRecord: matching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        batchSize: 1,
        streamArn,
      },
    });
  });

  it('without bisect, a record that keeps failing takes the rest of its batch to on-failure; later records flow', async () => {
    const { name, streamArn } = await streamTable();
    await putVehicles(name, [1, 2, 3]);
    const polling = poll(streamArn, { maxRetryAttempts: 1 }, (records) => {
      const poison = records.find((record) => skOf(record) === 'VEHICLE#2');
      return poison ? { batchItemFailures: [{ itemIdentifier: seqOf(poison) }] } : undefined;
    });

    await vi.waitFor(() => expect(polling.failures).toHaveLength(1), eventually);
    await putVehicles(name, [4]);
    await vi.waitFor(() => expect(idsOf(polling.processed)).toContain('4'), eventually);

    expect(polling.batches.map(idsOf)).toEqual([['1', '2', '3'], ['2', '3'], ['4']]);
    const info = polling.failures[0]!.DDBStreamBatchInfo;
    expect([info.batchSize, info.startSequenceNumber, info.endSequenceNumber]).toEqual([
      2,
      seqOf(polling.batches[1]![0]!),
      seqOf(polling.batches[1]![1]!),
    ]);
    expect(polling.failures[0]!.requestContext.approximateInvokeCount).toBe(2);
    // The function returned normally: no functionError in the response context.
    expect(polling.failures[0]!.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST' });
  });

  it('discards records older than maxRecordAgeSeconds even with unlimited retries', async () => {
    const { name, streamArn } = await streamTable();
    const polling = poll(streamArn, { maxRetryAttempts: -1, maxRecordAgeSeconds: 1 }, () => {
      throw new Error('always');
    });
    await putVehicles(name, [1]);

    await vi.waitFor(() => expect(polling.failures).toHaveLength(1), eventually);
    expect(polling.failures[0]!.requestContext.condition).toBe('RecordAgeExceeded');
    expect(polling.failures[0]!.DDBStreamBatchInfo.batchSize).toBe(1);
    expect(polling.batches.length).toBeGreaterThanOrEqual(1);
  });

  it('resumes from its checkpoint after stop and start: nothing lost, nothing replayed', async () => {
    const { name, streamArn } = await streamTable();
    const checkpointFile = await checkpointPath();
    const first = poll(streamArn, {}, undefined, { checkpointFile });
    await putVehicles(name, [1, 2, 3]);
    await vi.waitFor(() => expect(first.processed).toHaveLength(3), eventually);
    expect(await stopPolling(first)).toBeLessThan(1000);

    const saved = JSON.parse(await readFile(checkpointFile, 'utf8')) as {
      streamArn: string;
      shards: Record<string, unknown>;
    };
    expect(saved.streamArn).toBe(streamArn);
    expect(Object.values(saved.shards)).toEqual([{ sequenceNumber: seqOf(first.processed[2]!) }]);

    await putVehicles(name, [4, 5]);
    const second = poll(streamArn, {}, undefined, { checkpointFile });
    await vi.waitFor(() => expect(second.processed).toHaveLength(2), eventually);
    await putVehicles(name, [6]);
    await vi.waitFor(() => expect(idsOf(second.processed)).toContain('6'), eventually);

    expect(idsOf(first.processed)).toEqual(['1', '2', '3']);
    expect(idsOf(second.processed)).toEqual(['4', '5', '6']);
  });

  it('does not checkpoint a batch that was still failing when stopped', async () => {
    const { name, streamArn } = await streamTable();
    const checkpointFile = await checkpointPath();
    await putVehicles(name, [1, 2]);
    const failing = poll(
      streamArn,
      { batchSize: 1, maxRetryAttempts: -1 },
      (records) => {
        if (idsOf(records).includes('2')) throw new Error('down');
      },
      { checkpointFile },
    );
    await vi.waitFor(() => expect(failing.batches.length).toBeGreaterThanOrEqual(3), eventually);
    await stopPolling(failing);

    const healthy = poll(streamArn, {}, undefined, { checkpointFile });
    await putVehicles(name, [3]);
    await vi.waitFor(() => expect(idsOf(healthy.processed)).toContain('3'), eventually);

    expect(idsOf(failing.processed)).toEqual(['1']);
    expect(idsOf(healthy.processed)).toEqual(['2', '3']);
  });
});

describe('stream poller on a scripted stream (shard rollover, which DynamoDB Local never does)', () => {
  const arn = 'arn:aws:dynamodb:ddblocal:000000000000:table/Scripted/stream/2026-01-01T00:00:00.000';

  function sdkRecord(sequenceNumber: string): _Record {
    return {
      eventID: `event-${sequenceNumber}`,
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ddblocal',
      dynamodb: {
        ApproximateCreationDateTime: new Date(),
        Keys: { pk: { S: dealer }, sk: { S: `VEHICLE#${sequenceNumber}` } },
        NewImage: { pk: { S: dealer }, sk: { S: `VEHICLE#${sequenceNumber}` } },
        SequenceNumber: sequenceNumber,
        SizeBytes: 20,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
  }

  it('pages through DescribeStream, reads a closed parent out before its child, and survives an expired iterator', async () => {
    const scripted = new DynamoDBStreamsClient({ region, credentials });
    const mock = mockClient(scripted);
    const iteratorRequests: string[] = [];
    let childExpiredOnce = false;
    mock.on(DescribeStreamCommand).callsFake((input: { ExclusiveStartShardId?: string }) =>
      input.ExclusiveStartShardId === 'shardId-child'
        ? {
            StreamDescription: {
              Shards: [
                {
                  ShardId: 'shardId-parent',
                  SequenceNumberRange: { StartingSequenceNumber: '100', EndingSequenceNumber: '200' },
                },
              ],
            },
          }
        : {
            StreamDescription: {
              // The child is listed first: the poller must still wait for the parent.
              Shards: [
                {
                  ShardId: 'shardId-child',
                  ParentShardId: 'shardId-parent',
                  SequenceNumberRange: { StartingSequenceNumber: '300' },
                },
              ],
              LastEvaluatedShardId: 'shardId-child',
            },
          },
    );
    mock.on(GetShardIteratorCommand).callsFake((input: { ShardId: string; ShardIteratorType: string }) => {
      iteratorRequests.push(`${input.ShardId} ${input.ShardIteratorType}`);
      return { ShardIterator: `${input.ShardId}:0` };
    });
    mock.on(GetRecordsCommand).callsFake((input: { ShardIterator: string }) => {
      switch (input.ShardIterator) {
        case 'shardId-parent:0':
          return { Records: [sdkRecord('100'), sdkRecord('200')], NextShardIterator: 'shardId-parent:1' };
        case 'shardId-parent:1':
          return { Records: [] }; // closed and read out: no next iterator
        case 'shardId-child:0':
          if (!childExpiredOnce) {
            childExpiredOnce = true;
            throw Object.assign(new Error('Iterator expired'), { name: 'ExpiredIteratorException' });
          }
          return { Records: [sdkRecord('300')], NextShardIterator: 'shardId-child:1' };
        default:
          return { Records: [], NextShardIterator: input.ShardIterator };
      }
    });

    try {
      const polling = poll(arn, {}, undefined, { streamsClient: scripted });
      await vi.waitFor(() => expect(polling.processed).toHaveLength(3), eventually);

      expect(polling.batches.map((batch) => batch.map(seqOf))).toEqual([['100', '200'], ['300']]);
      expect(iteratorRequests).toEqual([
        'shardId-parent TRIM_HORIZON',
        'shardId-child TRIM_HORIZON',
        'shardId-child TRIM_HORIZON',
      ]);
      expect(polling.processed[0]).toMatchObject({ awsRegion: region, eventSourceARN: arn });
      expect(await stopPolling(polling)).toBeLessThan(1000);
    } finally {
      mock.restore();
    }
  });
});
