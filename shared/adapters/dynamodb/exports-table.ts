import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ExportReader, ExportWriter, JobStore } from '../../application/ports';
import { ExportSchema, type Export } from '../../domain/export';
import { JobSchema, type Job } from '../../domain/job';
import { queryAll } from './query-all';

/**
 * Exports table keys:
 *
 * | item    | pk                  | sk                  | gsi1pk                  | gsi1sk              |
 * |---------|---------------------|---------------------|-------------------------|---------------------|
 * | export  | `DEALER#<dealerId>` | `EXPORT#<exportId>` | `TRANSPORT#<transport>` | `EXPORT#<exportId>` |
 * | job     | `EXPORT#<exportId>` | `JOB#<jobId>`       | –                       | –                   |
 * | app     | `DEALER#<dealerId>` | `APP#<appId>`       | –                       | –                   |
 * | guard   | `DEALER#<dealerId>` | `ACTIVATION#<appId>`| –                       | –                   |
 * | listing | `EXPORT#<exportId>` | `LISTING#<vehicleId>`| –                      | –                   |
 * | release | `EXPORT#<exportId>` | `RELEASED#<vehicleId>`| –                     | –                   |
 * | errors  | `EXPORT#<exportId>` | `ERRORS#<yyyy-mm-ddThh>`| –                   | –                   |
 *
 * A dealer's exports are one query; the scheduler finds every feed export through gsi1 without
 * scanning. `listing` is what the export knows of one vehicle's listing on its platform
 * (listings-table.ts). Held changes and match state join this table with the export-control issue.
 *
 * `release` and `errors` keep the export's counters (export-stats-table.ts); `expiresAt` is the
 * table's TTL attribute.
 *
 * `app` is a custom export app of the dealer (custom-apps-table.ts), secrets inside sealed; the
 * Appstore lists a dealer's apps and exports with one query each on the same partition.
 *
 * `guard` is the activation of an app by the dealer (exports-store.ts): `{ exportId, appId }`,
 * present while that export is not inactive. It is written in the same transaction as the export
 * (condition: absent), deleted in the same transaction as the deactivation, so a dealer has at
 * most one non-inactive export per app even under concurrent activations.
 */
export const exportKeys = {
  dealer: (dealerId: string) => `DEALER#${dealerId}`,
  export: (exportId: string) => `EXPORT#${exportId}`,
  transport: (transport: string) => `TRANSPORT#${transport}`,
  job: (jobId: string) => `JOB#${jobId}`,
  activation: (appId: string) => `ACTIVATION#${appId}`,
  app: (appId: string) => `APP#${appId}`,
};

export function exportItem(exp: Export): Record<string, unknown> {
  return {
    pk: exportKeys.dealer(exp.dealerId),
    sk: exportKeys.export(exp.exportId),
    gsi1pk: exportKeys.transport(exp.transport),
    gsi1sk: exportKeys.export(exp.exportId),
    ...exp,
  };
}

export class DynamoExportsRepository implements ExportReader, ExportWriter, JobStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listExports(dealerId: string): Promise<readonly Export[]> {
    const exports: Export[] = [];
    const items = queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': exportKeys.dealer(dealerId), ':prefix': 'EXPORT#' },
    });
    for await (const item of items) exports.push(ExportSchema.parse(item));
    return exports;
  }

  async getExport(dealerId: string, exportId: string): Promise<Export | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: exportKeys.dealer(dealerId), sk: exportKeys.export(exportId) },
        ConsistentRead: true,
      }),
    );
    return Item ? ExportSchema.parse(Item) : undefined;
  }

  async *listFeedExports(): AsyncIterable<Export> {
    const items = queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': exportKeys.transport('feed') },
    });
    for await (const item of items) yield ExportSchema.parse(item);
  }

  async markFeedDispatched(exp: Export, at: Date): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: exportKeys.dealer(exp.dealerId), sk: exportKeys.export(exp.exportId) },
          UpdateExpression: 'SET lastFeedRunAt = :at',
          ConditionExpression: exp.lastFeedRunAt
            ? 'lastFeedRunAt = :previous'
            : 'attribute_exists(pk) AND attribute_not_exists(lastFeedRunAt)',
          ExpressionAttributeValues: {
            ':at': at.toISOString(),
            ...(exp.lastFeedRunAt ? { ':previous': exp.lastFeedRunAt } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async getJob(exportId: string, jobId: string): Promise<Job | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: exportKeys.export(exportId), sk: exportKeys.job(jobId) },
        ConsistentRead: true,
      }),
    );
    return Item ? JobSchema.parse(Item) : undefined;
  }

  async saveJob(job: Job): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: exportKeys.export(job.exportId), sk: exportKeys.job(job.jobId), ...job },
      }),
    );
  }
}
