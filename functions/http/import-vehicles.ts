import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoStockImporter } from '../../shared/adapters/dynamodb/stock-import';
import { DynamoDealerSettingsStore } from '../../shared/adapters/dynamodb/stock-settings';
import { importLinesOf } from '../../shared/adapters/import/import-lines';
import { systemClock } from '../../shared/adapters/system-clock';
import { importStock } from '../../shared/application/stock/import-stock';
import { ImportQuerySchema } from '../../shared/contract/vehicles';
import { dynamoDocumentClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { callerOf } from '../../shared/runtime/http/dealer';
import { httpEdge } from '../../shared/runtime/http/http-edge';
import { routeTable } from '../../shared/runtime/http/route-table';
import { parseQuery } from '../../shared/runtime/http/validate';
import { metrics, observability, portLogger } from '../../shared/runtime/observability';

const config = loadConfig({ STOCK_TABLE_NAME: required, EXPORTS_TABLE_NAME: required });
const client = dynamoDocumentClient();
const deps = {
  importer: new DynamoStockImporter(client, config.STOCK_TABLE_NAME, systemClock),
  settings: new DynamoDealerSettingsStore(client, config.STOCK_TABLE_NAME),
  exports: new DynamoExportsRepository(client, config.EXPORTS_TABLE_NAME),
  clock: systemClock,
  logger: portLogger,
};

/** `POST /v1/vehicles/import?mode=upsert|replace`: a whole stock file, CSV or a JSON array. */
export const handler = middy()
  .use(observability())
  .use(httpEdge({ maxBodyBytes: 10 * 1024 * 1024, mediaTypes: ['text/csv', 'application/json'] }))
  .handler(
    routeTable({
      'POST /v1/vehicles/import': async (event) => {
        const { dealerId } = callerOf(event);
        const { mode } = parseQuery(ImportQuerySchema, event);
        const lines = importLinesOf(event.headers['content-type'], event.parsedBody);
        const result = await importStock(dealerId, mode, lines, deps);
        metrics.addMetric(
          'ImportedVehiclesWritten',
          MetricUnit.Count,
          result.created + result.updated + result.deleted,
        );
        metrics.addMetric('ImportLineErrors', MetricUnit.Count, result.errors.length + result.errorsOmitted);
        return { status: 200, body: result };
      },
    }),
  );
