import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import * as z from 'zod';

/**
 * The baseline of the bundle benchmark: the smallest realistic Lambda handler on the same stack as
 * the functions (AWS SDK v3 DynamoDB client created at module scope, middy, zod), bundled with the
 * same esbuild options. Never deployed; only bench/run.ts builds and imports it.
 */
const client = new DynamoDBClient({});

const Event = z.object({ id: z.string().min(1) });

export const handler = middy().handler(async (event: unknown) => {
  const { id } = Event.parse(event);
  const { Item } = await client.send(
    new GetItemCommand({ TableName: process.env.STOCK_TABLE_NAME, Key: { pk: { S: id }, sk: { S: id } } }),
  );
  return { found: Item !== undefined };
});
