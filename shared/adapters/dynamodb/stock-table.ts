import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock, VehicleLookup, VehicleReader } from '../../application/ports';
import type { Page, VehicleStore, WriteOutcome } from '../../application/stock/stock-ports';
import { VehicleSchema, type Vehicle } from '../../domain/vehicle';
import { batchGet } from './batch-get';
import { decodeCursor, encodeCursor } from './cursor';
import { queryAll } from './query-all';
import { RELEASE_DUE, stockKeys, withoutKeys } from './stock-keys';
import { cancellationOutcome, planTransaction, type VehicleWrite } from './stock-writes';
import { transactWrite } from './transact-write';

/**
 * Stock table keys (one partition per dealer, so a dealer's data is read by key, never scanned):
 *
 * | item                  | pk                  | sk                          | attributes              |
 * |-----------------------|---------------------|-----------------------------|-------------------------|
 * | dealer profile        | `DEALER#<dealerId>` | `PROFILE`                   | `settings`              |
 * | vehicle               | `DEALER#<dealerId>` | `VEHICLE#<vehicleId>`       | the vehicle, `dealerId` |
 * | internal-number guard | `DEALER#<dealerId>` | `INTERNAL#<internalNumber>` | `vehicleId`             |
 * | import lease          | `DEALER#<dealerId>` | `IMPORT_LEASE`              | `holder`, `expiresAt`   |
 *
 * Index `releaseDue` (sparse, keys only): `releaseDuePk` = `RELEASE_DUE` and `releaseDueAt` on the
 * vehicles that wait for a delayed auto-release (a dealer's `releaseDelayDays`).
 *
 * A guard exists while a vehicle of the dealer has that internal number: API writes put it in the
 * same transaction as the vehicle, with `attribute_not_exists`, which makes the number unique per
 * dealer. An import holds the lease (API writes check it) and writes in batches; it also repairs
 * guards that do not match the vehicles it read. Only vehicle items pass the stream's filter
 * (`sk` prefix `VEHICLE#`), so profile, guard and lease writes never reach the exports.
 */
export { guardItem, stockKeys, vehicleItem, withoutKeys } from './stock-keys';

/** Tries of a transaction that only collided with concurrent ones (DynamoDB: TransactionConflict). */
const conflictTries = 3;

export class DynamoStockRepository implements VehicleReader, VehicleLookup, VehicleStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = { now: () => new Date() },
  ) {}

  async getVehicle(dealerId: string, vehicleId: string): Promise<Vehicle | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: stockKeys.dealer(dealerId), sk: stockKeys.vehicle(vehicleId) },
        ConsistentRead: true,
      }),
    );
    return Item ? VehicleSchema.parse(withoutKeys(Item)) : undefined;
  }

  /**
   * The vehicles released to an export, page by page as DynamoDB returns them (never the whole
   * stock in memory): one query of the dealer's partition, filtered on the release.
   */
  async *releasedVehicles(dealerId: string, exportId: string): AsyncIterable<Vehicle> {
    const items = queryAll(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'releases.#export = :released',
        ExpressionAttributeNames: { '#export': exportId },
        ExpressionAttributeValues: {
          ':pk': stockKeys.dealer(dealerId),
          ':prefix': stockKeys.vehiclePrefix,
          ':released': true,
        },
      },
      // Feeds and full transfers work on each vehicle: the next page arrives meanwhile.
      { prefetch: true },
    );
    for await (const item of items) yield VehicleSchema.parse(withoutKeys(item));
  }

  /**
   * Vehicles whose delayed auto-release is due by `until`, oldest first, from the sparse
   * `releaseDue` index (eventually consistent: read each vehicle before acting on it).
   */
  async *dueForRelease(until: Date): AsyncIterable<{ dealerId: string; vehicleId: string }> {
    const items = queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'releaseDue',
      KeyConditionExpression: 'releaseDuePk = :due AND releaseDueAt <= :until',
      ExpressionAttributeValues: { ':due': RELEASE_DUE, ':until': until.toISOString() },
    });
    for await (const item of items) {
      const ids = stockKeys.parseVehicleKeys(String(item.pk), String(item.sk));
      if (ids) yield ids;
    }
  }

  /** The vehicles of these ids that exist, in one request per 100. */
  async vehiclesOf(dealerId: string, vehicleIds: readonly string[]): Promise<ReadonlyMap<string, Vehicle>> {
    const keys = vehicleIds.map((id) => ({ pk: stockKeys.dealer(dealerId), sk: stockKeys.vehicle(id) }));
    const vehicles = (await batchGet(this.client, this.tableName, keys)).map((item) =>
      VehicleSchema.parse(withoutKeys(item)),
    );
    return new Map(vehicles.map((vehicle) => [vehicle.vehicleId, vehicle]));
  }

  async vehicleIdByInternalNumber(dealerId: string, internalNumber: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: stockKeys.dealer(dealerId), sk: stockKeys.internalNumber(internalNumber) },
        ConsistentRead: true,
      }),
    );
    return typeof Item?.vehicleId === 'string' ? Item.vehicleId : undefined;
  }

  async listVehicles(dealerId: string, page: { limit: number; cursor?: string }): Promise<Page<Vehicle>> {
    const pk = stockKeys.dealer(dealerId);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': stockKeys.vehiclePrefix },
        ExclusiveStartKey: decodeCursor(page.cursor, pk),
        Limit: page.limit,
        // A vehicle just created or deleted shows (or goes) at once.
        ConsistentRead: true,
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => VehicleSchema.parse(withoutKeys(item))),
      nextCursor: encodeCursor(result.LastEvaluatedKey),
    };
  }

  async createVehicle(dealerId: string, vehicle: Vehicle): Promise<WriteOutcome> {
    return this.transact(dealerId, { kind: 'create', vehicle });
  }

  async replaceVehicle(dealerId: string, previous: Vehicle, next: Vehicle): Promise<WriteOutcome> {
    return this.transact(dealerId, { kind: 'replace', previous, vehicle: next });
  }

  async deleteVehicle(dealerId: string, vehicle: Vehicle): Promise<WriteOutcome> {
    return this.transact(dealerId, { kind: 'delete', vehicle });
  }

  private async transact(dealerId: string, write: VehicleWrite): Promise<WriteOutcome> {
    const planned = planTransaction(this.tableName, dealerId, write, this.clock.now());
    try {
      await transactWrite(this.client, { TransactItems: planned.items }, { attempts: conflictTries });
      return 'written';
    } catch (error) {
      const outcome = cancellationOutcome(error, planned);
      if (outcome === undefined) throw error;
      // Still colliding with concurrent requests: they may have changed the vehicle, so re-read.
      return outcome === 'conflict' ? 'stale' : outcome;
    }
  }
}
