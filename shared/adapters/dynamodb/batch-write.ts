import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

export type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

export interface BatchWriteOptions {
  /** Requests in flight at once. */
  readonly concurrency?: number;
  /** Rounds of retrying unprocessed items before giving up. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
}

/** DynamoDB's limit per BatchWriteItem request. */
const batchSize = 25;

/**
 * Writes groups of requests with BatchWriteItem, 25 to a request, several requests in flight.
 * A group (e.g. a vehicle with its guard) never straddles two requests, and no request names one
 * key twice. Unprocessed items (throttling) are sent again with exponential back-off and jitter;
 * when they keep coming back, this throws (callers write idempotently and can run again).
 */
export async function batchWrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  groups: readonly (readonly WriteRequest[])[],
  options: BatchWriteOptions = {},
): Promise<void> {
  const { concurrency = 8, maxAttempts = 8, baseDelayMs = 25 } = options;
  const batches = batchesOf(groups);
  const send = async (batch: WriteRequest[]): Promise<void> => {
    let open = batch;
    for (let attempt = 1; open.length > 0; attempt++) {
      if (attempt > maxAttempts) throw new Error(`DynamoDB left ${open.length} writes unprocessed`);
      if (attempt > 1) await sleep(baseDelayMs * 2 ** attempt * (0.5 + Math.random()));
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: open } }),
      );
      open = UnprocessedItems?.[tableName] ?? [];
    }
  };
  const worker = async (): Promise<void> => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) await send(batch);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
}

function batchesOf(groups: readonly (readonly WriteRequest[])[]): WriteRequest[][] {
  const batches: WriteRequest[][] = [];
  let current: WriteRequest[] = [];
  let keys = new Set<string>();
  for (const group of groups) {
    const groupKeys = group.map(keyOf);
    if (current.length + group.length > batchSize || groupKeys.some((key) => keys.has(key))) {
      batches.push(current);
      current = [];
      keys = new Set();
    }
    current.push(...group);
    for (const key of groupKeys) keys.add(key);
  }
  if (current.length > 0) batches.push(current);
  return batches.filter((batch) => batch.length > 0);
}

function keyOf(request: WriteRequest): string {
  const key = (request.PutRequest?.Item ?? request.DeleteRequest?.Key ?? {}) as {
    pk?: unknown;
    sk?: unknown;
  };
  return `${String(key.pk)}\u0000${String(key.sk)}`;
}
