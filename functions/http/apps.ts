import middy from '@middy/core';
import { DynamoCustomAppStore } from '../../shared/adapters/dynamodb/custom-apps-table';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { systemClock } from '../../shared/adapters/system-clock';
import { BuiltInAndCustomAppCatalog } from '../../shared/application/apps/app-catalog';
import { createCustomApp } from '../../shared/application/apps/create-custom-app';
import { deleteCustomApp } from '../../shared/application/apps/delete-custom-app';
import { getApp } from '../../shared/application/apps/get-app';
import { listApps } from '../../shared/application/apps/list-apps';
import { replaceCustomApp } from '../../shared/application/apps/replace-custom-app';
import { AppListQuerySchema, CustomAppBodySchema } from '../../shared/contract/apps';
import { dynamoDocumentClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { createDealerSecretSealer } from '../../shared/runtime/dealer-secrets';
import { callerOf } from '../../shared/runtime/http/dealer';
import { httpEdge } from '../../shared/runtime/http/http-edge';
import { routeTable } from '../../shared/runtime/http/route-table';
import { parseBody, parseQuery, pathParameter } from '../../shared/runtime/http/validate';
import { observability } from '../../shared/runtime/observability';

const config = loadConfig({ EXPORTS_TABLE_NAME: required });
const documents = dynamoDocumentClient();
const store = new DynamoCustomAppStore(documents, config.EXPORTS_TABLE_NAME);
const deps = {
  store,
  catalog: new BuiltInAndCustomAppCatalog(store),
  exports: new DynamoExportsRepository(documents, config.EXPORTS_TABLE_NAME),
  sealer: await createDealerSecretSealer(),
  clock: systemClock,
};

/** The Appstore (export section) and the export app configurator. */
export const handler = middy()
  .use(observability({ metrics: false }))
  .use(httpEdge())
  .handler(
    routeTable({
      'GET /v1/apps': async (event) => {
        const { dealerId } = callerOf(event);
        parseQuery(AppListQuerySchema, event);
        return { status: 200, body: { items: await listApps(deps, dealerId) } };
      },
      'GET /v1/apps/{appId}': async (event) => ({
        status: 200,
        body: await getApp(deps, callerOf(event).dealerId, pathParameter(event, 'appId')),
      }),
      'POST /v1/apps': async (event) => {
        const { dealerId } = callerOf(event);
        const app = await createCustomApp(deps, dealerId, parseBody(CustomAppBodySchema, event));
        return { status: 201, body: app, headers: { location: `/v1/apps/${app.appId}` } };
      },
      'PUT /v1/apps/{appId}': async (event) => {
        const { dealerId } = callerOf(event);
        const definition = parseBody(CustomAppBodySchema, event);
        return {
          status: 200,
          body: await replaceCustomApp(deps, dealerId, pathParameter(event, 'appId'), definition),
        };
      },
      'DELETE /v1/apps/{appId}': async (event) => {
        await deleteCustomApp(deps, callerOf(event).dealerId, pathParameter(event, 'appId'));
        return { status: 204 };
      },
    }),
  );
