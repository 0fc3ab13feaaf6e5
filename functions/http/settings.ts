import middy from '@middy/core';
import { DynamoDealerSettingsStore } from '../../shared/adapters/dynamodb/stock-settings';
import { readDealerSettings, saveDealerSettings } from '../../shared/application/stock/dealer-settings';
import { DealerSettingsSchema } from '../../shared/domain/dealer-settings';
import { dynamoDocumentClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { callerOf } from '../../shared/runtime/http/dealer';
import { httpEdge } from '../../shared/runtime/http/http-edge';
import { routeTable } from '../../shared/runtime/http/route-table';
import { parseBody } from '../../shared/runtime/http/validate';
import { observability } from '../../shared/runtime/observability';

const config = loadConfig({ STOCK_TABLE_NAME: required });
const deps = { settings: new DynamoDealerSettingsStore(dynamoDocumentClient(), config.STOCK_TABLE_NAME) };

/** `GET/PUT /v1/settings`: the dealer's import/export preferences. */
export const handler = middy()
  .use(observability({ metrics: false }))
  .use(httpEdge())
  .handler(
    routeTable({
      'GET /v1/settings': async (event) => ({
        status: 200,
        body: await readDealerSettings(callerOf(event).dealerId, deps),
      }),
      'PUT /v1/settings': async (event) => {
        const { dealerId } = callerOf(event);
        return {
          status: 200,
          body: await saveDealerSettings(dealerId, parseBody(DealerSettingsSchema, event), deps),
        };
      },
    }),
  );
