import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FeedRunStore } from '../../application/feeds/ports';
import type { Export } from '../../domain/export';
import type { FeedDelivered } from '../../domain/feed-lock';
import { exportKeys } from './exports-table';

/** A delivered feed file on the export item: the feed lock's baseline and the export's counts. */
export class DynamoFeedRunStore implements FeedRunStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordDelivery(exp: Export, delivered: FeedDelivered): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: exportKeys.dealer(exp.dealerId), sk: exportKeys.export(exp.exportId) },
        // A feed lists exactly what its last file held.
        UpdateExpression:
          'SET lastFeedDelivery = :delivered, lastTransmissionAt = :at, #stats.released = :n, #stats.listed = :n',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#stats': 'stats' },
        ExpressionAttributeValues: { ':delivered': delivered, ':at': delivered.at, ':n': delivered.vehicles },
      }),
    );
  }
}
