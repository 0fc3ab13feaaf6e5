import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../infra/local/dev-token';
import { startGateway, type Gateway } from '../../infra/local/gateway';
import type { LambdaHost } from '../../infra/local/lambda-host';
import { silentLog } from '../../infra/local/log';
import type { FunctionKey } from '../../infra/topology';

/**
 * The local gateway as API Gateway with its JWT authorizer: it must hand the function the same
 * payload 2.0 event, with verified claims, and refuse what the authorizer would refuse.
 */
describe('local API gateway', () => {
  const secret = 'gateway-test-secret';
  const invoked: { key: FunctionKey; event: APIGatewayProxyEventV2WithJWTAuthorizer }[] = [];
  const functions: LambdaHost = {
    invoke: async (key, event) => {
      invoked.push({ key, event: event as APIGatewayProxyEventV2WithJWTAuthorizer });
      return { statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
    },
  };
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway({
      port: 0,
      routes: [
        { method: 'GET', path: '/health', auth: 'none', function: 'health' },
        { method: 'PUT', path: '/v1/vehicles/{vehicleId}', auth: 'jwt', function: 'openapi' },
      ],
      jwtSecret: secret,
      functions,
      localRoutes: {},
      log: silentLog,
    });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  const put = (headers: Record<string, string>) =>
    fetch(`${gateway.url}/v1/vehicles/veh%201?dry=1&tag=a&tag=b`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{"make":"Audi"}',
    });

  it('refuses a protected route without a token, with a forged one and with an expired one', async () => {
    const forged = await signDevToken('another-secret', { dealerId: 'd1' });
    const expired = await signDevToken(secret, { dealerId: 'd1' }, -60);
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${forged}` },
      { authorization: `Bearer ${expired}` },
    ];
    for (const headers of attempts) {
      const response = await put(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    }
    expect(invoked).toHaveLength(0);
  });

  it('passes a valid token’s claims where API Gateway puts them, with the route and parameters', async () => {
    const token = await signDevToken(secret, { dealerId: 'd1', email: 'a@b.c' });
    const response = await put({ authorization: `Bearer ${token}` });

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    const { key, event } = invoked.at(-1)!;
    expect(key).toBe('openapi');
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'PUT /v1/vehicles/{vehicleId}',
      rawPath: '/v1/vehicles/veh%201',
      pathParameters: { vehicleId: 'veh 1' },
      queryStringParameters: { dry: '1', tag: 'a,b' },
      body: '{"make":"Audi"}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'PUT' },
        authorizer: { jwt: { claims: { dealerId: 'd1', email: 'a@b.c', sub: 'local|d1' } } },
      },
    });
  });

  it('serves public routes without a token and answers unknown ones with problem+json', async () => {
    expect((await fetch(`${gateway.url}/health`)).status).toBe(201);
    const unknown = await fetch(`${gateway.url}/v1/unknown`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });
});
