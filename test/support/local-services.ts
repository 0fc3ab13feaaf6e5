import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTables } from '../../infra/local/create-tables';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local';
import { startSqsLocal, type SqsLocal } from '../../infra/local/sqs-local';

const region = 'eu-central-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface TestDynamo {
  readonly server: DynamoDbLocal;
  readonly client: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
}

/** Amazon DynamoDB Local in memory with the topology's tables (one per test file). */
export async function startTestDynamo(): Promise<TestDynamo> {
  const server = await startDynamoDbLocal();
  const client = new DynamoDBClient({ endpoint: server.endpoint, region, credentials });
  await createTables(client);
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { server, client, documents };
}

export interface TestSqs {
  readonly server: SqsLocal;
  readonly client: SQSClient;
}

/** The fauxqs SQS emulator with the topology's queues. */
export async function startTestSqs(): Promise<TestSqs> {
  const server = await startSqsLocal({ region });
  return { server, client: new SQSClient({ endpoint: server.endpoint, region, credentials }) };
}

/** Polls until `probe` returns a value that is not undefined, or fails after the deadline. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
  );
}
