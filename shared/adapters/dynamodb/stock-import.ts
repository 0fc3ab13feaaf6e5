import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../application/ports';
import type { ImportSession, StockImporter, StockWrite } from '../../application/stock/stock-ports';
import { VehicleSchema, type Vehicle } from '../../domain/vehicle';
import { batchWrite, type BatchWriteOptions, type WriteRequest } from './batch-write';
import { guardItem, stockKeys, vehicleItem, withoutKeys } from './stock-keys';
import { queryAll } from './query-all';

/** Longer than any import can run (the function times out after 29 s), short after a crash. */
const leaseMs = 60_000;

/**
 * Imports with BatchWriteItem under a per-dealer lease. While the lease is held, API writes of the
 * dealer's vehicles are refused (their transactions check it) and a second import cannot start,
 * so the stock read at the start stays true and the batch writes need no conditions: a vehicle and
 * its guard are written (or deleted) together, at a fraction of the cost of transactions.
 * BatchWriteItem is not atomic; if an import dies half-way, the next one finds and repairs
 * guards that do not match the vehicles.
 */
export class DynamoStockImporter implements StockImporter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = { now: () => new Date() },
    private readonly options: BatchWriteOptions = {},
  ) {}

  async begin(dealerId: string): Promise<ImportSession | undefined> {
    const holder = randomUUID();
    if (!(await this.takeLease(dealerId, holder))) return undefined;
    try {
      const { stock, guards } = await this.readPartition(dealerId);
      await this.write(guardRepairs(dealerId, stock, guards));
      return {
        stock,
        write: (writes) => this.write(writes.map((write) => requestsOf(dealerId, write))),
        end: () => this.releaseLease(dealerId, holder),
      };
    } catch (error) {
      await this.releaseLease(dealerId, holder);
      throw error;
    }
  }

  private async write(groups: readonly (readonly WriteRequest[])[]): Promise<void> {
    if (groups.length > 0) await batchWrite(this.client, this.tableName, groups, this.options);
  }

  private async takeLease(dealerId: string, holder: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: stockKeys.dealer(dealerId),
            sk: stockKeys.importLease,
            holder,
            expiresAt: now + leaseMs,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async releaseLease(dealerId: string, holder: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: stockKeys.dealer(dealerId), sk: stockKeys.importLease },
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      );
    } catch (error) {
      // Expired and taken by the next import: it is theirs now.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** One query of the dealer's partition: vehicles, and guards by internal number. */
  private async readPartition(dealerId: string) {
    const stock: Vehicle[] = [];
    const guards = new Map<string, string>();
    const items = queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': stockKeys.dealer(dealerId) },
      ConsistentRead: true,
    });
    for await (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith(stockKeys.vehiclePrefix)) stock.push(VehicleSchema.parse(withoutKeys(item)));
      else if (sk.startsWith(stockKeys.guardPrefix))
        guards.set(sk.slice(stockKeys.guardPrefix.length), String(item.vehicleId));
    }
    return { stock, guards };
  }
}

function requestsOf(dealerId: string, write: StockWrite): WriteRequest[] {
  const { vehicle } = write;
  const pk = stockKeys.dealer(dealerId);
  switch (write.kind) {
    case 'create':
      return [
        { PutRequest: { Item: vehicleItem(dealerId, vehicle) } },
        { PutRequest: { Item: guardItem(dealerId, vehicle.internalNumber, vehicle.vehicleId) } },
      ];
    // An import matches by internal number, so an update never moves the guard.
    case 'update':
      return [{ PutRequest: { Item: vehicleItem(dealerId, vehicle) } }];
    case 'delete':
      return [
        { DeleteRequest: { Key: { pk, sk: stockKeys.vehicle(vehicle.vehicleId) } } },
        { DeleteRequest: { Key: { pk, sk: stockKeys.internalNumber(vehicle.internalNumber) } } },
      ];
  }
}

/** Guards missing for a vehicle, or left without one (an import that died half-way; old data). */
function guardRepairs(dealerId: string, stock: readonly Vehicle[], guards: ReadonlyMap<string, string>) {
  const owners = new Map<string, string>();
  for (const vehicle of stock)
    if (!owners.has(vehicle.internalNumber)) owners.set(vehicle.internalNumber, vehicle.vehicleId);
  const repairs: WriteRequest[][] = [];
  for (const [internalNumber, vehicleId] of owners) {
    if (guards.get(internalNumber) !== vehicleId)
      repairs.push([{ PutRequest: { Item: guardItem(dealerId, internalNumber, vehicleId) } }]);
  }
  for (const internalNumber of guards.keys()) {
    if (!owners.has(internalNumber)) {
      const key = { pk: stockKeys.dealer(dealerId), sk: stockKeys.internalNumber(internalNumber) };
      repairs.push([{ DeleteRequest: { Key: key } }]);
    }
  }
  return repairs;
}
