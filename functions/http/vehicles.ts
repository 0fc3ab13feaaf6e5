import middy from '@middy/core';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoDealerSettingsStore } from '../../shared/adapters/dynamodb/stock-settings';
import { DynamoStockRepository } from '../../shared/adapters/dynamodb/stock-table';
import { systemClock } from '../../shared/adapters/system-clock';
import { createVehicle } from '../../shared/application/stock/create-vehicle';
import { deleteVehicle } from '../../shared/application/stock/delete-vehicle';
import { getVehicle, listVehicles } from '../../shared/application/stock/read-vehicles';
import { replaceVehicle } from '../../shared/application/stock/replace-vehicle';
import { setVehicleReleases } from '../../shared/application/stock/set-vehicle-releases';
import { ListQuerySchema } from '../../shared/contract/common';
import { ReleasesBodySchema, VehicleInputBodySchema } from '../../shared/contract/vehicles';
import { dynamoDocumentClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { callerOf } from '../../shared/runtime/http/dealer';
import { httpEdge } from '../../shared/runtime/http/http-edge';
import { routeTable } from '../../shared/runtime/http/route-table';
import { parseBody, parseQuery, pathParameter } from '../../shared/runtime/http/validate';
import { observability } from '../../shared/runtime/observability';

const config = loadConfig({ STOCK_TABLE_NAME: required, EXPORTS_TABLE_NAME: required });
const client = dynamoDocumentClient();
const deps = {
  vehicles: new DynamoStockRepository(client, config.STOCK_TABLE_NAME, systemClock),
  settings: new DynamoDealerSettingsStore(client, config.STOCK_TABLE_NAME),
  exports: new DynamoExportsRepository(client, config.EXPORTS_TABLE_NAME),
  clock: systemClock,
};
const id = (event: Parameters<typeof callerOf>[0]) => pathParameter(event, 'vehicleId');

/** Vehicle stock: create, list, read, replace, delete, releases. The dealer comes from the token only. */
export const handler = middy()
  .use(observability({ metrics: false }))
  .use(httpEdge())
  .handler(
    routeTable({
      'POST /v1/vehicles': async (event) => {
        const { dealerId } = callerOf(event);
        return {
          status: 201,
          body: await createVehicle(dealerId, parseBody(VehicleInputBodySchema, event), deps),
        };
      },
      'GET /v1/vehicles': async (event) => {
        const { dealerId } = callerOf(event);
        return { status: 200, body: await listVehicles(dealerId, parseQuery(ListQuerySchema, event), deps) };
      },
      'GET /v1/vehicles/{vehicleId}': async (event) => ({
        status: 200,
        body: await getVehicle(callerOf(event).dealerId, id(event), deps),
      }),
      'PUT /v1/vehicles/{vehicleId}': async (event) => {
        const { dealerId } = callerOf(event);
        const input = parseBody(VehicleInputBodySchema, event);
        return { status: 200, body: await replaceVehicle(dealerId, id(event), input, deps) };
      },
      'DELETE /v1/vehicles/{vehicleId}': async (event) => {
        await deleteVehicle(callerOf(event).dealerId, id(event), deps);
        return { status: 204 };
      },
      'PUT /v1/vehicles/{vehicleId}/releases': async (event) => {
        const { dealerId } = callerOf(event);
        const releases = parseBody(ReleasesBodySchema, event);
        return { status: 200, body: await setVehicleReleases(dealerId, id(event), releases, deps) };
      },
    }),
  );
