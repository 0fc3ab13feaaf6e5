import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ListingStore } from '../../application/delta/ports';
import { ListingSchema, type Listing } from '../../domain/listing';
import { exportKeys } from './exports-table';
import { queryAll } from './query-all';

/**
 * Listings in the Exports table (keys in exports-table.ts): pk `EXPORT#<exportId>`, sk
 * `LISTING#<vehicleId>`. Every write is conditional on the state and insertion key read, so two
 * workers can never both turn one vehicle into a listing, and a stale worker cannot overwrite a
 * newer state.
 */
export const listingSortKey = (vehicleId: string) => `LISTING#${vehicleId}`;

export class DynamoListingStore implements ListingStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getListing(exportId: string, vehicleId: string): Promise<Listing | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: exportKeys.export(exportId), sk: listingSortKey(vehicleId) },
        ConsistentRead: true,
      }),
    );
    return Item ? ListingSchema.parse(Item) : undefined;
  }

  async claimedByOther(exportId: string, vehicleId: string, listingRef: string): Promise<boolean> {
    // Only after a lost create (rare): one query of the export's listings.
    const items = queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'listingRef = :ref AND vehicleId <> :vehicle',
      ExpressionAttributeValues: {
        ':pk': exportKeys.export(exportId),
        ':prefix': 'LISTING#',
        ':ref': listingRef,
        ':vehicle': vehicleId,
      },
    });
    for await (const _item of items) return true;
    return false;
  }

  async saveListing(
    listing: Listing,
    expected: Pick<Listing, 'state' | 'insertionKey'> | undefined,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: exportKeys.export(listing.exportId),
            sk: listingSortKey(listing.vehicleId),
            ...listing,
          },
          ...(expected
            ? {
                ConditionExpression: '#state = :state AND insertionKey = :key',
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: { ':state': expected.state, ':key': expected.insertionKey },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
