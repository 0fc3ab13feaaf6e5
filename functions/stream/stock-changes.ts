import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { SesMailer } from '../../shared/adapters/email/ses-mailer';
import { DynamoDetailRepository } from '../../shared/adapters/dynamodb/export-details-table';
import { DynamoLockStore } from '../../shared/adapters/dynamodb/export-locks-table';
import { DynamoExportStatsTable } from '../../shared/adapters/dynamodb/export-stats-table';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoDealerSettingsStore } from '../../shared/adapters/dynamodb/stock-settings';
import { stockChangeOf } from '../../shared/adapters/dynamodb/stock-stream';
import { SqsSyncQueue } from '../../shared/adapters/sqs/sync-queue';
import { systemClock } from '../../shared/adapters/system-clock';
import { CoalescingSyncQueue } from '../../shared/application/coalescing-sync-queue';
import { RemovalLockPolicy } from '../../shared/application/locks/removal-lock-policy';
import { memoPerKey } from '../../shared/application/memo-per-key';
import { routeStockChange } from '../../shared/application/route-stock-change';
import { countReleases } from '../../shared/application/stats/count-releases';
import { coalescingReleaseCounter } from '../../shared/application/stats/coalescing-release-counter';
import { dynamoDocumentClient, sesClient, sqsClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { logger, metrics, observability, portLogger } from '../../shared/runtime/observability';

const config = loadConfig({
  STOCK_TABLE_NAME: required,
  EXPORTS_TABLE_NAME: required,
  EXPORT_DETAILS_TABLE_NAME: required,
  DELTA_QUEUE_URL: required,
  EMAIL_SENDER: required,
});
const documents = dynamoDocumentClient();
const exportsRepository = new DynamoExportsRepository(documents, config.EXPORTS_TABLE_NAME);
const dealerSettings = new DynamoDealerSettingsStore(documents, config.STOCK_TABLE_NAME);
const lockDeps = {
  locks: new DynamoLockStore(documents, config.EXPORTS_TABLE_NAME),
  mailer: new SesMailer(sesClient(), config.EMAIL_SENDER),
  details: new DynamoDetailRepository(documents, config.EXPORT_DETAILS_TABLE_NAME),
  clock: systemClock,
  log: portLogger,
};
const syncQueue = new SqsSyncQueue(sqsClient(), config.DELTA_QUEUE_URL);
const releaseCounter = new DynamoExportStatsTable(documents, config.EXPORTS_TABLE_NAME);

/** Stock stream → one sync message per (push export, changed vehicle), unless the lock holds it. */
export const handler = middy<DynamoDBStreamEvent>()
  .use(observability())
  .handler((event, context) => {
    // A batch holds many changes of few dealers: each dealer's exports are read once per batch,
    // the lock policy keeps its removal counts for the batch, and the records' messages go to
    // SQS 10 to a request.
    const deps = {
      exports: { listExports: memoPerKey((dealerId) => exportsRepository.listExports(dealerId)) },
      syncQueue: new CoalescingSyncQueue(syncQueue),
      lockPolicy: new RemovalLockPolicy({
        ...lockDeps,
        recipientsOf: async (dealerId) => (await dealerSettings.getSettings(dealerId))?.lockRecipients ?? [],
      }),
      clock: systemClock,
    };
    const releases = coalescingReleaseCounter(releaseCounter);
    const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
      const change = stockChangeOf(record);
      if (!change) return;
      const sent = await routeStockChange(change, deps);
      // After routing: a failed count retries the record, and routing again is harmless.
      const counted = await countReleases(change, { exports: deps.exports, releases });
      metrics.addMetric('SyncMessagesSent', MetricUnit.Count, sent);
      metrics.addMetric('ReleasesCounted', MetricUnit.Count, counted.filter((c) => c === 'counted').length);
      logger.debug('stock change routed', { dealerId: change.dealerId, vehicleId: change.vehicleId, sent });
    };
    // Per invocation: the processor holds the batch's records, and the local stack runs
    // invocations of one module side by side (Lambda never does).
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    return processPartialResponse(event, handleRecord, processor, { context });
  });
