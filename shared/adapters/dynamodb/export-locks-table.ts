import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LockStore } from '../../application/locks/ports';
import { ExportSchema, type Export, type ExportLock } from '../../domain/export';
import { DynamoExportsRepository, exportKeys } from './exports-table';
import { queryAll } from './query-all';
import { batchWrite } from './batch-write';
import { transactWrite } from './transact-write';

/**
 * The lock's items in the Exports table (ADR 0006), under the export's partition `EXPORT#<id>`:
 *
 * | item    | sk                  | attributes                                  |
 * |---------|---------------------|---------------------------------------------|
 * | removal | `REMOVAL#<vehicle>` | `at` (last noted), `expiresAt` (TTL, +24 h) |
 * | held    | `HELD#<vehicle>`    | `at`                                        |
 *
 * Keyed by vehicle, so noting the same removal twice (a retried stream batch) changes no count.
 */
const removalKey = (vehicleId: string) => `REMOVAL#${vehicleId}`;
const heldKey = (vehicleId: string) => `HELD#${vehicleId}`;
const REMOVAL_KEEP_SECONDS = 24 * 3600;

export class DynamoLockStore implements LockStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async noteRemoval(exportId: string, vehicleId: string, at: Date, windowStart: Date): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: exportKeys.export(exportId), sk: removalKey(vehicleId) },
        UpdateExpression: 'SET #at = :at, expiresAt = :expires',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: {
          ':at': at.toISOString(),
          ':expires': Math.floor(at.getTime() / 1000) + REMOVAL_KEEP_SECONDS,
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
    const before = typeof Attributes?.at === 'string' ? Date.parse(Attributes.at) : undefined;
    return before === undefined || before < windowStart.getTime();
  }

  async countRemovals(exportId: string, windowStart: Date): Promise<number> {
    let count = 0;
    const items = queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: '#at >= :start',
      ExpressionAttributeNames: { '#at': 'at' },
      ExpressionAttributeValues: {
        ':pk': exportKeys.export(exportId),
        ':prefix': 'REMOVAL#',
        ':start': windowStart.toISOString(),
      },
      ProjectionExpression: 'pk',
      ConsistentRead: true,
    });
    for await (const item of items) if (item) count++;
    return count;
  }

  async lock(exp: Export, lock: ExportLock): Promise<Export> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.exportKey(exp),
          UpdateExpression: 'SET #status = :locked, #lock = :lock, updatedAt = :at REMOVE lockNotifiedAt',
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status', '#lock': 'lock' },
          ExpressionAttributeValues: {
            ':locked': 'locked',
            ':active': 'active',
            ':lock': lock,
            ':at': lock.lockedAt,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return ExportSchema.parse(Attributes);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return (
        (await new DynamoExportsRepository(this.client, this.tableName).getExport(
          exp.dealerId,
          exp.exportId,
        )) ?? exp
      );
    }
  }

  async markNotified(exp: Export, at: Date): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.exportKey(exp),
          UpdateExpression: 'SET lockNotifiedAt = :at',
          ConditionExpression: '#status = :locked AND attribute_not_exists(lockNotifiedAt)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':at': at.toISOString(), ':locked': 'locked' },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async hold(exp: Export, vehicleId: string, at: Date): Promise<boolean> {
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                pk: exportKeys.export(exp.exportId),
                sk: heldKey(vehicleId),
                vehicleId,
                at: at.toISOString(),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: this.exportKey(exp),
              UpdateExpression: 'SET #lock.heldChanges = #lock.heldChanges + :one',
              ConditionExpression: '#status = :locked',
              ExpressionAttributeNames: { '#lock': 'lock', '#status': 'status' },
              ExpressionAttributeValues: { ':one': 1, ':locked': 'locked' },
            },
          },
        ],
      });
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [held, exportItem] = error.CancellationReasons ?? [];
      if (exportItem?.Code === 'ConditionalCheckFailed') {
        // Unlocked meanwhile: holding now would strand the change. Retry; it will be sent.
        throw new Error(`export ${exp.exportId} is no longer locked`, { cause: error });
      }
      if (held?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async heldVehicles(exportId: string): Promise<readonly string[]> {
    const vehicles: string[] = [];
    const items = queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': exportKeys.export(exportId), ':prefix': 'HELD#' },
      ConsistentRead: true,
    });
    for await (const item of items) vehicles.push(String(item.vehicleId));
    return vehicles;
  }

  async forgetHeld(exportId: string, vehicleIds: readonly string[]): Promise<void> {
    await batchWrite(
      this.client,
      this.tableName,
      vehicleIds.map((vehicleId) => [
        { DeleteRequest: { Key: { pk: exportKeys.export(exportId), sk: heldKey(vehicleId) } } },
      ]),
    );
  }

  async unlock(exp: Export, at: Date): Promise<Export | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.exportKey(exp),
          UpdateExpression:
            'SET #status = :active, #lock = :none, unlockedAt = :at, updatedAt = :at REMOVE lockNotifiedAt',
          ConditionExpression: '#status = :locked',
          ExpressionAttributeNames: { '#status': 'status', '#lock': 'lock' },
          ExpressionAttributeValues: {
            ':active': 'active',
            ':locked': 'locked',
            ':none': null,
            ':at': at.toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return ExportSchema.parse(Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  private exportKey(exp: Export) {
    return { pk: exportKeys.dealer(exp.dealerId), sk: exportKeys.export(exp.exportId) };
  }
}
