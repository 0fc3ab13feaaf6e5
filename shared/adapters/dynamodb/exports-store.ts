import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type {
  CreateExportOutcome,
  ExportPage,
  ExportPageRequest,
  ExportStore,
} from '../../application/exports/ports';
import { ValidationError } from '../../domain/errors';
import { ExportSchema, type Export } from '../../domain/export';
import { decodeCursor, encodeCursor } from './cursor';
import { exportItem, exportKeys } from './exports-table';

/** The activation guard item (key table in exports-table.ts). */
const GuardSchema = z.object({ exportId: z.string(), appId: z.string() });

/**
 * Exports of the activation and export-control routes, with the one-active-export-per-app guard.
 * Every key starts with the caller's dealer partition, so another dealer's export is simply not
 * found. Items are parsed with the domain schema on the way back.
 */
export class DynamoExportStore implements ExportStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async activeExportId(dealerId: string, appId: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.guardKey(dealerId, appId),
        ConsistentRead: true,
      }),
    );
    return Item ? GuardSchema.parse(Item).exportId : undefined;
  }

  async createExport(exp: Export, options: { customApp: boolean }): Promise<CreateExportOutcome> {
    const absent = 'attribute_not_exists(pk)';
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...this.guardKey(exp.dealerId, exp.appId), exportId: exp.exportId, appId: exp.appId },
                ConditionExpression: absent,
              },
            },
            { Put: { TableName: this.tableName, Item: exportItem(exp), ConditionExpression: absent } },
            // A custom app deleted between the read and this write must not get an export.
            ...(options.customApp
              ? [
                  {
                    ConditionCheck: {
                      TableName: this.tableName,
                      Key: { pk: exportKeys.dealer(exp.dealerId), sk: exportKeys.app(exp.appId) },
                      ConditionExpression: 'attribute_exists(pk)',
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return 'created';
    } catch (error) {
      const failed = failedConditions(error);
      if (failed[0]) return 'already-active';
      if (failed[2]) return 'app-gone';
      throw error;
    }
  }

  async getExport(dealerId: string, exportId: string): Promise<Export | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.exportKey(dealerId, exportId),
        ConsistentRead: true,
      }),
    );
    return Item ? ExportSchema.parse(Item) : undefined;
  }

  async listExports(dealerId: string, page: ExportPageRequest): Promise<ExportPage> {
    const pk = exportKeys.dealer(dealerId);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': 'EXPORT#' },
        // Export ids sort by creation time: descending is newest first.
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: exportCursor(page.cursor, pk),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => ExportSchema.parse(item)),
      nextCursor: encodeCursor(result.LastEvaluatedKey),
    };
  }

  async replaceSettings(
    exp: Export,
    change: { settings: Record<string, unknown>; secretPaths: readonly string[]; at: Date },
  ): Promise<Export | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.exportKey(exp.dealerId, exp.exportId),
          UpdateExpression: 'SET settings = :settings, secretPaths = :paths, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND #status <> :inactive',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':settings': change.settings,
            ':paths': change.secretPaths,
            ':at': change.at.toISOString(),
            ':inactive': 'inactive',
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

  async deactivate(exp: Export, change: { removeListings: boolean; at: Date }): Promise<Export | undefined> {
    const markInactive = this.markInactive(exp, change);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: markInactive },
            {
              // Frees the app for a new activation; never a guard that belongs to another export.
              Delete: {
                TableName: this.tableName,
                Key: this.guardKey(exp.dealerId, exp.appId),
                ConditionExpression: 'attribute_not_exists(pk) OR exportId = :exportId',
                ExpressionAttributeValues: { ':exportId': exp.exportId },
              },
            },
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (failed[0]) return undefined;
      if (!failed[1]) throw error;
      // An export without the guard (written before guards existed): deactivate it alone.
      try {
        await this.client.send(new UpdateCommand(markInactive));
      } catch (retryError) {
        if (retryError instanceof ConditionalCheckFailedException) return undefined;
        throw retryError;
      }
    }
    return this.getExport(exp.dealerId, exp.exportId);
  }

  private markInactive(exp: Export, change: { removeListings: boolean; at: Date }) {
    const at = change.at.toISOString();
    return {
      TableName: this.tableName,
      Key: this.exportKey(exp.dealerId, exp.exportId),
      UpdateExpression:
        'SET #status = :inactive, removeListings = :remove, deactivatedAt = :at, updatedAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND #status <> :inactive',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':inactive': 'inactive', ':remove': change.removeListings, ':at': at },
    };
  }

  private exportKey(dealerId: string, exportId: string) {
    return { pk: exportKeys.dealer(dealerId), sk: exportKeys.export(exportId) };
  }

  private guardKey(dealerId: string, appId: string) {
    return { pk: exportKeys.dealer(dealerId), sk: exportKeys.activation(appId) };
  }
}

/** Which items of a cancelled transaction failed their condition (by position); none otherwise. */
function failedConditions(error: unknown): boolean[] {
  if (!(error instanceof TransactionCanceledException)) return [];
  return (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed');
}

/**
 * A list cursor must be an export key of the caller's partition: anything else would make DynamoDB
 * reject the query (a 500) or start outside the exports.
 */
function exportCursor(cursor: string | undefined, pk: string): Record<string, unknown> | undefined {
  const key = decodeCursor(cursor, pk);
  if (key === undefined) return undefined;
  const parsed = z.strictObject({ pk: z.literal(pk), sk: z.string().startsWith('EXPORT#') }).safeParse(key);
  if (parsed.success) return parsed.data;
  throw new ValidationError('INVALID_CURSOR', 'The cursor is not valid for this list.', [
    { path: 'query.cursor', message: 'not a cursor of this list' },
  ]);
}
