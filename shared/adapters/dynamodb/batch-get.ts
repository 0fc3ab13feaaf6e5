import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** DynamoDB's limit of keys per BatchGetItem request. */
const MAX_KEYS = 100;

/**
 * The items of these keys (those that exist), consistently read, 100 keys to a request; keys
 * DynamoDB leaves unprocessed (throttling) are asked for again.
 */
export async function batchGet(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += MAX_KEYS) {
    let open: Record<string, unknown>[] | undefined = keys.slice(start, start + MAX_KEYS);
    while (open && open.length > 0) {
      const result = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: open, ConsistentRead: true } } }),
      );
      items.push(...(result.Responses?.[tableName] ?? []));
      open = result.UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return items;
}
