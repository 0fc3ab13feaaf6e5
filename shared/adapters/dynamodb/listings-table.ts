import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ListingStore } from '../../application/delta/ports';
import { ListingSchema, type Listing } from '../../domain/listing';
import { batchGet } from './batch-get';
import { exportKeys } from './exports-table';
import { queryAll } from './query-all';
import { transactWrite } from './transact-write';

/**
 * Listings in the Exports table (keys in exports-table.ts): pk `EXPORT#<exportId>`, sk
 * `LISTING#<vehicleId>`. Every write is conditional on the state and insertion key read, so two
 * workers can never both turn one vehicle into a listing, and a stale worker cannot overwrite a
 * newer state. A write that lists or unlists changes the export's `stats.listed` in the same
 * transaction, so the count is exact without ever counting items.
 *
 * Live listings also carry `gsi1pk = EXPORT#<exportId>#INTERNAL#<internalNumber>`: the listing of
 * an internal number is found in one query when a re-created vehicle takes it over.
 */
export const listingSortKey = (vehicleId: string) => `LISTING#${vehicleId}`;
const internalNumberKey = (exportId: string, internalNumber: string) =>
  `EXPORT#${exportId}#INTERNAL#${internalNumber}`;

type Expected = Pick<Listing, 'state' | 'insertionKey'> | undefined;

/** The stored item of a listing, with its internal-number index key while it is live. */
export function listingItem(listing: Listing): Record<string, unknown> {
  const live = isLive(listing) && listing.internalNumber !== undefined;
  return {
    pk: exportKeys.export(listing.exportId),
    sk: listingSortKey(listing.vehicleId),
    ...(live && listing.internalNumber
      ? {
          gsi1pk: internalNumberKey(listing.exportId, listing.internalNumber),
          gsi1sk: listingSortKey(listing.vehicleId),
        }
      : {}),
    ...listing,
  };
}

/** The transaction item that moves the export's `stats.listed` by `change` (+1 listed, −1 gone). */
export function listedCountUpdate(tableName: string, dealerId: string, exportId: string, change: number) {
  return {
    Update: {
      TableName: tableName,
      Key: { pk: exportKeys.dealer(dealerId), sk: exportKeys.export(exportId) },
      UpdateExpression: 'SET #stats.listed = #stats.listed + :change',
      ConditionExpression: 'attribute_exists(#stats.listed)',
      ExpressionAttributeNames: { '#stats': 'stats' },
      ExpressionAttributeValues: { ':change': change },
    },
  };
}

function isLive(listing: Pick<Listing, 'state'> | undefined): boolean {
  return listing?.state === 'listed';
}

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

  /** The listings of these vehicles on the export that exist, in one request per 100. */
  async listingsOf(exportId: string, vehicleIds: readonly string[]): Promise<ReadonlyMap<string, Listing>> {
    const keys = vehicleIds.map((id) => ({ pk: exportKeys.export(exportId), sk: listingSortKey(id) }));
    const listings = (await batchGet(this.client, this.tableName, keys)).map((item) =>
      ListingSchema.parse(item),
    );
    return new Map(listings.map((listing) => [listing.vehicleId, listing]));
  }

  /** Additional bookings per vehicle of an export (a feed writes them into its columns). */
  async bookingsOf(exportId: string): Promise<ReadonlyMap<string, readonly string[]>> {
    const bookings = new Map<string, readonly string[]>();
    const items = queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'size(bookings) > :none',
      ExpressionAttributeValues: { ':pk': exportKeys.export(exportId), ':prefix': 'LISTING#', ':none': 0 },
      ProjectionExpression: 'vehicleId, bookings',
    });
    for await (const item of items) bookings.set(String(item.vehicleId), item.bookings as string[]);
    return bookings;
  }

  /** The vehicles whose listing on the export is live or being created. */
  async *listedVehicleIds(exportId: string): AsyncIterable<string> {
    const items = queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: '#state <> :removed',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':pk': exportKeys.export(exportId),
        ':prefix': 'LISTING#',
        ':removed': 'removed',
      },
      ProjectionExpression: 'vehicleId',
    });
    for await (const item of items) yield String(item.vehicleId);
  }

  async liveListingWithInternalNumber(
    exportId: string,
    internalNumber: string,
  ): Promise<Listing | undefined> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :key',
        ExpressionAttributeValues: { ':key': internalNumberKey(exportId, internalNumber) },
        Limit: 5,
      }),
    );
    // The index is eventually consistent: confirm with a consistent read of the listing itself.
    for (const item of Items ?? []) {
      const listing = await this.getListing(exportId, String(item.vehicleId));
      if (isLive(listing) && listing?.internalNumber === internalNumber) return listing;
    }
    return undefined;
  }

  async saveListing(listing: Listing, expected: Expected): Promise<boolean> {
    return this.write([this.put(listing, expected), ...this.countChange(listing, expected)]);
  }

  async transferListing(from: Listing, to: Listing, expected: Listing | undefined): Promise<boolean> {
    const released: Listing = { ...from, state: 'removed', contentHash: null, updatedAt: to.updatedAt };
    // `from` leaves the live listings and `to` joins them: the export's count stays as it is.
    return this.write([this.put(released, from), this.put(to, expected)]);
  }

  private put(listing: Listing, expected: Expected) {
    return {
      Put: {
        TableName: this.tableName,
        Item: listingItem(listing),
        ...(expected
          ? {
              ConditionExpression: '#state = :state AND insertionKey = :key',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: { ':state': expected.state, ':key': expected.insertionKey },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    };
  }

  /** The export's `stats.listed` follows a listing that goes live or stops being live. */
  private countChange(listing: Listing, expected: Expected) {
    const change = Number(isLive(listing)) - Number(isLive(expected));
    if (change === 0 || !listing.dealerId) return [];
    return [listedCountUpdate(this.tableName, listing.dealerId, listing.exportId, change)];
  }

  private async write(items: { Put?: object; Update?: object }[]): Promise<boolean> {
    try {
      if (items.length === 1 && items[0]?.Put) {
        await this.client.send(new PutCommand(items[0].Put as never));
      } else {
        await transactWrite(this.client, { TransactItems: items as never });
      }
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        // Only the listing conditions mean "someone else got there first"; anything else is real.
        if (reasons.some((reason, index) => reason.Code === 'ConditionalCheckFailed' && items[index]?.Put))
          return false;
      }
      throw error;
    }
  }
}
