import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { VehicleReader } from '../../application/ports';
import { VehicleSchema, type Vehicle } from '../../domain/vehicle';

/**
 * Stock table keys (one partition per dealer, so a dealer's data is read by key, never scanned):
 *
 * | item             | pk                  | sk                    |
 * |------------------|---------------------|-----------------------|
 * | dealer profile   | `DEALER#<dealerId>` | `PROFILE`             |
 * | vehicle          | `DEALER#<dealerId>` | `VEHICLE#<vehicleId>` |
 *
 * Only vehicle items pass the stream's filter (`sk` prefix `VEHICLE#`).
 */
export const stockKeys = {
  dealer: (dealerId: string) => `DEALER#${dealerId}`,
  vehicle: (vehicleId: string) => `VEHICLE#${vehicleId}`,
  profile: 'PROFILE',
  /** The ids back from a vehicle item's keys. */
  parseVehicleKeys(pk: string, sk: string): { dealerId: string; vehicleId: string } | undefined {
    if (!pk.startsWith('DEALER#') || !sk.startsWith('VEHICLE#')) return undefined;
    return { dealerId: pk.slice('DEALER#'.length), vehicleId: sk.slice('VEHICLE#'.length) };
  },
};

export function vehicleItem(dealerId: string, vehicle: Vehicle): Record<string, unknown> {
  return { pk: stockKeys.dealer(dealerId), sk: stockKeys.vehicle(vehicle.vehicleId), dealerId, ...vehicle };
}

export class DynamoStockRepository implements VehicleReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
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
}

/** Drops the storage attributes so the zod schema sees only the domain fields. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, dealerId: _dealerId, ...rest } = item;
  return rest;
}
