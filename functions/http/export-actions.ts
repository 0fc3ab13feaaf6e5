import middy from '@middy/core';
import { DynamoCustomAppStore } from '../../shared/adapters/dynamodb/custom-apps-table';
import { DynamoDetailRepository } from '../../shared/adapters/dynamodb/export-details-table';
import { DynamoLockStore } from '../../shared/adapters/dynamodb/export-locks-table';
import { DynamoExportStatsTable } from '../../shared/adapters/dynamodb/export-stats-table';
import { DynamoExportStore } from '../../shared/adapters/dynamodb/exports-store';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoListingStore } from '../../shared/adapters/dynamodb/listings-table';
import { DynamoStockRepository } from '../../shared/adapters/dynamodb/stock-table';
import { SqsJobQueue, SqsSyncQueue } from '../../shared/adapters/sqs/sync-queue';
import { systemClock } from '../../shared/adapters/system-clock';
import { BuiltInAndCustomAppCatalog } from '../../shared/application/apps/app-catalog';
import { setBookings } from '../../shared/application/exports/set-bookings';
import { startFullTransfer } from '../../shared/application/exports/start-full-transfer';
import { unlockExport } from '../../shared/application/exports/unlock-export';
import { BookingsBodySchema } from '../../shared/contract/export-actions';
import { dynamoDocumentClient, sqsClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { callerOf } from '../../shared/runtime/http/dealer';
import { httpEdge } from '../../shared/runtime/http/http-edge';
import { routeTable } from '../../shared/runtime/http/route-table';
import { parseBody, pathParameter } from '../../shared/runtime/http/validate';
import { observability, portLogger } from '../../shared/runtime/observability';

const config = loadConfig({
  STOCK_TABLE_NAME: required,
  EXPORTS_TABLE_NAME: required,
  EXPORT_DETAILS_TABLE_NAME: required,
  DELTA_QUEUE_URL: required,
  JOBS_QUEUE_URL: required,
});
const documents = dynamoDocumentClient();
const deps = {
  exports: new DynamoExportStore(documents, config.EXPORTS_TABLE_NAME),
  apps: new BuiltInAndCustomAppCatalog(new DynamoCustomAppStore(documents, config.EXPORTS_TABLE_NAME)),
  vehicles: new DynamoStockRepository(documents, config.STOCK_TABLE_NAME),
  listings: new DynamoListingStore(documents, config.EXPORTS_TABLE_NAME),
  locks: new DynamoLockStore(documents, config.EXPORTS_TABLE_NAME),
  jobs: new DynamoExportsRepository(documents, config.EXPORTS_TABLE_NAME),
  details: new DynamoDetailRepository(documents, config.EXPORT_DETAILS_TABLE_NAME),
  syncQueue: new SqsSyncQueue(sqsClient(), config.DELTA_QUEUE_URL),
  jobQueue: new SqsJobQueue(sqsClient(), config.JOBS_QUEUE_URL),
  counters: new DynamoExportStatsTable(documents, config.EXPORTS_TABLE_NAME),
  clock: systemClock,
  logger: portLogger,
};

/** Export control actions: unlock, full transfer, additional bookings. */
export const handler = middy()
  .use(observability({ metrics: false }))
  .use(httpEdge())
  .handler(
    routeTable({
      'POST /v1/exports/{exportId}/unlock': async (event) => ({
        status: 200,
        body: await unlockExport(deps, callerOf(event).dealerId, pathParameter(event, 'exportId')),
      }),
      'POST /v1/exports/{exportId}/full-transfer': async (event) => ({
        status: 202,
        body: await startFullTransfer(deps, callerOf(event).dealerId, pathParameter(event, 'exportId')),
      }),
      'PUT /v1/exports/{exportId}/vehicles/{vehicleId}/bookings': async (event) => {
        const { features } = parseBody(BookingsBodySchema, event);
        return {
          status: 200,
          body: await setBookings(
            deps,
            callerOf(event).dealerId,
            pathParameter(event, 'exportId'),
            pathParameter(event, 'vehicleId'),
            features,
          ),
        };
      },
    }),
  );
