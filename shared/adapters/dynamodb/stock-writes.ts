import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { WriteOutcome } from '../../application/stock/stock-ports';
import type { Vehicle } from '../../domain/vehicle';
import { guardItem, stockKeys, vehicleItem } from './stock-keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A single-vehicle write of the API. */
export type VehicleWrite =
  | { readonly kind: 'create'; readonly vehicle: Vehicle }
  | { readonly kind: 'replace'; readonly previous: Vehicle; readonly vehicle: Vehicle }
  | { readonly kind: 'delete'; readonly vehicle: Vehicle };

/** What an item of the transaction stands for, to read a cancellation back. */
type Role = 'lease' | 'vehicle' | 'newGuard' | 'oldGuard';

export interface PlannedTransaction {
  readonly items: TransactItem[];
  readonly roles: Role[];
}

/**
 * The transaction of one API write. The vehicle and its internal-number guard move together, so a
 * guard exists exactly when its vehicle does; every transaction also checks that no import holds
 * the dealer's lease (imports write without conditions, trusting the stock they read):
 *
 * - create: put vehicle if absent + put guard if absent (a taken number cancels both);
 * - replace: put vehicle if its version is still the one read; on a new internal number also put
 *   the new guard if absent and delete the old one;
 * - delete: delete vehicle if its version is still the one read + delete its guard.
 */
export function planTransaction(
  tableName: string,
  dealerId: string,
  write: VehicleWrite,
  now: Date,
): PlannedTransaction {
  const { vehicle } = write;
  const pk = stockKeys.dealer(dealerId);
  const planned: PlannedTransaction = { items: [], roles: [] };
  const add = (role: Role, item: TransactItem): void => {
    planned.roles.push(role);
    planned.items.push(item);
  };
  const sameVersion = (version: number) => ({
    ConditionExpression: '#version = :version',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':version': version },
  });
  const newGuard = (): TransactItem => ({
    Put: {
      TableName: tableName,
      Item: guardItem(dealerId, vehicle.internalNumber, vehicle.vehicleId),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  const oldGuard = (internalNumber: string): TransactItem => ({
    Delete: {
      TableName: tableName,
      Key: { pk, sk: stockKeys.internalNumber(internalNumber) },
      // Never remove another vehicle's guard.
      ConditionExpression: 'attribute_not_exists(pk) OR vehicleId = :vehicleId',
      ExpressionAttributeValues: { ':vehicleId': vehicle.vehicleId },
    },
  });

  add('lease', {
    ConditionCheck: {
      TableName: tableName,
      Key: { pk, sk: stockKeys.importLease },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': now.getTime() },
    },
  });
  if (write.kind === 'create') {
    const item = vehicleItem(dealerId, vehicle);
    add('vehicle', {
      Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    add('newGuard', newGuard());
  } else if (write.kind === 'replace') {
    const item = vehicleItem(dealerId, vehicle);
    add('vehicle', { Put: { TableName: tableName, Item: item, ...sameVersion(write.previous.version) } });
    if (write.previous.internalNumber !== vehicle.internalNumber) {
      add('newGuard', newGuard());
      add('oldGuard', oldGuard(write.previous.internalNumber));
    }
  } else {
    const key = { pk, sk: stockKeys.vehicle(vehicle.vehicleId) };
    add('vehicle', { Delete: { TableName: tableName, Key: key, ...sameVersion(vehicle.version) } });
    add('oldGuard', oldGuard(vehicle.internalNumber));
  }
  return planned;
}

/**
 * Reads a cancelled transaction: `locked` when an import holds the lease, `stale` when the vehicle
 * (or an old guard) failed its condition, `duplicate` when the new guard did; `conflict` when the
 * transaction only collided with a concurrent one. Undefined when the error is no cancellation.
 */
export function cancellationOutcome(
  error: unknown,
  planned: PlannedTransaction,
): Exclude<WriteOutcome, 'written'> | 'conflict' | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  const failed = new Set(
    planned.roles.filter((_, index) => reasons[index]?.Code === 'ConditionalCheckFailed'),
  );
  if (failed.has('lease')) return 'locked';
  if (failed.has('vehicle') || failed.has('oldGuard')) return 'stale';
  if (failed.has('newGuard')) return 'duplicate';
  return 'conflict';
}
