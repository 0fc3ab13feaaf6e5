import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import * as z from 'zod';
import { contentHash } from '../../domain/listing';
import type { StockChange } from '../../domain/stock-change';
import { stockKeys } from './stock-table';

const ImageSchema = z.looseObject({
  version: z.number().int().min(0),
  releases: z.record(z.string(), z.boolean()).default({}),
});
/**
 * Reads a stock stream record as a change of a vehicle. Undefined for what is not a dealer's
 * change of a vehicle: other items, and TTL removals by the DynamoDB service (the event filter
 * drops those already; this is the second line of defence, because a TTL removal taken for a
 * deletion would delete a listing).
 */
export function stockChangeOf(record: DynamoDBRecord): StockChange | undefined {
  const identity = record.userIdentity as { type?: string } | undefined;
  if (identity?.type === 'Service') return undefined;
  const keys = record.dynamodb?.Keys;
  if (!keys) return undefined;
  const { pk, sk } = unmarshall(keys as Record<string, AttributeValue>) as { pk?: unknown; sk?: unknown };
  if (typeof pk !== 'string' || typeof sk !== 'string') return undefined;
  const ids = stockKeys.parseVehicleKeys(pk, sk);
  if (!ids) return undefined;

  const removed = record.eventName === 'REMOVE';
  const readImage = (image: unknown) =>
    image ? ImageSchema.parse(unmarshall(image as Record<string, AttributeValue>)) : undefined;
  const before = readImage(record.dynamodb?.OldImage);
  const after = readImage(record.dynamodb?.NewImage);
  // A rewrite with the same content (an API PUT of what was there) concerns no platform.
  if (!removed && before && after && sameContent(before, after)) return undefined;
  const version = (removed ? before?.version : after?.version) ?? 0;
  return {
    ...ids,
    kind: removed ? 'removed' : 'upserted',
    // A deletion is one more version of the vehicle: its messages must not share a deduplication
    // id with the last update's (FIFO drops repeats of an id for 5 minutes).
    version: removed ? version + 1 : version,
    releasedBefore: before?.releases ?? {},
    releasedAfter: removed ? {} : (after?.releases ?? {}),
  };
}

/** Equal apart from the bookkeeping every write changes. */
function sameContent(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  const content = ({ version: _version, updatedAt: _updatedAt, ...rest }: Record<string, unknown>) => rest;
  return contentHash(content(before)) === contentHash(content(after));
}
