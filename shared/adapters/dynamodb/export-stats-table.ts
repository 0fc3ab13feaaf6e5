import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import type {
  BatchReleaseCounter,
  ErrorCounter,
  ExportCounters,
  ReleaseCount,
  ReleaseTransition,
  TransmissionLog,
} from '../../application/stats/ports';
import type { Export } from '../../domain/export';
import { batchGet } from './batch-get';
import { exportKeys } from './exports-table';

/**
 * The export's counters in the Exports table (keys in exports-table.ts), next to the export item
 * (`DEALER#<dealerId>` / `EXPORT#<exportId>`, whose `lastTransmissionAt`
 * they move), under the export's partition `EXPORT#<exportId>`:
 *
 * | item    | sk                      | attributes                                                  |
 * |---------|-------------------------|-------------------------------------------------------------|
 * | release | `RELEASED#<vehicleId>`  | `released`, `version`; `expiresAt` (TTL) while not released |
 * | count   | `COUNTER#released`      | `count`: vehicles released to the export                     |
 * | errors  | `ERRORS#<yyyy-mm-ddThh>` | `count`, `expiresAt` (TTL, the hour + 48 h)                |
 *
 * `release` is the vehicle's release as counted, written in the same transaction as the ±1 on
 * `count`, so the count always equals the markers with `released = true`. The count is not on the
 * export item: the delta worker's listing transactions move `stats.listed` there, and a shared
 * item would cancel the stream's batched transactions with TransactionConflict.
 * Its `version` makes a repeated or older transition a no-op: a retried stream batch, or records
 * of one batch processed in parallel out of order (ADR 0008).
 */
const releaseKey = (vehicleId: string) => `RELEASED#${vehicleId}`;
/** The released count: an item of its own, so the worker's listing writes on the export item never contend with it. */
const RELEASED_COUNT = 'COUNTER#released';
const errorsKey = (hour: string) => `ERRORS#${hour}`;
/** `yyyy-mm-ddThh` in UTC: ISO strings sort as time does. */
const hourOf = (at: Date) => at.toISOString().slice(0, 13);

const HOUR_MS = 3_600_000;
/** The current hour and the 23 before it. */
const ERROR_HOURS = 24;
const ERRORS_KEEP_SECONDS = 48 * 3600;
/** Past the stream's retention (24 h) no older transition can arrive: the marker may go. */
const UNRELEASED_KEEP_SECONDS = 48 * 3600;
const TRANSMISSION_PRECISION_MS = 60_000;
/** Concurrent transitions of the same export contend for its item: a few quick retries. */
const RELEASE_ATTEMPTS = 5;
/** A transaction holds at most 100 items: 99 markers and the export's counter. */
const BATCH_TRANSITIONS = 99;

const MarkerSchema = z.object({ released: z.boolean(), version: z.number().int() });
type Marker = z.infer<typeof MarkerSchema>;
const BucketSchema = z.object({ count: z.number().int() });

