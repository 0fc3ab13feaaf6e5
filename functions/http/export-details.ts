import middy from '@middy/core';
import { DynamoDetailRepository } from '../../shared/adapters/dynamodb/export-details-table';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoExportStore } from '../../shared/adapters/dynamodb/exports-store';
import { systemClock } from '../../shared/adapters/system-clock';
import { readDetails, type ReadDetailsDeps } from '../../shared/application/exports/read-details';
import { readJob, type ReadJobDeps } from '../../shared/application/exports/read-job';
import { DetailsQuerySchema } from '../../shared/contract/export-control';
import { dynamoDocumentClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { callerOf } from '../../shared/runtime/http/dealer';
import { httpEdge } from '../../shared/runtime/http/http-edge';
import { routeTable } from '../../shared/runtime/http/route-table';
import { parseQuery, pathParameter } from '../../shared/runtime/http/validate';
import { observability } from '../../shared/runtime/observability';

export type ExportControlDeps = ReadDetailsDeps & ReadJobDeps;

const config = loadConfig({ EXPORTS_TABLE_NAME: required, EXPORT_DETAILS_TABLE_NAME: required });
const documents = dynamoDocumentClient();
const deps: ExportControlDeps = {
  exports: new DynamoExportStore(documents, config.EXPORTS_TABLE_NAME),
  jobs: new DynamoExportsRepository(documents, config.EXPORTS_TABLE_NAME),
  details: new DynamoDetailRepository(documents, config.EXPORT_DETAILS_TABLE_NAME),
  clock: systemClock,
};

/** Export control reads (read-only): transmission details and job progress. */
export const handler = exportControlHandler(deps);

/** The handler over given ports: tests run the same routes with a clock they control. */
export function exportControlHandler(ports: ExportControlDeps) {
  return middy()
    .use(observability({ metrics: false }))
    .use(httpEdge())
    .handler(
      routeTable({
        'GET /v1/exports/{exportId}/details': async (event) => {
          const { dealerId } = callerOf(event);
          const query = parseQuery(DetailsQuerySchema, event);
          return {
            status: 200,
            body: await readDetails(ports, dealerId, pathParameter(event, 'exportId'), query),
          };
        },
        'GET /v1/exports/{exportId}/jobs/{jobId}': async (event) => ({
          status: 200,
          body: await readJob(
            ports,
            callerOf(event).dealerId,
            pathParameter(event, 'exportId'),
            pathParameter(event, 'jobId'),
          ),
        }),
      }),
    );
}
