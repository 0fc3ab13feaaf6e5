import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { admitEverything } from '../../shared/application/delta/lock-policy';
import { routeStockChange } from '../../shared/application/route-stock-change';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { stockChangeOf } from '../../shared/adapters/dynamodb/stock-stream';
import { SqsSyncQueue } from '../../shared/adapters/sqs/sync-queue';
import { dynamoDocumentClient, sqsClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { logger, metrics, observability } from '../../shared/runtime/observability';
import { MetricUnit } from '@aws-lambda-powertools/metrics';

const config = loadConfig({ EXPORTS_TABLE_NAME: required, DELTA_QUEUE_URL: required });
const deps = {
  exports: new DynamoExportsRepository(dynamoDocumentClient(), config.EXPORTS_TABLE_NAME),
  syncQueue: new SqsSyncQueue(sqsClient(), config.DELTA_QUEUE_URL),
  lockPolicy: admitEverything,
};
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function handleRecord(record: DynamoDBRecord): Promise<void> {
  const change = stockChangeOf(record);
  if (!change) return;
  const sent = await routeStockChange(change, deps);
  metrics.addMetric('SyncMessagesSent', MetricUnit.Count, sent);
  logger.debug('stock change routed', { dealerId: change.dealerId, vehicleId: change.vehicleId, sent });
}

/** Stock stream → one sync message per (push export, changed vehicle). Failures retry per record. */
export const handler = middy<DynamoDBStreamEvent>()
  .use(observability())
  .handler((event, context) => processPartialResponse(event, handleRecord, processor, { context }));
