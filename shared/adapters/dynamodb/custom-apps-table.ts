import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CustomAppStore, CustomAppWrite } from '../../application/apps/custom-app-store';
import { CustomAppRecordSchema, type CustomAppRecord } from '../../domain/custom-app';
import { exportKeys } from './exports-table';
import { queryAll } from './query-all';

/**
 * Custom apps live in the Exports table beside the dealer's exports (keys in exports-table.ts):
 * pk `DEALER#<dealerId>`, sk `APP#<appId>`. The dealer is in the key, so a get with another
 * dealer's id finds nothing: tenancy needs no extra check. Items are parsed on the way back.
 */
const appSortKey = (appId: string) => `APP#${appId}`;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export class DynamoCustomAppStore implements CustomAppStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listCustomApps(dealerId: string): Promise<readonly CustomAppRecord[]> {
    const apps: CustomAppRecord[] = [];
    const items = queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': exportKeys.dealer(dealerId), ':prefix': 'APP#' },
    });
    for await (const item of items) apps.push(CustomAppRecordSchema.parse(item));
    return apps;
  }

  async getCustomApp(dealerId: string, appId: string): Promise<CustomAppRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(dealerId, appId), ConsistentRead: true }),
    );
    return Item ? CustomAppRecordSchema.parse(Item) : undefined;
  }

  async createCustomApp(record: CustomAppRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...this.key(record.dealerId, record.appId), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async replaceCustomApp(record: CustomAppRecord): Promise<CustomAppWrite> {
    return this.unlessActivated(record.dealerId, record.appId, {
      Put: {
        TableName: this.tableName,
        Item: { ...this.key(record.dealerId, record.appId), ...record },
        ConditionExpression: 'attribute_exists(pk)',
      },
    });
  }

  async deleteCustomApp(dealerId: string, appId: string): Promise<CustomAppWrite> {
    return this.unlessActivated(dealerId, appId, {
      Delete: {
        TableName: this.tableName,
        Key: this.key(dealerId, appId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    });
  }

  /**
   * The write, in one transaction with the check that no activation guard exists for the app
   * (exports-table.ts: `ACTIVATION#<appId>`, written by activation in its own transaction), so a
   * change and an activation can never both succeed.
   */
  private async unlessActivated(
    dealerId: string,
    appId: string,
    write: TransactItem,
  ): Promise<CustomAppWrite> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: { pk: exportKeys.dealer(dealerId), sk: exportKeys.activation(appId) },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            write,
          ],
        }),
      );
      return 'done';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [activation, item] = error.CancellationReasons ?? [];
      if (activation?.Code === 'ConditionalCheckFailed') return 'active';
      if (item?.Code === 'ConditionalCheckFailed') return 'missing';
      throw error;
    }
  }

  private key(dealerId: string, appId: string) {
    return { pk: exportKeys.dealer(dealerId), sk: appSortKey(appId) };
  }
}
