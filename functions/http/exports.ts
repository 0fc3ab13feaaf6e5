import middy from '@middy/core';
import { AutoScout24Client } from '../../shared/adapters/connectors/autoscout24/client';
import { MobileDeClient } from '../../shared/adapters/connectors/mobile-de/client';
import { PlatformProviderAccess } from '../../shared/adapters/connectors/provider-access';
import { DynamoCustomAppStore } from '../../shared/adapters/dynamodb/custom-apps-table';
import { DynamoExportStatsTable } from '../../shared/adapters/dynamodb/export-stats-table';
import { DynamoExportStore } from '../../shared/adapters/dynamodb/exports-store';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { SqsJobQueue } from '../../shared/adapters/sqs/sync-queue';
import { systemClock } from '../../shared/adapters/system-clock';
import { BuiltInAndCustomAppCatalog } from '../../shared/application/apps/app-catalog';
import { activateExport } from '../../shared/application/exports/activate-export';
import { deactivateExport } from '../../shared/application/exports/deactivate-export';
import type { ExportsDeps } from '../../shared/application/exports/exports-deps';
import { getExport, listExports } from '../../shared/application/exports/read-exports';
import { updateExportSettings } from '../../shared/application/exports/update-export-settings';
import { ListQuerySchema } from '../../shared/contract/common';
import { DeactivationQuerySchema, ExportSettingsBodySchema } from '../../shared/contract/exports';
import { dynamoDocumentClient, sqsClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { createDealerSecretSealer } from '../../shared/runtime/dealer-secrets';
import { callerOf } from '../../shared/runtime/http/dealer';
import { httpEdge } from '../../shared/runtime/http/http-edge';
import { routeTable } from '../../shared/runtime/http/route-table';
import { parseBody, parseQuery, pathParameter } from '../../shared/runtime/http/validate';
import { observability, portLogger } from '../../shared/runtime/observability';
import { platformCredentials } from '../../shared/runtime/platform-credentials';

const config = loadConfig({ EXPORTS_TABLE_NAME: required, JOBS_QUEUE_URL: required });
const documents = dynamoDocumentClient();
const credentials = await platformCredentials();
const deps: ExportsDeps = {
  apps: new BuiltInAndCustomAppCatalog(new DynamoCustomAppStore(documents, config.EXPORTS_TABLE_NAME)),
  exports: new DynamoExportStore(documents, config.EXPORTS_TABLE_NAME),
  providerAccess: new PlatformProviderAccess({
    'mobile.de': new MobileDeClient(credentials.mobileDe),
    AutoScout24: new AutoScout24Client(credentials.autoScout24),
  }),
  sealer: await createDealerSecretSealer(),
  clock: systemClock,
  logger: portLogger,
  jobs: new DynamoExportsRepository(documents, config.EXPORTS_TABLE_NAME),
  jobQueue: new SqsJobQueue(sqsClient(), config.JOBS_QUEUE_URL),
  counters: new DynamoExportStatsTable(documents, config.EXPORTS_TABLE_NAME),
};

/** Activation of export apps and the exports: list, read, settings, deactivate. */
export const handler = middy()
  .use(observability({ metrics: false }))
  .use(httpEdge())
  .handler(
    routeTable({
      'POST /v1/apps/{appId}/activation': async (event) => {
        const { dealerId } = callerOf(event);
        const { settings } = parseBody(ExportSettingsBodySchema, event);
        const exp = await activateExport(deps, dealerId, pathParameter(event, 'appId'), settings);
        return { status: 201, body: exp, headers: { location: `/v1/exports/${exp.exportId}` } };
      },
      'GET /v1/exports': async (event) => {
        const { dealerId } = callerOf(event);
        return { status: 200, body: await listExports(deps, dealerId, parseQuery(ListQuerySchema, event)) };
      },
      'GET /v1/exports/{exportId}': async (event) => ({
        status: 200,
        body: await getExport(deps, callerOf(event).dealerId, pathParameter(event, 'exportId')),
      }),
      'PUT /v1/exports/{exportId}/settings': async (event) => {
        const { dealerId } = callerOf(event);
        const { settings } = parseBody(ExportSettingsBodySchema, event);
        return {
          status: 200,
          body: await updateExportSettings(deps, dealerId, pathParameter(event, 'exportId'), settings),
        };
      },
      'DELETE /v1/exports/{exportId}': async (event) => {
        const { dealerId } = callerOf(event);
        const { removeListings } = parseQuery(DeactivationQuerySchema, event);
        return {
          status: 202,
          body: await deactivateExport(deps, dealerId, pathParameter(event, 'exportId'), removeListings),
        };
      },
    }),
  );
