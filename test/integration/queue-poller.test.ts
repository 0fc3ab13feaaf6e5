import { createHash } from 'node:crypto';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  type SendMessageCommandInput,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startQueuePoller, type QueuePoller } from '../../infra/local/event-sources/queue-poller';
import { silentLog } from '../../infra/local/log';
import { startSqsLocal, type LocalQueue, type SqsLocal } from '../../infra/local/sqs-local';
import { deadLetterQueueName, functions, type QueueTrigger } from '../../infra/topology';

const region = 'eu-central-1';
// Asymmetric matchers are typed `any`; typed once here, the expectations stay type-checked.
const anyString = expect.any(String) as string;
const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const eventually = { timeout: 15_000, interval: 25 };

let sqsLocal: SqsLocal | undefined;
let sqs: SQSClient;
const running: QueuePoller[] = [];
let queueCount = 0;

beforeAll(async () => {
  sqsLocal = await startSqsLocal({ region });
  sqs = new SQSClient({ endpoint: sqsLocal.endpoint, region, credentials });
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((poller) => poller.stop()));
});

afterAll(async () => {
  sqs?.destroy();
  await sqsLocal?.stop();
});

async function arnOf(url: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return Attributes?.QueueArn ?? '';
}

/**
 * A queue of its own per test (an aborted long poll of an earlier poller may still be parked on
 * a queue inside fauxqs), with a short visibility timeout and optionally a DLQ.
 */
async function testQueue(
  options: { visibilityTimeoutSeconds?: number; maxReceiveCount?: number } = {},
): Promise<LocalQueue> {
  const name = `queue-test-${++queueCount}`;
  const visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 30;
  const spec = {
    name,
    envVar: 'TEST_QUEUE_URL',
    fifo: false,
    visibilityTimeoutSeconds,
    maxReceiveCount: options.maxReceiveCount,
  };
  const attributes: Record<string, string> = { VisibilityTimeout: String(visibilityTimeoutSeconds) };
  let deadLetter: LocalQueue['deadLetter'];
  if (options.maxReceiveCount !== undefined) {
    const dlqName = deadLetterQueueName(spec);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: dlqName }));
    deadLetter = { name: dlqName, url: QueueUrl!, arn: await arnOf(QueueUrl!) };
    attributes.RedrivePolicy = JSON.stringify({
      deadLetterTargetArn: deadLetter.arn,
      maxReceiveCount: String(options.maxReceiveCount),
    });
  }
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return { key: 'delta', spec, url: QueueUrl!, arn: await arnOf(QueueUrl!), deadLetter };
}

/** A queue of the topology as startSqsLocal made it (with its DLQ), its visibility timeout shortened. */
async function topologyQueue(key: 'delta' | 'jobs'): Promise<LocalQueue> {
  const queue = sqsLocal!.queues[key];
  await sqs.send(
    new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { VisibilityTimeout: '1' } }),
  );
  return queue;
}

async function send(
  queue: LocalQueue,
  body: string,
  extra: Partial<SendMessageCommandInput> = {},
): Promise<string> {
  const { MessageId } = await sqs.send(
    new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body, ...extra }),
  );
  return MessageId!;
}

async function depth(url: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(Attributes?.ApproximateNumberOfMessages),
    inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible),
  };
}

interface Consuming {
  poller: QueuePoller;
  /** Every invocation's records, in call order. */
  batches: SQSRecord[][];
  /** Bodies of records the handler did not fail, in completion order. */
  processed: string[];
}

/** Starts a poller; `handle` returns batchItemFailures or throws to fail records. */
function consume(
  queue: LocalQueue,
  trigger: Partial<QueueTrigger>,
  handle: (records: SQSRecord[]) => unknown = () => undefined,
): Consuming {
  const batches: SQSRecord[][] = [];
  const processed: string[] = [];
  const poller = startQueuePoller({
    sqs,
    queue,
    region,
    trigger: { kind: 'queue', queue: queue.key, batchSize: 10, maxConcurrency: 2, ...trigger },
    invoke: async (event) => {
      batches.push(event.Records);
      const response = await handle(event.Records);
      const failed = new Set(
        (
          (response as { batchItemFailures?: { itemIdentifier: string }[] } | undefined)?.batchItemFailures ??
          []
        ).map((failure) => failure.itemIdentifier),
      );
      processed.push(
        ...event.Records.filter((record) => !failed.has(record.messageId)).map((record) => record.body),
      );
      return response;
    },
    log: silentLog,
  });
  running.push(poller);
  return { poller, batches, processed };
}

