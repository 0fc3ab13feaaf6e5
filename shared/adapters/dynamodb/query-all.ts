import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export interface QueryAllOptions {
  /**
   * Ask for the next page while the caller works through this one (at most two pages held): for
   * long reads whose consumer has work of its own per item, e.g. rendering a feed. Costs one read
   * too many when the caller stops early, so it is off by default.
   */
  readonly prefetch?: boolean;
}

/** Every item a query matches, page after page (DynamoDB returns at most 1 MB per call). */
export async function* queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  options: QueryAllOptions = {},
): AsyncGenerator<Record<string, unknown>> {
  const pageAfter = (startKey: Record<string, unknown> | undefined) =>
    client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
  let next = pageAfter(undefined);
  for (;;) {
    const page = await next;
    const startKey = page.LastEvaluatedKey;
    if (startKey && options.prefetch) {
      next = pageAfter(startKey);
      // Handled here too: a caller that stops early never awaits it.
      next.catch(() => undefined);
    }
    yield* page.Items ?? [];
    if (!startKey) return;
    if (!options.prefetch) next = pageAfter(startKey);
  }
}
