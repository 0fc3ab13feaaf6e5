import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { tables } from '../../infra/topology';
import { httpEvent, lambdaContext } from '../support/events';
import { startTestDynamo, type TestDynamo } from '../support/local-services';

type Handler = (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface StockRequest {
  readonly routeKey: string;
  /** The token's tenant; undefined sends no claims (a token without a dealer). */
  readonly dealerId?: string;
  /** An object is sent as JSON; a string as it is. */
  readonly body?: unknown;
  readonly contentType?: string;
  readonly vehicleId?: string;
  readonly query?: Record<string, string>;
}

export interface StockResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  // Tests read into the body freely; its shape is asserted where it matters.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

/** Keys of the items written through the handlers' DynamoDB client, per request. */
export interface WriteLog {
  readonly keys: string[];
  readonly requests: number;
  reset(): void;
}

export interface StockHarness {
  readonly dynamo: TestDynamo;
  readonly writes: WriteLog;
  call(request: StockRequest): Promise<StockResponse>;
  stop(): Promise<void>;
}

const routes: Record<string, 'settings' | 'vehicles' | 'importVehicles'> = {
  'GET /v1/settings': 'settings',
  'PUT /v1/settings': 'settings',
  'POST /v1/vehicles/import': 'importVehicles',
};

/**
 * DynamoDB Local with the topology's tables, and the three stock functions loaded as Lambda would
 * (their module scope reads the environment set here). Requests go through the real handlers with
 * API Gateway v2 events; a middleware on the handlers' own client logs every written key.
 */
export async function startStockHarness(): Promise<StockHarness> {
  const dynamo = await startTestDynamo();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.server.endpoint,
    AWS_REGION: 'eu-central-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    [tables.stock.envVar]: tables.stock.name,
    [tables.exports.envVar]: tables.exports.name,
  });
  const handlers = {
    settings: (await import('../../functions/http/settings')).handler as unknown as Handler,
    vehicles: (await import('../../functions/http/vehicles')).handler as unknown as Handler,
    importVehicles: (await import('../../functions/http/import-vehicles')).handler as unknown as Handler,
  };
  const { dynamoDocumentClient } = await import('../../shared/runtime/aws-clients');
  const writes = logWrites(dynamoDocumentClient());

  return {
    dynamo,
    writes,
    async call(request) {
      const body =
        request.body === undefined || typeof request.body === 'string'
          ? request.body
          : JSON.stringify(request.body);
      const event = {
        ...httpEvent({
          routeKey: request.routeKey,
          ...(body === undefined ? {} : { body }),
          ...(request.contentType || body !== undefined
            ? { contentType: request.contentType ?? 'application/json' }
            : {}),
          claims:
            request.dealerId === undefined
              ? {}
              : { dealerId: request.dealerId, sub: `user-${request.dealerId}` },
        }),
        ...(request.vehicleId === undefined ? {} : { pathParameters: { vehicleId: request.vehicleId } }),
        ...(request.query === undefined ? {} : { queryStringParameters: request.query }),
      };
      const handler = handlers[routes[request.routeKey] ?? 'vehicles'];
      const response = await handler(event, lambdaContext());
      const headers = (response.headers ?? {}) as Record<string, string>;
      return {
        status: response.statusCode ?? 0,
        contentType: headers['content-type'],
        body: response.body ? (JSON.parse(response.body) as unknown) : undefined,
      };
    },
    stop: () => dynamo.server.stop(),
  };
}

/** Logs `pk|sk` of every item that a write request carries. */
function logWrites(client: {
  middlewareStack: { add: (middleware: never, options: { step: 'initialize'; name: string }) => void };
}): WriteLog {
  const log = {
    keys: [] as string[],
    requests: 0,
    reset: () => Object.assign(log, { keys: [], requests: 0 }),
  };
  // Depending on the middleware order the document client may have marshalled already ({ S: … }).
  const text = (value: unknown) =>
    value && typeof value === 'object' && 'S' in value ? String(value.S) : String(value);
  type Item = { pk?: unknown; sk?: unknown };
  const keyOf = (item: Item | undefined) => `${text(item?.pk)}|${text(item?.sk)}`;
  const middleware =
    (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) =>
    async (args: { input: unknown }) => {
      const input = args.input as Record<string, unknown>;
      const keys: string[] = [];
      switch (context.commandName) {
        case 'PutCommand':
        case 'PutItemCommand':
          keys.push(keyOf(input.Item as Item));
          break;
        case 'DeleteCommand':
        case 'DeleteItemCommand':
        case 'UpdateCommand':
        case 'UpdateItemCommand':
          keys.push(keyOf(input.Key as Item));
          break;
        case 'TransactWriteCommand':
        case 'TransactWriteItemsCommand':
          for (const item of input.TransactItems as Record<string, { Item?: Item; Key?: Item }>[]) {
            if (item.Put) keys.push(keyOf(item.Put.Item));
            if (item.Delete) keys.push(keyOf(item.Delete.Key));
          }
          break;
        case 'BatchWriteCommand':
        case 'BatchWriteItemCommand':
          for (const requests of Object.values(
            input.RequestItems as Record<string, Record<string, { Item?: Item; Key?: Item }>[]>,
          )) {
            for (const request of requests) {
              keys.push(keyOf(request.PutRequest?.Item ?? request.DeleteRequest?.Key));
            }
          }
          break;
        default:
          return next(args);
      }
      log.requests++;
      log.keys.push(...keys);
      return next(args);
    };
  client.middlewareStack.add(middleware as never, { step: 'initialize', name: 'logStockWrites' });
  return log;
}
