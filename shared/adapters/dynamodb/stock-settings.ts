import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DealerSettingsStore } from '../../application/stock/stock-ports';
import { DealerSettingsSchema, type DealerSettings } from '../../domain/dealer-settings';
import { stockKeys } from './stock-table';

/** Dealer settings as the `settings` attribute of the dealer's profile item in the Stock table. */
export class DynamoDealerSettingsStore implements DealerSettingsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getSettings(dealerId: string): Promise<DealerSettings | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: stockKeys.dealer(dealerId), sk: stockKeys.profile },
        ProjectionExpression: 'settings',
        ConsistentRead: true,
      }),
    );
    return Item?.settings === undefined ? undefined : DealerSettingsSchema.parse(Item.settings);
  }

  async saveSettings(dealerId: string, settings: DealerSettings): Promise<void> {
    // SET, not a put: other attributes of the profile item stay as they are.
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: stockKeys.dealer(dealerId), sk: stockKeys.profile },
        UpdateExpression: 'SET settings = :settings, dealerId = :dealerId',
        ExpressionAttributeValues: { ':settings': settings, ':dealerId': dealerId },
      }),
    );
  }
}
