import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DetailWriter } from '../../application/ports';
import { detailExpiry, type Detail } from '../../domain/detail';

/**
 * ExportDetails table keys (newest first = query with ScanIndexForward false):
 *
 * | pk                  | sk                 | vehiclePk (GSI byVehicle)               | expiresAt (TTL)  |
 * |---------------------|--------------------|-----------------------------------------|------------------|
 * | `EXPORT#<exportId>` | `<at>#<detailId>`  | `EXPORT#<exportId>#VEHICLE#<vehicleId>` | epoch s, at + 5d |
 *
 * Every item carries the GSI key (`VEHICLE#-` for run details without a vehicle): DynamoDB TTL
 * skips items lacking an index's key attributes in DynamoDB Local, and sparse items would never
 * expire there. Reads must still filter `expiresAt > now`, because TTL deletes lazily.
 */
export const detailKeys = {
  export: (exportId: string) => `EXPORT#${exportId}`,
  sort: (detail: Pick<Detail, 'at' | 'detailId'>) => `${detail.at}#${detail.detailId}`,
  vehicle: (exportId: string, vehicleId: string | undefined) =>
    `EXPORT#${exportId}#VEHICLE#${vehicleId ?? '-'}`,
};

export class DynamoDetailRepository implements DetailWriter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(detail: Detail): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: detailKeys.export(detail.exportId),
          sk: detailKeys.sort(detail),
          vehiclePk: detailKeys.vehicle(detail.exportId, detail.vehicleId),
          expiresAt: Math.floor(detailExpiry(new Date(detail.at)).getTime() / 1000),
          ...detail,
        },
      }),
    );
  }
}
