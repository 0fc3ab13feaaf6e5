import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../infra/topology';
import { queryAll } from '../../shared/adapters/dynamodb/query-all';
import { startTestDynamo, type TestDynamo } from '../support/local-services';

describe('paging a query to the end', () => {
  let dynamo: TestDynamo;
  const input = {
    TableName: tables.exports.name,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': 'EXPORT#paging' },
    // Small pages, so that 30 items take several.
    Limit: 7,
  };

  beforeAll(async () => {
    dynamo = await startTestDynamo();
    for (let index = 0; index < 30; index++) {
      await dynamo.documents.send(
        new PutCommand({
          TableName: tables.exports.name,
          Item: { pk: 'EXPORT#paging', sk: `ITEM#${String(index).padStart(2, '0')}` },
        }),
      );
    }
  });
  afterAll(async () => {
    await dynamo?.server.stop();
  });

  const keysOf = async (items: AsyncIterable<Record<string, unknown>>) => {
    const keys: string[] = [];
    for await (const item of items) keys.push(String(item.sk));
    return keys;
  };

  it('reads every item once, in order, with and without asking for the next page early', async () => {
    const expected = Array.from({ length: 30 }, (_, index) => `ITEM#${String(index).padStart(2, '0')}`);
    expect(await keysOf(queryAll(dynamo.documents, input))).toEqual(expected);
    expect(await keysOf(queryAll(dynamo.documents, input, { prefetch: true }))).toEqual(expected);
  });

  it('lets a caller stop early while the next page is on its way', async () => {
    for await (const item of queryAll(dynamo.documents, input, { prefetch: true })) {
      expect(item.sk).toBe('ITEM#00');
      break;
    }
  });
});
