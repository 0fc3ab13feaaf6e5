import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { MatchStore, VehicleAssignmentOutcome } from '../../application/match/ports';
import type { Export } from '../../domain/export';
import type { Listing } from '../../domain/listing';
import {
  MatchSummarySchema,
  UnmatchedListingSchema,
  type MatchAssignment,
  type MatchSummary,
  type UnmatchedListing,
} from '../../domain/match-state';
import { exportKeys } from './exports-table';
import { listedCountUpdate, listingItem } from './listings-table';
import { queryAll } from './query-all';

/**
 * The inventory match in the Exports table, beside the export's listings and jobs:
 *
 * | item               | pk                  | sk                    |
 * |--------------------|---------------------|-----------------------|
 * | summary            | `EXPORT#<exportId>` | `MATCH`               |
 * | unmatched listing  | `EXPORT#<exportId>` | `MATCH#<listingRef>`  |
 *
 * An unmatched listing carries `assignment` once the dealer decided; it is absent before, so
 * "decide once" is the condition `attribute_not_exists(assignment)`.
 */
export const matchKeys = {
  summary: 'MATCH',
  unmatched: (listingRef: string) => `MATCH#${listingRef}`,
};

const unassigned = 'attribute_exists(pk) AND attribute_not_exists(assignment)';

export class DynamoMatchStore implements MatchStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getSummary(exportId: string): Promise<MatchSummary | undefined> {
    const item = await this.get(exportId, matchKeys.summary);
    return item ? MatchSummarySchema.parse(item) : undefined;
  }

  async saveSummary(summary: MatchSummary): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: exportKeys.export(summary.exportId), sk: matchKeys.summary, ...summary },
      }),
    );
  }

  async listUnmatched(exportId: string): Promise<readonly UnmatchedListing[]> {
    const items: UnmatchedListing[] = [];
    const found = queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': exportKeys.export(exportId), ':prefix': matchKeys.unmatched('') },
      ConsistentRead: true,
    });
    for await (const item of found) items.push(UnmatchedListingSchema.parse(item));
    return items;
  }

  async getUnmatched(exportId: string, listingRef: string): Promise<UnmatchedListing | undefined> {
    const item = await this.get(exportId, matchKeys.unmatched(listingRef));
    return item ? UnmatchedListingSchema.parse(item) : undefined;
  }

  async putUnmatched(item: UnmatchedListing): Promise<void> {
    const { assignment, ...rest } = item;
    await this.conditional(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...this.key(item.exportId, matchKeys.unmatched(item.listingRef)),
          ...rest,
          ...(assignment ? { assignment } : {}),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async dropUnmatched(exportId: string, listingRef: string): Promise<void> {
    await this.conditional(
      new DeleteCommand({
        TableName: this.tableName,
        Key: this.key(exportId, matchKeys.unmatched(listingRef)),
        ConditionExpression: 'attribute_not_exists(assignment)',
      }),
    );
  }

  async finishMatching(exp: Export, at: Date, holds: readonly string[]): Promise<boolean> {
    // A string set (DynamoDB has no empty one: none is no attribute, which also clears the holds
    // of an earlier match); assignments DELETE from it, which never races.
    const setHolds = holds.length > 0 ? ', matchHolds = :holds' : ' REMOVE matchHolds';
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: exportKeys.dealer(exp.dealerId), sk: exportKeys.export(exp.exportId) },
        UpdateExpression: `SET #status = :active, updatedAt = :at${setHolds}`,
        ConditionExpression: '#status = :matching',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':active': 'active',
          ':matching': 'matching',
          ':at': at.toISOString(),
          ...(holds.length > 0 ? { ':holds': new Set(holds) } : {}),
        },
      }),
    );
  }

  async releaseHolds(exp: Export, vehicleIds: readonly string[]): Promise<void> {
    if (vehicleIds.length === 0) return;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: exportKeys.dealer(exp.dealerId), sk: exportKeys.export(exp.exportId) },
        UpdateExpression: 'DELETE matchHolds :released',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':released': new Set(vehicleIds) },
      }),
    );
  }

  async assignToVehicle(
    item: UnmatchedListing,
    listing: Listing,
    assignment: Extract<MatchAssignment, { action: 'vehicle' }>,
  ): Promise<VehicleAssignmentOutcome> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              // A removed listing is history: the vehicle may take this one instead.
              Put: {
                TableName: this.tableName,
                Item: listingItem(listing),
                ConditionExpression: 'attribute_not_exists(pk) OR #state = :removed',
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: { ':removed': 'removed' },
              },
            },

            {
              Update: {
                TableName: this.tableName,
                Key: this.key(item.exportId, matchKeys.unmatched(item.listingRef)),
                UpdateExpression: 'SET assignment = :assignment',
                ConditionExpression: unassigned,
                ExpressionAttributeValues: { ':assignment': assignment },
              },
            },
            // Last, so the cancellation reasons above keep their positions.
            ...(listing.dealerId
              ? [listedCountUpdate(this.tableName, listing.dealerId, listing.exportId, 1)]
              : []),
          ],
        }),
      );
      return 'assigned';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [vehicle, match] = (error.CancellationReasons ?? []).map(
        (reason) => reason.Code === 'ConditionalCheckFailed',
      );
      if (match) return 'already-assigned';
      if (vehicle) return 'vehicle-listed';
      throw error;
    }
  }

  async assign(
    item: UnmatchedListing,
    assignment: Exclude<MatchAssignment, { action: 'vehicle' }>,
  ): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(item.exportId, matchKeys.unmatched(item.listingRef)),
        UpdateExpression: 'SET assignment = :assignment',
        ConditionExpression: unassigned,
        ExpressionAttributeValues: { ':assignment': assignment },
      }),
    );
  }

  async withdraw(item: UnmatchedListing, assignment: MatchAssignment): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(item.exportId, matchKeys.unmatched(item.listingRef)),
        UpdateExpression: 'REMOVE assignment',
        ConditionExpression: 'assignment = :assignment',
        ExpressionAttributeValues: { ':assignment': assignment },
      }),
    );
  }

  private key(exportId: string, sk: string): { pk: string; sk: string } {
    return { pk: exportKeys.export(exportId), sk };
  }

  private async get(exportId: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(exportId, sk), ConsistentRead: true }),
    );
    return Item;
  }

  /** Sends a conditional write: false when its condition failed. */
  private async conditional(command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
    try {
      // The union of commands does not narrow to one `send` overload; each is a valid command.
      await this.client.send(command as PutCommand);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
