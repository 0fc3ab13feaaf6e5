import middy from '@middy/core';
import { DynamoCustomAppStore } from '../../shared/adapters/dynamodb/custom-apps-table';
import { DynamoDetailRepository } from '../../shared/adapters/dynamodb/export-details-table';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoMatchStore } from '../../shared/adapters/dynamodb/match-table';
import { DynamoStockRepository } from '../../shared/adapters/dynamodb/stock-table';
import { SqsSyncQueue } from '../../shared/adapters/sqs/sync-queue';
import { systemClock } from '../../shared/adapters/system-clock';
import { BuiltInAndCustomAppCatalog } from '../../shared/application/apps/app-catalog';
import { AppTargetResolver } from '../../shared/application/delta/resolve-target';
import { assignMatch, type AssignMatchDeps } from '../../shared/application/match/assign-match';
import { getMatch } from '../../shared/application/match/get-match';
import { MatchAssignmentBodySchema } from '../../shared/contract/export-match';
import { dynamoDocumentClient, sqsClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { createDealerSecretSealer } from '../../shared/runtime/dealer-secrets';
import { callerOf } from '../../shared/runtime/http/dealer';
import { httpEdge } from '../../shared/runtime/http/http-edge';
import { routeTable } from '../../shared/runtime/http/route-table';
import { parseBody, pathParameter } from '../../shared/runtime/http/validate';
import { createListingConnectors } from '../../shared/runtime/listing-connectors';
import { observability } from '../../shared/runtime/observability';

const config = loadConfig({
  STOCK_TABLE_NAME: required,
  EXPORTS_TABLE_NAME: required,
  EXPORT_DETAILS_TABLE_NAME: required,
  DELTA_QUEUE_URL: required,
});
const documents = dynamoDocumentClient();
const catalog = new BuiltInAndCustomAppCatalog(
  new DynamoCustomAppStore(documents, config.EXPORTS_TABLE_NAME),
);
const deps: AssignMatchDeps = {
  exports: new DynamoExportsRepository(documents, config.EXPORTS_TABLE_NAME),
  vehicles: new DynamoStockRepository(documents, config.STOCK_TABLE_NAME),
  matches: new DynamoMatchStore(documents, config.EXPORTS_TABLE_NAME),
  targets: new AppTargetResolver(catalog, await createDealerSecretSealer(), await createListingConnectors()),
  syncQueue: new SqsSyncQueue(sqsClient(), config.DELTA_QUEUE_URL),
  details: new DynamoDetailRepository(documents, config.EXPORT_DETAILS_TABLE_NAME),
  clock: systemClock,
};

/** The inventory match of an export: its state, and the dealer's one-time assignment of a listing. */
export const handler = middy()
  .use(observability({ metrics: false }))
  .use(httpEdge())
  .handler(
    routeTable({
      'GET /v1/exports/{exportId}/match': async (event) => ({
        status: 200,
        body: await getMatch(deps, callerOf(event).dealerId, pathParameter(event, 'exportId')),
      }),
      'PUT /v1/exports/{exportId}/match/{listingRef}': async (event) => {
        const { dealerId } = callerOf(event);
        const decision = parseBody(MatchAssignmentBodySchema, event);
        const exportId = pathParameter(event, 'exportId');
        const listingRef = pathParameter(event, 'listingRef');
        return { status: 200, body: await assignMatch(deps, dealerId, exportId, listingRef, decision) };
      },
    }),
  );
