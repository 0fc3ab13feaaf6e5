import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoCustomAppStore } from '../../shared/adapters/dynamodb/custom-apps-table';
import { DynamoDetailRepository } from '../../shared/adapters/dynamodb/export-details-table';
import { DynamoLockStore } from '../../shared/adapters/dynamodb/export-locks-table';
import { DynamoExportStatsTable } from '../../shared/adapters/dynamodb/export-stats-table';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoListingStore } from '../../shared/adapters/dynamodb/listings-table';
import { DynamoDealerSettingsStore } from '../../shared/adapters/dynamodb/stock-settings';
import { DynamoStockRepository } from '../../shared/adapters/dynamodb/stock-table';
import { withBackoff } from '../../shared/adapters/sqs/backoff';
import { handleFifoGroups } from '../../shared/adapters/sqs/fifo-groups';
import { systemClock } from '../../shared/adapters/system-clock';
import { BuiltInAndCustomAppCatalog } from '../../shared/application/apps/app-catalog';
import { StoredListingPreferences } from '../../shared/application/delta/listing-preferences';
import { AppTargetResolver } from '../../shared/application/delta/resolve-target';
import { prefetchedReads } from '../../shared/application/delta/prefetched-reads';
import { RetryLaterError, syncListing } from '../../shared/application/delta/sync-listing';
import { DetailBuffer } from '../../shared/application/detail-buffer';
import { memoPerKey } from '../../shared/application/memo-per-key';
import { countingErrors } from '../../shared/application/stats/counting-errors';
import { SyncMessageSchema, type SyncMessage } from '../../shared/domain/sync-message';
import { dynamoDocumentClient, sqsClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required, seconds } from '../../shared/runtime/config';
import { createDealerSecretSealer } from '../../shared/runtime/dealer-secrets';
import { createListingConnectors } from '../../shared/runtime/listing-connectors';
import { logger, metrics, observability } from '../../shared/runtime/observability';

const config = loadConfig({
  STOCK_TABLE_NAME: required,
  EXPORTS_TABLE_NAME: required,
  EXPORT_DETAILS_TABLE_NAME: required,
  DELTA_QUEUE_URL: required,
  /** How long a removal waits so that a burst of them can lock the export first (ADR 0006). */
  REMOVAL_SETTLE_SECONDS: seconds(30),
});
const documents = dynamoDocumentClient();
const catalog = new BuiltInAndCustomAppCatalog(
  new DynamoCustomAppStore(documents, config.EXPORTS_TABLE_NAME),
);
const exportsRepository = new DynamoExportsRepository(documents, config.EXPORTS_TABLE_NAME);
const stats = new DynamoExportStatsTable(documents, config.EXPORTS_TABLE_NAME);
const stock = new DynamoStockRepository(documents, config.STOCK_TABLE_NAME);
const listings = new DynamoListingStore(documents, config.EXPORTS_TABLE_NAME);
const batchReads = {
  vehiclesOf: (dealerId: string, ids: readonly string[]) => stock.vehiclesOf(dealerId, ids),
  listingsOf: (exportId: string, ids: readonly string[]) => listings.listingsOf(exportId, ids),
};
const details = countingErrors(
  new DynamoDetailRepository(documents, config.EXPORT_DETAILS_TABLE_NAME),
  stats,
);
const deps = {
  vehicles: stock,
  listings,
  targets: new AppTargetResolver(catalog, await createDealerSecretSealer(), await createListingConnectors()),
  transmissions: stats,
  locks: new DynamoLockStore(documents, config.EXPORTS_TABLE_NAME),
  removalSettleMs: config.REMOVAL_SETTLE_SECONDS * 1000,
  clock: systemClock,
};
const preferences = new StoredListingPreferences(
  new DynamoDealerSettingsStore(documents, config.STOCK_TABLE_NAME),
);
/** The batch's well-formed messages (a malformed one fails on its own when processed). */
function messagesOf(event: SQSEvent): SyncMessage[] {
  return event.Records.flatMap((record) => {
    try {
      const parsed = SyncMessageSchema.safeParse(JSON.parse(record.body));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}

/**
 * Delta worker: one listing brought in step per message; failures come back after a back-off.
 * The batch's vehicles run side by side (each vehicle's messages in order) and their details
 * are written together at the end.
 */
export const handler = middy<SQSEvent>()
  .use(observability())
  .handler(async (event) => {
    // A batch holds many vehicles of few exports: each export and dealer is read once per batch,
    // and the batch's vehicles and listings in two requests up front.
    const readExport = memoPerKey((key) => {
      const [dealerId, exportId] = JSON.parse(key) as [string, string];
      return exportsRepository.getExport(dealerId, exportId);
    });
    const transmittedOnce = memoPerKey((key) => {
      const [dealerId, exportId] = JSON.parse(key) as [string, string];
      return stats.transmitted({ dealerId, exportId }, new Date());
    });
    const reads = await prefetchedReads(messagesOf(event), batchReads, stock, listings).catch(
      // Without the prefetch every message reads for itself: slower, as correct.
      () => ({ vehicles: stock, listings }),
    );
    const batchDetails = new DetailBuffer(details);
    const batchDeps = {
      ...deps,
      ...reads,
      details: batchDetails,
      exports: {
        getExport: (dealerId: string, exportId: string) => readExport(JSON.stringify([dealerId, exportId])),
      },
      preferences: { preferencesOf: memoPerKey((id) => preferences.preferencesOf(id)) },
      // lastTransmissionAt is shown to the minute: one write per export and batch is plenty.
      transmissions: {
        transmitted: (exp: { dealerId: string; exportId: string }) =>
          transmittedOnce(JSON.stringify([exp.dealerId, exp.exportId])),
      },
    };
    const handleRecord = async (record: SQSRecord): Promise<void> => {
      const message = SyncMessageSchema.parse(JSON.parse(record.body));
      const outcome = await syncListing(message, batchDeps);
      metrics.addMetric(`Listings_${outcome}`, MetricUnit.Count, 1);
      logger.info('listing synced', { exportId: message.exportId, vehicleId: message.vehicleId, outcome });
    };
    const response = await handleFifoGroups(
      event.Records,
      withBackoff(handleRecord, sqsClient(), config.DELTA_QUEUE_URL),
      (record, error) => {
        // Settling removals and delayed images come back by design; anything else is a failure.
        const deferred = error instanceof RetryLaterError;
        metrics.addMetric(deferred ? 'Listings_deferred' : 'Listings_failed', MetricUnit.Count, 1);
        const data = {
          messageId: record.messageId,
          error: error instanceof Error ? error.name : 'unknown',
          reason: error instanceof Error ? error.message : String(error),
        };
        if (deferred) logger.info('listing sync comes back later', data);
        else logger.warn('listing sync failed, the message comes back', data);
      },
    );
    // A failure here fails the invocation: the whole batch comes back and finds itself in step.
    await batchDetails.flush();
    return response;
  });
