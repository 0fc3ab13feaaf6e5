import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';

/**
 * Handles a FIFO batch's message groups side by side, each group's messages one after another.
 * Order only matters within a group (one vehicle on one export), so a batch of ten vehicles
 * takes about as long as its slowest vehicle instead of the sum of all ten. After a failure the
 * rest of that group is not handled and is reported failed with it: SQS gives them back in
 * order. Other groups go on. Answers the partial batch response (failures in batch order).
 */
export async function handleFifoGroups(
  records: readonly SQSRecord[],
  handle: (record: SQSRecord) => Promise<void>,
  onFailure: (record: SQSRecord, error: unknown) => void = () => undefined,
): Promise<SQSBatchResponse> {
  const failed = new Set<string>();
  await Promise.all(
    groupsOf(records).map(async (group) => {
      for (const [index, record] of group.entries()) {
        try {
          await handle(record);
        } catch (error) {
          onFailure(record, error);
          for (const unhandled of group.slice(index)) failed.add(unhandled.messageId);
          return;
        }
      }
    }),
  );
  return {
    batchItemFailures: records
      .filter((record) => failed.has(record.messageId))
      .map((record) => ({ itemIdentifier: record.messageId })),
  };
}

/** The batch's records by message group, in batch order (a record without a group is its own). */
function groupsOf(records: readonly SQSRecord[]): SQSRecord[][] {
  const groups = new Map<string, SQSRecord[]>();
  for (const record of records) {
    const id = record.attributes.MessageGroupId ?? `message:${record.messageId}`;
    const group = groups.get(id);
    if (group) group.push(record);
    else groups.set(id, [record]);
  }
  return [...groups.values()];
}