const deliveriesOf = (consuming: Consuming, body: string): SQSRecord[] =>
  consuming.batches.flat().filter((record) => record.body === body);

describe('queue poller against fauxqs', () => {
  it('delivers Lambda-shaped SQS records, deletes them on success and stops promptly', async () => {
    const queue = await testQueue();
    const messageId = await send(queue, '{"vehicleId":"v1"}', {
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'delta' },
        attempt: { DataType: 'Number', StringValue: '3' },
        raw: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
      },
    });
    await send(queue, 'second');
    await send(queue, 'third');

    const consuming = consume(queue, {});
    await vi.waitFor(() => expect(consuming.processed).toHaveLength(3), eventually);
    await vi.waitFor(
      async () => expect(await depth(queue.url)).toEqual({ visible: 0, inFlight: 0 }),
      eventually,
    );

    const record = consuming.batches.flat().find((candidate) => candidate.messageId === messageId);
    expect(record).toEqual({
      messageId,
      receiptHandle: anyString,
      body: '{"vehicleId":"v1"}',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: matching(/^\d{13}$/),
        SenderId: anyString,
        ApproximateFirstReceiveTimestamp: matching(/^\d{13}$/),
      },
      messageAttributes: {
        kind: { stringValue: 'delta', stringListValues: [], binaryListValues: [], dataType: 'String' },
        attempt: { stringValue: '3', stringListValues: [], binaryListValues: [], dataType: 'Number' },
        raw: { binaryValue: 'AQID', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
      md5OfBody: createHash('md5').update('{"vehicleId":"v1"}').digest('hex'),
      md5OfMessageAttributes: matching(/^[0-9a-f]{32}$/),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: region,
    });
    expect(
      consuming.batches.flat().find((candidate) => candidate.body === 'second')?.messageAttributes,
    ).toEqual({});

    // The loops are parked in 20 s long polls now; stop must abort them.
    const started = Date.now();
    await consuming.poller.stop();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('deletes all but the reported failures, which come back after the visibility timeout', async () => {
    const queue = await testQueue({ visibilityTimeoutSeconds: 1 });
    for (const body of ['a', 'b', 'c']) await send(queue, body);
    let calls = 0;
    const consuming = consume(queue, { maxConcurrency: 1 }, (records) => {
      if (++calls > 1) return { batchItemFailures: [] };
      const b = records.find((record) => record.body === 'b')!;
      return { batchItemFailures: [{ itemIdentifier: b.messageId }] };
    });

    await vi.waitFor(() => expect(consuming.processed).toContain('b'), eventually);

    expect(consuming.batches.map((batch) => batch.map((record) => record.body))).toEqual([
      ['a', 'b', 'c'],
      ['b'],
    ]);
    expect(deliveriesOf(consuming, 'b').map((record) => record.attributes.ApproximateReceiveCount)).toEqual([
      '1',
      '2',
    ]);
    await vi.waitFor(
      async () => expect(await depth(queue.url)).toEqual({ visible: 0, inFlight: 0 }),
      eventually,
    );
  });

  it('deletes nothing when the handler throws, or names a message that is not in the batch', async () => {
    const queue = await testQueue({ visibilityTimeoutSeconds: 1 });
    for (const body of ['x', 'y']) await send(queue, body);
    let calls = 0;
    const consuming = consume(queue, { maxConcurrency: 1 }, () => {
      calls++;
      if (calls === 1) throw new Error('platform down');
      if (calls === 2) return { batchItemFailures: [{ itemIdentifier: 'unknown-id' }] };
      return undefined;
    });

    await vi.waitFor(() => expect(consuming.batches).toHaveLength(3), eventually);

    expect(
      consuming.batches.map((batch) =>
        batch.map((record) => `${record.body}${record.attributes.ApproximateReceiveCount}`),
      ),
    ).toEqual([
      ['x1', 'y1'],
      ['x2', 'y2'],
      ['x3', 'y3'],
    ]);
    // Deleted after the third call: nothing left to come back.
    await vi.waitFor(
      async () => expect(await depth(queue.url)).toEqual({ visible: 0, inFlight: 0 }),
      eventually,
    );
  });

  it('moves a poison message to the DLQ after maxReceiveCount receives without blocking the others', async () => {
    const queue = await testQueue({ visibilityTimeoutSeconds: 1, maxReceiveCount: 2 });
    await send(queue, 'poison');
    const consuming = consume(queue, { maxConcurrency: 2 }, (records) => ({
      batchItemFailures: records
        .filter((record) => record.body === 'poison')
        .map((record) => ({ itemIdentifier: record.messageId })),
    }));
    for (const body of ['ok-1', 'ok-2', 'ok-3']) await send(queue, body);

    let parked: string[] = [];
    await vi.waitFor(async () => {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.deadLetter!.url, WaitTimeSeconds: 0 }),
      );
      parked = [...parked, ...(Messages ?? []).map((message) => message.Body ?? '')];
      expect(parked).toEqual(['poison']);
    }, eventually);

    expect(
      deliveriesOf(consuming, 'poison').map((record) => record.attributes.ApproximateReceiveCount),
    ).toEqual(['1', '2']);
    expect([...consuming.processed].sort()).toEqual(['ok-1', 'ok-2', 'ok-3']);
    await vi.waitFor(
      async () => expect(await depth(queue.url)).toEqual({ visible: 0, inFlight: 0 }),
      eventually,
    );
  });

  it('keeps FIFO order per message group; a failing message holds back only its own group', async () => {
    const queue = await topologyQueue('delta');
    for (let n = 1; n <= 4; n++) {
      for (const group of ['g1', 'g2'])
        await send(queue, `${group}-${n}`, {
          MessageGroupId: group,
          MessageDeduplicationId: `${group}-${n}`,
        });
    }
    const failedOnce = new Set<string>();
    const consuming = consume(queue, functions.syncListing.trigger, (records) => {
      // fauxqs hands out one message per group per receive, so no later g1 message shares this batch.
      const failing = records.find((record) => record.body === 'g1-2' && !failedOnce.has(record.body));
      if (!failing) return undefined;
      failedOnce.add(failing.body);
      return { batchItemFailures: [{ itemIdentifier: failing.messageId }] };
    });

    await vi.waitFor(() => expect(consuming.processed).toHaveLength(8), eventually);

    const byGroup = (group: string): string[] => consuming.processed.filter((body) => body.startsWith(group));
    expect(byGroup('g1')).toEqual(['g1-1', 'g1-2', 'g1-3', 'g1-4']);
    expect(byGroup('g2')).toEqual(['g2-1', 'g2-2', 'g2-3', 'g2-4']);
    // g2 ran to the end while g1 waited for its failed message to become visible again.
    expect(consuming.processed.indexOf('g2-4')).toBeLessThan(consuming.processed.indexOf('g1-2'));
    const g1 = deliveriesOf(consuming, 'g1-2');
    expect(g1.map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    expect(g1[0]!.attributes).toMatchObject({
      MessageGroupId: 'g1',
      MessageDeduplicationId: 'g1-2',
      SequenceNumber: matching(/^\d+$/),
    });
    expect(consuming.batches.flat().filter((record) => record.body === 'g1-3')).toHaveLength(1);
  });

  it("a poison FIFO message goes to the topology's DLQ after maxReceiveCount, then its group moves on", async () => {
    const queue = await topologyQueue('jobs');
    await send(queue, 'poison', { MessageGroupId: 'g1', MessageDeduplicationId: 'poison' });
    await send(queue, 'after-poison', { MessageGroupId: 'g1', MessageDeduplicationId: 'after-poison' });
    await send(queue, 'other-group', { MessageGroupId: 'g2', MessageDeduplicationId: 'other-group' });
    const consuming = consume(queue, functions.runJob.trigger, (records) => {
      if (records.some((record) => record.body === 'poison')) throw new Error('cannot parse job');
    });

    await vi.waitFor(() => expect(consuming.processed).toEqual(['other-group', 'after-poison']), eventually);

    expect(deliveriesOf(consuming, 'poison')).toHaveLength(queue.spec.maxReceiveCount!);
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.deadLetter!.url, WaitTimeSeconds: 1 }),
    );
    expect(Messages?.map((message) => message.Body)).toEqual(['poison']);
  });
});
