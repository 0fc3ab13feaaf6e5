import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { vi } from 'vitest';
import {
  startAutoScout24Emulator,
  type AutoScout24Emulator,
} from '../../infra/local/emulators/autoscout24/server';
import { startMobileDeEmulator, type MobileDeEmulator } from '../../infra/local/emulators/mobile-de/server';
import { ensureSecretsKeyFile } from '../../infra/local/secrets-key-file';
import { queues, tables } from '../../infra/topology';
import { httpEvent, lambdaContext } from './events';
import { startTestDynamo, startTestSqs, type TestDynamo, type TestSqs } from './local-services';

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface ExportsRequest {
  /** The token's tenant. */
  readonly dealerId?: string;
  readonly appId?: string;
  readonly exportId?: string;
  /** An object is sent as JSON; `rawBody` is sent as it is. */
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly contentType?: string;
  readonly query?: Record<string, string>;
}

export interface ExportsAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly location: string | undefined;
  readonly text: string;
  // Tests read into the body freely; its shape is asserted through the contract where it matters.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

export interface ExportsHarness {
  readonly dynamo: TestDynamo;
  readonly mobileDe: MobileDeEmulator;
  readonly autoScout24: AutoScout24Emulator;
  /** The queues: activation of an API export sends its match job to `jobs`. */
  readonly sqs: TestSqs;
  call(routeKey: string, request?: ExportsRequest): Promise<ExportsAnswer>;
  stop(): Promise<void>;
}

export const PROVIDER = { user: 'provider-test', password: 'test-Secret-9' };

/**
 * DynamoDB Local, both platform emulators (our provider user; the first seller and customer of
 * each linked) and functions/http/exports.ts loaded as Lambda would, its module scope reading
 * the environment set here. Requests go through the real handler as API Gateway v2 events.
 */
export async function startExportsHarness(): Promise<ExportsHarness> {
  const dynamo = await startTestDynamo();
  const sqs = await startTestSqs();
  const mobileDe = await startMobileDeEmulator({
    users: [PROVIDER],
    sellers: [{ mobileSellerId: '1000001' }],
  });
  const autoScout24 = await startAutoScout24Emulator({ users: [PROVIDER], customers: [{ id: '2000001' }] });
  const env: Record<string, string> = {
    AWS_REGION: 'eu-central-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.server.endpoint,
    [tables.exports.envVar]: tables.exports.name,
    AWS_ENDPOINT_URL_SQS: sqs.server.endpoint,
    [queues.jobs.envVar]: sqs.server.queues.jobs.url,
    DEALER_SECRETS_KEY_FILE: ensureSecretsKeyFile(undefined),
    MOBILE_DE_API_URL: mobileDe.url,
    MOBILE_DE_API_USER: PROVIDER.user,
    MOBILE_DE_API_PASSWORD: PROVIDER.password,
    AUTOSCOUT24_API_URL: autoScout24.url,
    AUTOSCOUT24_API_USER: PROVIDER.user,
    AUTOSCOUT24_API_PASSWORD: PROVIDER.password,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const { handler } = (await import('../../functions/http/exports')) as unknown as { handler: Handler };

  return {
    dynamo,
    mobileDe,
    autoScout24,
    sqs,
    async call(routeKey, request = {}) {
      const rawBody =
        request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
      const pathParameters = {
        ...(request.appId === undefined ? {} : { appId: request.appId }),
        ...(request.exportId === undefined ? {} : { exportId: request.exportId }),
      };
      const event = {
        ...httpEvent({
          routeKey,
          claims: { dealerId: request.dealerId ?? 'd1', sub: 'user-1' },
          ...(rawBody === undefined
            ? {}
            : { body: rawBody, contentType: request.contentType ?? 'application/json' }),
        }),
        ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
        ...(request.query ? { queryStringParameters: request.query } : {}),
      };
      const result = await handler(event, lambdaContext());
      const text = result.body ?? '';
      const headers = result.headers ?? {};
      return {
        status: result.statusCode ?? 200,
        contentType: headers['content-type'] as string | undefined,
        location: headers.location as string | undefined,
        text,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
    },
    async stop() {
      vi.unstubAllEnvs();
      await Promise.all([mobileDe.stop(), autoScout24.stop(), dynamo.server.stop(), sqs.server.stop()]);
    },
  };
}
