import { SqsFifoPartialProcessorAsync, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { runJob } from '../../shared/application/run-job';
import { DynamoCustomAppStore } from '../../shared/adapters/dynamodb/custom-apps-table';
import { DynamoDetailRepository } from '../../shared/adapters/dynamodb/export-details-table';
import { DynamoExportStatsTable } from '../../shared/adapters/dynamodb/export-stats-table';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoListingStore } from '../../shared/adapters/dynamodb/listings-table';
import { DynamoMatchStore } from '../../shared/adapters/dynamodb/match-table';
import { DynamoStockRepository } from '../../shared/adapters/dynamodb/stock-table';
import { SqsSyncQueue } from '../../shared/adapters/sqs/sync-queue';
import { systemClock } from '../../shared/adapters/system-clock';
import { BuiltInAndCustomAppCatalog } from '../../shared/application/apps/app-catalog';
import { AppTargetResolver } from '../../shared/application/delta/resolve-target';
import { fullTransferRunner, removeListingsRunner } from '../../shared/application/exports/run-full-transfer';
import { AppFeedResolver } from '../../shared/application/feeds/resolve-feed';
import { feedRunner } from '../../shared/application/feeds/run-feed';
import { StoredListingPreferences } from '../../shared/application/delta/listing-preferences';
import { matchRunner } from '../../shared/application/match/run-match';
import { countingErrors } from '../../shared/application/stats/counting-errors';
import { feedRendererFor } from '../../shared/adapters/feeds/render/feed-renderer-for';
import { TempFileSpool } from '../../shared/adapters/feeds/temp-file-spool';
import { DynamoFeedRunStore } from '../../shared/adapters/dynamodb/feed-runs-table';
import { DynamoLockStore } from '../../shared/adapters/dynamodb/export-locks-table';
import { DynamoDealerSettingsStore } from '../../shared/adapters/dynamodb/stock-settings';
import { SesMailer } from '../../shared/adapters/email/ses-mailer';
import { feedDelivery } from '../../shared/runtime/feed-delivery';
import { JobMessageSchema } from '../../shared/domain/job';
import { dynamoDocumentClient, sesClient, sqsClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { createDealerSecretSealer } from '../../shared/runtime/dealer-secrets';
import { createListingConnectors } from '../../shared/runtime/listing-connectors';
import { logger, metrics, observability, portLogger } from '../../shared/runtime/observability';
import { MetricUnit } from '@aws-lambda-powertools/metrics';

const config = loadConfig({
  EXPORTS_TABLE_NAME: required,
  STOCK_TABLE_NAME: required,
  EXPORT_DETAILS_TABLE_NAME: required,
  DELTA_QUEUE_URL: required,
  EMAIL_SENDER: required,
});
const documents = dynamoDocumentClient();
const exportsRepository = new DynamoExportsRepository(documents, config.EXPORTS_TABLE_NAME);
const catalog = new BuiltInAndCustomAppCatalog(
  new DynamoCustomAppStore(documents, config.EXPORTS_TABLE_NAME),
);
const sealer = await createDealerSecretSealer();
const targets = new AppTargetResolver(catalog, sealer, await createListingConnectors());
const stock = new DynamoStockRepository(documents, config.STOCK_TABLE_NAME);
const listings = new DynamoListingStore(documents, config.EXPORTS_TABLE_NAME);
const syncQueue = new SqsSyncQueue(sqsClient(), config.DELTA_QUEUE_URL);
const details = countingErrors(
  new DynamoDetailRepository(documents, config.EXPORT_DETAILS_TABLE_NAME),
  new DynamoExportStatsTable(documents, config.EXPORTS_TABLE_NAME),
);
const dealerSettings = new DynamoDealerSettingsStore(documents, config.STOCK_TABLE_NAME);
const deps = {
  jobs: exportsRepository,
  runners: {
    match: matchRunner({
      exports: exportsRepository,
      stock,
      listings,
      matches: new DynamoMatchStore(documents, config.EXPORTS_TABLE_NAME),
      targets,
      syncQueue,
      details,
      clock: systemClock,
      log: portLogger,
    }),
    'full-transfer': fullTransferRunner({ exports: exportsRepository, stock, listings, syncQueue }),
    'remove-listings': removeListingsRunner({ exports: exportsRepository, listings, syncQueue }),
    feed: feedRunner({
      exports: exportsRepository,
      stock,
      bookings: listings,
      feeds: new AppFeedResolver(
        catalog,
        sealer,
        feedRendererFor,
        new StoredListingPreferences(dealerSettings),
      ),
      spool: new TempFileSpool(),
      delivery: feedDelivery(),
      runs: new DynamoFeedRunStore(documents, config.EXPORTS_TABLE_NAME),
      locks: new DynamoLockStore(documents, config.EXPORTS_TABLE_NAME),
      mailer: new SesMailer(sesClient(), config.EMAIL_SENDER),
      details,
      recipientsOf: async (dealerId: string) =>
        (await dealerSettings.getSettings(dealerId))?.lockRecipients ?? [],
      clock: systemClock,
      log: portLogger,
    }),
  },
  clock: systemClock,
  log: portLogger,
};

async function handleRecord(record: SQSRecord): Promise<void> {
  const message = JobMessageSchema.parse(JSON.parse(record.body));
  const job = await runJob(message, deps);
  if (job) metrics.addMetric(job.state === 'done' ? 'JobsDone' : 'JobsFailed', MetricUnit.Count, 1);
  logger.info('job finished', { exportId: message.exportId, jobId: message.jobId, state: job?.state });
}

/** Jobs worker: one job per message, progress stored on the job. */
export const handler = middy<SQSEvent>()
  .use(observability())
  .handler((event, context) =>
    // A processor per invocation: it holds the batch's records, and the local stack runs
    // invocations of one module side by side (Lambda never does).
    processPartialResponse(event, handleRecord, new SqsFifoPartialProcessorAsync(), {
      context,
      skipGroupOnError: true,
    }),
  );
