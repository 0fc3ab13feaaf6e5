import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { batchWrite, type WriteRequest } from '../../shared/adapters/dynamodb/batch-write';
import { cancellationOutcome, planTransaction } from '../../shared/adapters/dynamodb/stock-writes';
import { aVehicle } from '../support/fakes';

/** Error branches DynamoDB Local does not produce on demand: unprocessed items, conflicts. */
describe('stock writes', () => {
  const put = (sk: string): WriteRequest => ({ PutRequest: { Item: { pk: 'DEALER#d1', sk } } });

  it('sends unprocessed items again with back-off, and gives up when they keep coming back', async () => {
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
    const dynamo = mockClient(documents);
    dynamo
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { Stock: [put('VEHICLE#2')] } })
      .resolvesOnce({});

    await batchWrite(documents, 'Stock', [[put('VEHICLE#1')], [put('VEHICLE#2')]], { baseDelayMs: 1 });

    const calls = dynamo.commandCalls(BatchWriteCommand);
    expect(calls.map((call) => call.args[0].input.RequestItems?.Stock?.length)).toEqual([2, 1]);

    dynamo.reset();
    dynamo.on(BatchWriteCommand).resolves({ UnprocessedItems: { Stock: [put('VEHICLE#1')] } });
    await expect(
      batchWrite(documents, 'Stock', [[put('VEHICLE#1')]], { baseDelayMs: 1, maxAttempts: 3 }),
    ).rejects.toThrow('unprocessed');
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });

  it('never splits a vehicle from its guard, nor sends one key twice in a request', async () => {
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
    const dynamo = mockClient(documents);
    dynamo.on(BatchWriteCommand).resolves({});
    const pairs = Array.from({ length: 13 }, (_, n) => [put(`VEHICLE#${n}`), put(`INTERNAL#${n}`)]);

    await batchWrite(documents, 'Stock', [pairs[0]!, [put('VEHICLE#0')], ...pairs.slice(1)], {
      concurrency: 1,
    });

    const sizes = dynamo
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems?.Stock?.length);
    // 2 (VEHICLE#0 again must wait for the next request), then it and the 12 other pairs: 25.
    expect(sizes).toEqual([2, 25]);
  });

  it('reads a cancelled transaction by the item that failed', () => {
    const planned = planTransaction(
      'Stock',
      'd1',
      {
        kind: 'replace',
        previous: aVehicle({ internalNumber: 'A' }),
        vehicle: aVehicle({ internalNumber: 'B', version: 2 }),
      },
      new Date(),
    );
    const cancelled = (...codes: string[]) =>
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: codes.map((Code) => ({ Code })),
      });

    expect(planned.roles).toEqual(['lease', 'vehicle', 'newGuard', 'oldGuard']);
    expect(cancellationOutcome(cancelled('ConditionalCheckFailed', 'None', 'None', 'None'), planned)).toBe(
      'locked',
    );
    expect(cancellationOutcome(cancelled('None', 'ConditionalCheckFailed', 'None', 'None'), planned)).toBe(
      'stale',
    );
    expect(cancellationOutcome(cancelled('None', 'None', 'ConditionalCheckFailed', 'None'), planned)).toBe(
      'duplicate',
    );
    expect(cancellationOutcome(cancelled('None', 'TransactionConflict', 'None', 'None'), planned)).toBe(
      'conflict',
    );
    expect(cancellationOutcome(new Error('network'), planned)).toBeUndefined();
  });
});