export class DynamoExportStatsTable
  implements BatchReleaseCounter, ErrorCounter, ExportCounters, TransmissionLog
{
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async countRelease(transition: ReleaseTransition): Promise<ReleaseCount> {
    for (let attempt = 1; ; attempt++) {
      const marker = await this.marker(transition);
      if (marker && marker.version === transition.version) return 'already-counted';
      if (marker && marker.version > transition.version) return 'superseded';
      const counted = marker?.released ?? false;
      try {
        if (counted === transition.released) {
          // Nothing to count, but the version must be kept: an older transition may still come.
          await this.client.send(new PutCommand(this.putMarker(transition, marker)));
          return 'unchanged';
        }
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: this.putMarker(transition, marker) },
              { Update: this.releasedCountUpdate(transition, transition.released ? 1 : -1) },
            ],
          }),
        );
        return 'counted';
      } catch (error) {
        const reasons = cancellationCodes(error);
        // The marker changed since it was read, or another transaction held the export item.
        const contended =
          error instanceof ConditionalCheckFailedException ||
          reasons.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict');
        if (!contended || attempt >= RELEASE_ATTEMPTS) throw error;
        await sleep(Math.random() * 20 * 2 ** attempt);
      }
    }
  }

  async countReleases(transitions: readonly ReleaseTransition[]): Promise<ReleaseCount[]> {
    const counts: ReleaseCount[] = new Array<ReleaseCount>(transitions.length);
    // Per vehicle only its latest transition of the batch can count; the others are superseded.
    const latest = new Map<string, number>();
    transitions.forEach((transition, index) => {
      const current = latest.get(transition.vehicleId);
      if (current === undefined || transitions[current]!.version < transition.version) {
        if (current !== undefined) counts[current] = 'superseded';
        latest.set(transition.vehicleId, index);
      } else {
        counts[index] =
          transitions[current]!.version === transition.version ? 'already-counted' : 'superseded';
      }
    });
    const indexes = [...latest.values()];
    for (let start = 0; start < indexes.length; start += BATCH_TRANSITIONS) {
      await this.countChunk(transitions, indexes.slice(start, start + BATCH_TRANSITIONS), counts);
    }
    return counts;
  }

  /** One read of the chunk's markers and one transaction; on a conflict, one by one. */
  private async countChunk(
    transitions: readonly ReleaseTransition[],
    indexes: readonly number[],
    counts: ReleaseCount[],
  ): Promise<void> {
    const markers = await this.markers(indexes.map((index) => transitions[index]!));
    const puts: { Put: ReturnType<DynamoExportStatsTable['putMarker']> }[] = [];
    const written: number[] = [];
    let change = 0;
    for (const index of indexes) {
      const transition = transitions[index]!;
      const marker = markers.get(transition.vehicleId);
      if (marker && marker.version === transition.version) counts[index] = 'already-counted';
      else if (marker && marker.version > transition.version) counts[index] = 'superseded';
      else {
        const flips = (marker?.released ?? false) !== transition.released;
        counts[index] = flips ? 'counted' : 'unchanged';
        if (flips) change += transition.released ? 1 : -1;
        puts.push({ Put: this.putMarker(transition, marker) });
        written.push(index);
      }
    }
    if (puts.length === 0) return;
    const first = transitions[indexes[0]!]!;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...puts,
            ...(change === 0 ? [] : [{ Update: this.releasedCountUpdate(first, change) }]),
          ],
        }),
      );
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      // A marker changed since it was read, the export item was busy or is gone: the careful way.
      for (const index of written) counts[index] = await this.countRelease(transitions[index]!);
    }
  }

  private async markers(transitions: readonly ReleaseTransition[]): Promise<Map<string, Marker>> {
    const keys = transitions.map((transition) => ({
      pk: exportKeys.export(transition.exportId),
      sk: releaseKey(transition.vehicleId),
    }));
    const items = await batchGet(this.client, this.tableName, keys);
    return new Map(items.map((item) => [String(item.vehicleId), MarkerSchema.parse(item)]));
  }

  async releasedOf(exportId: string): Promise<number> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: exportKeys.export(exportId), sk: RELEASED_COUNT },
      }),
    );
    return Item ? BucketSchema.parse(Item).count : 0;
  }

  async countError(exportId: string, at: Date): Promise<void> {
    const hour = hourOf(at);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: exportKeys.export(exportId), sk: errorsKey(hour) },
        UpdateExpression: 'ADD #count :one SET expiresAt = :expires',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':expires': Math.floor(Date.parse(`${hour}:00:00.000Z`) / 1000) + ERRORS_KEEP_SECONDS,
        },
      }),
    );
  }

  /** One query of at most 24 small items; buckets outside the window are never read. */
  async errorsLast24h(exportId: string, now: Date): Promise<number> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: {
          ':pk': exportKeys.export(exportId),
          ':first': errorsKey(hourOf(new Date(now.getTime() - (ERROR_HOURS - 1) * HOUR_MS))),
          ':last': errorsKey(hourOf(now)),
        },
        ProjectionExpression: '#count',
      }),
    );
    return (Items ?? []).reduce((sum, item) => sum + BucketSchema.parse(item).count, 0);
  }

  /**
   * Written only when the stored value is absent, null or more than a minute older, so that a
   * busy export's item changes at most once a minute; a refused condition is that case.
   */
  async transmitted(exp: Pick<Export, 'dealerId' | 'exportId'>, at: Date): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: exportKeys.dealer(exp.dealerId), sk: exportKeys.export(exp.exportId) },
          UpdateExpression: 'SET lastTransmissionAt = :at',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(lastTransmissionAt) OR ' +
            'attribute_type(lastTransmissionAt, :null) OR lastTransmissionAt < :stale)',
          ExpressionAttributeValues: {
            ':at': at.toISOString(),
            ':null': 'NULL',
            ':stale': new Date(at.getTime() - TRANSMISSION_PRECISION_MS).toISOString(),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  }

  private async marker(transition: ReleaseTransition): Promise<Marker | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: exportKeys.export(transition.exportId), sk: releaseKey(transition.vehicleId) },
        ConsistentRead: true,
      }),
    );
    return Item ? MarkerSchema.parse(Item) : undefined;
  }

  /** The marker of the transition, on condition that it is still the one read. */
  private putMarker(transition: ReleaseTransition, read: Marker | undefined) {
    const expiresAt = transition.released
      ? {}
      : { expiresAt: Math.floor(Date.now() / 1000) + UNRELEASED_KEEP_SECONDS };
    return {
      TableName: this.tableName,
      Item: {
        pk: exportKeys.export(transition.exportId),
        sk: releaseKey(transition.vehicleId),
        vehicleId: transition.vehicleId,
        released: transition.released,
        version: transition.version,
        ...expiresAt,
      },
      ...(read
        ? {
            ConditionExpression: 'version = :read',
            ExpressionAttributeValues: { ':read': read.version },
          }
        : { ConditionExpression: 'attribute_not_exists(pk)' }),
    };
  }

  private releasedCountUpdate(transition: ReleaseTransition, change: number) {
    return {
      TableName: this.tableName,
      Key: { pk: exportKeys.export(transition.exportId), sk: RELEASED_COUNT },
      UpdateExpression: 'ADD #count :change',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':change': change },
    };
  }
}

/** The cancellation reason of each item of a cancelled transaction; none for other errors. */
function cancellationCodes(error: unknown): (string | undefined)[] {
  if (!(error instanceof TransactionCanceledException)) return [];
  return (error.CancellationReasons ?? []).map((reason) => reason.Code);
}
