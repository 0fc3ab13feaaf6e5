import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

export interface ConflictRetries {
  readonly attempts?: number;
  readonly baseDelayMs?: number;
}

/**
 * TransactWriteItems, sent again when DynamoDB cancelled it only because another write to one
 * of its items was in flight (`TransactionConflict`: e.g. the export item whose `stats.listed`
 * the listing writes of many vehicles move at once). The SDK does not retry these; a few quick
 * tries with jitter settle them, where failing would cost a message retry seconds later and a
 * second platform call. Any other cancellation (a failed condition) is thrown at once.
 */
export async function transactWrite(
  client: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  { attempts = 5, baseDelayMs = 10 }: ConflictRetries = {},
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand(input));
      return;
    } catch (error) {
      if (!onlyConflicts(error) || attempt >= attempts) throw error;
      await sleep(baseDelayMs * 2 ** attempt * (0.5 + Math.random()));
    }
  }
}

function onlyConflicts(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  return (
    codes.includes('TransactionConflict') &&
    codes.every((code) => code === 'None' || code === 'TransactionConflict')
  );
}
