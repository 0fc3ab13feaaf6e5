import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { admitEverything } from '../../shared/application/delta/lock-policy';
import { memoPerKey } from '../../shared/application/memo-per-key';
import { routeStockChange } from '../../shared/application/route-stock-change';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { stockChangeOf } from '../../shared/adapters/dynamodb/stock-stream';
import { SqsSyncQueue } from '../../shared/adapters/sqs/sync-queue';
import { dynamoDocumentClient, sqsClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { logger, metrics, observability } from '../../shared/runtime/observability';
import { MetricUnit } from '@aws-lambda-powertools/metrics';

const config = loadConfig({ EXPORTS_TABLE_NAME: required, DELTA_QUEUE_URL: required });
const exportsRepository = new DynamoExportsRepository(dynamoDocumentClient(), config.EXPORTS_TABLE_NAME);
const syncQueue = new SqsSyncQueue(sqsClient(), config.DELTA_QUEUE_URL);
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** Stock stream → one sync message per (push export, changed vehicle). Failures retry per record. */
export const handler = middy<DynamoDBStreamEvent>()
  .use(observability())
  .handler((event, context) => {
    // A batch holds many changes of few dealers: each dealer's exports are read once per batch.
    const deps = {
      exports: { listExports: memoPerKey((dealerId) => exportsRepository.listExports(dealerId)) },
      syncQueue,
      lockPolicy: admitEverything,
    };
    const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
      const change = stockChangeOf(record);
      if (!change) return;
      const sent = await routeStockChange(change, deps);
      metrics.addMetric('SyncMessagesSent', MetricUnit.Count, sent);
      logger.debug('stock change routed', { dealerId: change.dealerId, vehicleId: change.vehicleId, sent });
    };
    return processPartialResponse(event, handleRecord, processor, { context });
  });
