import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { DetailPage, DetailQuery, DetailReader } from '../../application/exports/ports';
import type { DetailBatchWriter, DetailWriter } from '../../application/ports';
import { ValidationError } from '../../domain/errors';
import { DetailSchema, detailExpiry, type Detail } from '../../domain/detail';
import { batchWrite } from './batch-write';
import { decodeCursor, encodeCursor } from './cursor';

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

function detailItem(detail: Detail): Record<string, unknown> {
  return {
    pk: detailKeys.export(detail.exportId),
    sk: detailKeys.sort(detail),
    vehiclePk: detailKeys.vehicle(detail.exportId, detail.vehicleId),
    expiresAt: Math.floor(detailExpiry(new Date(detail.at)).getTime() / 1000),
    ...detail,
  };
}

/** `~` sorts after every character of an ISO timestamp and after `#`: `<to>~` includes `<to>#…`. */
const UPPER_END = '~';

export interface DetailReadLimits {
  /** Items DynamoDB evaluates per call when outcome/action/kind filters may drop most of them. */
  readonly filteredReadSize: number;
  /** Calls per page: a page is returned short (with a cursor) rather than reading on unbounded. */
  readonly maxCallsPerPage: number;
}

/**
 * With 4 calls of 250 a page reads at most ~1000 small items (well under 1 s and a few hundred
 * read units), whatever the filters; the client follows `nextCursor` for the rest.
 */
const defaultLimits: DetailReadLimits = { filteredReadSize: 250, maxCallsPerPage: 4 };

export class DynamoDetailRepository implements DetailWriter, DetailBatchWriter, DetailReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly limits: DetailReadLimits = defaultLimits,
  ) {}

  async record(detail: Detail): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: detailItem(detail) }));
  }

  /** 25 details to a BatchWriteItem request (a detail's key is unique: nothing is overwritten). */
  async recordAll(details: readonly Detail[]): Promise<void> {
    const groups = details.map((detail) => [{ PutRequest: { Item: detailItem(detail) } }]);
    await batchWrite(this.client, this.tableName, groups);
  }

  /**
   * Newest first within `[from, to]` (a key condition on `sk`, so nothing older is even read),
   * through `byVehicle` when a vehicle is asked for. Outcome, action, kind and expiry are filter
   * expressions, applied after DynamoDB's `Limit`: a call can return fewer items than asked for,
   * so calls continue until the page is full, the range ends or `maxCallsPerPage` is reached.
   */
  async listDetails(query: DetailQuery): Promise<DetailPage> {
    const pk = detailKeys.export(query.exportId);
    const vehiclePk =
      query.vehicleId === undefined ? undefined : detailKeys.vehicle(query.exportId, query.vehicleId);
    const lower = query.from.toISOString();
    const upper = query.to ? `${query.to.toISOString()}${UPPER_END}` : UPPER_END;
    if (lower > upper) return { items: [], nextCursor: null };
    let startKey = detailCursor(query.cursor, { pk, vehiclePk, upper });
    // A cursor older than the window (time moved on while paging): everything after it is gone.
    if (startKey && (startKey.sk as string) < lower) return { items: [], nextCursor: null };

    const filters = (['outcome', 'action', 'kind'] as const).filter((name) => query[name] !== undefined);
    const input = {
      TableName: this.tableName,
      ...(vehiclePk ? { IndexName: 'byVehicle' } : {}),
      KeyConditionExpression: `${vehiclePk ? 'vehiclePk' : 'pk'} = :partition AND sk BETWEEN :lower AND :upper`,
      FilterExpression: ['expiresAt > :now', ...filters.map((name) => `#${name} = :${name}`)].join(' AND '),
      ...(filters.length > 0
        ? { ExpressionAttributeNames: Object.fromEntries(filters.map((name) => [`#${name}`, name])) }
        : {}),
      ExpressionAttributeValues: {
        ':partition': vehiclePk ?? pk,
        ':lower': lower,
        ':upper': upper,
        ':now': Math.floor(query.now.getTime() / 1000),
        ...Object.fromEntries(filters.map((name) => [`:${name}`, query[name]])),
      },
      ScanIndexForward: false,
    };

    const items: Detail[] = [];
    for (let call = 0; call < this.limits.maxCallsPerPage; call++) {
      const remaining = query.limit - items.length;
      const page = await this.client.send(
        new QueryCommand({
          ...input,
          // Without outcome/action/kind filters (expiry drops next to nothing inside the window)
          // reading exactly what is missing keeps DynamoDB's own cursor exact.
          Limit: filters.length > 0 ? Math.max(remaining, this.limits.filteredReadSize) : remaining,
          ExclusiveStartKey: startKey,
        }),
      );
      const matched = page.Items ?? [];
      const taken = matched.slice(0, remaining);
      items.push(...taken.map((item) => DetailSchema.parse(item)));
      if (matched.length > remaining) {
        // Read past the page: continue after the last item returned, not after the last read.
        return { items, nextCursor: encodeCursor(keyOf(taken.at(-1)!, vehiclePk)) };
      }
      startKey = page.LastEvaluatedKey;
      if (!startKey || items.length === query.limit) break;
    }
    return { items, nextCursor: encodeCursor(startKey) };
  }
}

/** The key DynamoDB would give as LastEvaluatedKey after `item` (table keys, plus the index's). */
function keyOf(item: Record<string, unknown>, vehiclePk: string | undefined): Record<string, unknown> {
  return { pk: item.pk, sk: item.sk, ...(vehiclePk ? { vehiclePk: item.vehiclePk } : {}) };
}

/**
 * A cursor must be a key of this very list (same export, same index, within the range): anything
 * else would make DynamoDB refuse the query (a 500) or start outside the export's details.
 */
function detailCursor(
  cursor: string | undefined,
  list: { pk: string; vehiclePk: string | undefined; upper: string },
): Record<string, unknown> | undefined {
  const key = decodeCursor(cursor, list.pk);
  if (key === undefined) return undefined;
  const shape = z.strictObject({
    pk: z.literal(list.pk),
    // Above the range only if the client changed `to` between pages.
    sk: z.string().refine((sk) => sk <= list.upper),
    ...(list.vehiclePk ? { vehiclePk: z.literal(list.vehiclePk) } : {}),
  });
  const parsed = shape.safeParse(key);
  if (parsed.success) return parsed.data;
  throw new ValidationError('INVALID_CURSOR', 'The cursor is not valid for this list.', [
    { path: 'query.cursor', message: 'not a cursor of this list' },
  ]);
}
