import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { httpEvent, lambdaContext } from '../support/events';
import { startTestDynamo, type TestDynamo } from '../support/local-services';

/**
 * Thousands of broken app bodies through the real handler (DynamoDB Local behind it): whatever
 * arrives, the answer is never a 5xx and every refusal is problem+json with a stable code.
 */
type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

let dynamo: TestDynamo;
let handler: Handler;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  const keyFile = join(mkdtempSync(join(tmpdir(), 'apps-fuzz-')), 'dealer-secrets.key');
  writeFileSync(keyFile, randomBytes(32).toString('base64'));
  vi.stubEnv('AWS_REGION', 'eu-central-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.server.endpoint);
  vi.stubEnv('EXPORTS_TABLE_NAME', 'Exports');
  vi.stubEnv('DEALER_SECRETS_KEY_FILE', keyFile);
  ({ handler } = await import('../../functions/http/apps'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await dynamo?.server.stop();
});

const validBody = {
  name: 'Feed',
  summary: 'Stock as XML',
  format: { type: 'xml', rootElement: 'stock', itemElement: 'car', encoding: 'iso-8859-15' },
  fields: [
    { target: 'make', source: { field: 'make' } },
    { target: 'title', source: { template: '{{make}} {{model}}' } },
    { target: 'dealer', source: { constant: 'Müller' } },
  ],
  filter: { conditions: ['used'], minPriceGross: '1000.00' },
  delivery: {
    type: 'http',
    method: 'POST',
    url: 'https://feeds.example/in',
    headers: { authorization: 'Bearer x' },
  },
  schedule: { times: ['06:00'] },
};

const mutationPaths: readonly (readonly (string | number)[])[] = [
  [],
  ['name'],
  ['format'],
  ['format', 'type'],
  ['format', 'rootElement'],
  ['fields'],
  ['fields', 0],
  ['fields', 0, 'target'],
  ['fields', 1, 'source'],
  ['fields', 1, 'source', 'template'],
  ['filter'],
  ['filter', 'maxPriceGross'],
  ['delivery'],
  ['delivery', 'type'],
  ['delivery', 'url'],
  ['delivery', 'headers'],
  ['delivery', 'headers', 'authorization'],
  ['schedule'],
  ['schedule', 'times'],
  ['extra'],
];

function withValueAt(body: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  target[path.at(-1)!] = value;
  return copy;
}

/** A valid body with one place replaced by any JSON value, or any JSON at all, or any text. */
const brokenBody = fc.oneof(
  fc
    .record({ path: fc.constantFrom(...mutationPaths), value: fc.jsonValue({ maxDepth: 3 }) })
    .map(({ path, value }) => JSON.stringify(withValueAt(validBody, path, value))),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
);

async function send(routeKey: string, body: string, appId?: string) {
  const event = {
    ...httpEvent({ routeKey, body, contentType: 'application/json', claims: { dealerId: 'fuzz', sub: 'u' } }),
    ...(appId ? { pathParameters: { appId } } : {}),
  };
  return handler(event, lambdaContext());
}

function expectNoServerError(response: APIGatewayProxyStructuredResultV2): void {
  const status = response.statusCode ?? 0;
  expect(status).toBeLessThan(500);
  if (status >= 400) {
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(response.body ?? '') as { status: number; code: string };
    expect(problem.status).toBe(status);
    expect(problem.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  }
}

describe('invalid app bodies', () => {
  it('never answer 5xx on create, always a problem with a code', async () => {
    await fc.assert(
      fc.asyncProperty(brokenBody, async (body) => {
        expectNoServerError(await send('POST /v1/apps', body));
      }),
      { numRuns: 2500 },
    );
  });

  it('never answer 5xx on replace, always a problem with a code', async () => {
    const created = await send('POST /v1/apps', JSON.stringify(validBody));
    expect(created.statusCode).toBe(201);
    const { appId } = JSON.parse(created.body ?? '') as { appId: string };
    await fc.assert(
      fc.asyncProperty(
        brokenBody,
        fc.constantFrom(appId, 'mobile-de-api', 'app_unknown'),
        async (body, id) => {
          expectNoServerError(await send('PUT /v1/apps/{appId}', body, id));
        },
      ),
      { numRuns: 1500 },
    );
  });
});
