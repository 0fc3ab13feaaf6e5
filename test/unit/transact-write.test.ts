import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { transactWrite } from '../../shared/adapters/dynamodb/transact-write';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/** A client whose sends fail with the given errors in turn, then succeed. */
function clientFailing(...errors: Error[]) {
  let sends = 0;
  const client = {
    send: async () => {
      const error = errors[sends++];
      if (error) throw error;
      return {};
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, sends: () => sends };
}

const input = { TransactItems: [] };
const quick = { baseDelayMs: 1 };

describe('a transaction cancelled by another write in flight', () => {
  it('is sent again until it goes through', async () => {
    const { client, sends } = clientFailing(
      cancelled('None', 'TransactionConflict'),
      cancelled('TransactionConflict', 'None'),
    );
    await transactWrite(client, input, quick);
    expect(sends()).toBe(3);
  });

  it('gives up after its attempts with the last cancellation', async () => {
    const conflict = cancelled('None', 'TransactionConflict');
    const { client, sends } = clientFailing(conflict, conflict, conflict);
    await expect(transactWrite(client, input, { ...quick, attempts: 3 })).rejects.toBe(conflict);
    expect(sends()).toBe(3);
  });

  it('is not sent again when a condition failed, even beside a conflict', async () => {
    const failedCondition = cancelled('ConditionalCheckFailed', 'TransactionConflict');
    const { client, sends } = clientFailing(failedCondition);
    await expect(transactWrite(client, input, quick)).rejects.toBe(failedCondition);
    expect(sends()).toBe(1);
  });

  it('is not sent again after any other error', async () => {
    const throttled = new Error('ProvisionedThroughputExceeded');
    const { client, sends } = clientFailing(throttled);
    await expect(transactWrite(client, input, quick)).rejects.toBe(throttled);
    expect(sends()).toBe(1);
  });
});
