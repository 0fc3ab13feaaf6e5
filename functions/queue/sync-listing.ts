import { SqsFifoPartialProcessorAsync, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { syncListing } from '../../shared/application/sync-listing';
import { DynamoDetailRepository } from '../../shared/adapters/dynamodb/export-details-table';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoStockRepository } from '../../shared/adapters/dynamodb/stock-table';
import { systemClock } from '../../shared/adapters/system-clock';
import { SyncMessageSchema } from '../../shared/domain/sync-message';
import { dynamoDocumentClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { logger, metrics, observability } from '../../shared/runtime/observability';
import { MetricUnit } from '@aws-lambda-powertools/metrics';

const config = loadConfig({
  STOCK_TABLE_NAME: required,
  EXPORTS_TABLE_NAME: required,
  EXPORT_DETAILS_TABLE_NAME: required,
});
const client = dynamoDocumentClient();
const deps = {
  vehicles: new DynamoStockRepository(client, config.STOCK_TABLE_NAME),
  exports: new DynamoExportsRepository(client, config.EXPORTS_TABLE_NAME),
  details: new DynamoDetailRepository(client, config.EXPORT_DETAILS_TABLE_NAME),
  clock: systemClock,
};
// FIFO: after a failed message, the rest of its group is returned unprocessed (order kept).
const processor = new SqsFifoPartialProcessorAsync();

async function handleRecord(record: SQSRecord): Promise<void> {
  const message = SyncMessageSchema.parse(JSON.parse(record.body));
  const outcome = await syncListing(message, deps);
  metrics.addMetric(outcome === 'recorded' ? 'ListingsSynced' : 'SyncsForGoneExports', MetricUnit.Count, 1);
  logger.info('listing synced', { exportId: message.exportId, vehicleId: message.vehicleId, outcome });
}

/** Delta worker: one listing brought in step per message. */
export const handler = middy<SQSEvent>()
  .use(observability())
  .handler((event, context) =>
    processPartialResponse(event, handleRecord, processor, { context, skipGroupOnError: true }),
  );
