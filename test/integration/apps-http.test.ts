import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AesGcmSealer } from '../../shared/adapters/crypto/aes-gcm-sealer';
import { exportItem } from '../../shared/adapters/dynamodb/exports-table';
import { AppListSchema, AppSchema } from '../../shared/contract/apps';
import { ProblemSchema } from '../../shared/contract/common';
import { ExportSchema } from '../../shared/domain/export';
import { SECRET_MASK } from '../../shared/domain/secrets';
import { httpEvent, lambdaContext } from '../support/events';
import { startTestDynamo, type TestDynamo } from '../support/local-services';

/** The apps function in-process, against DynamoDB Local, with a throwaway secrets key. */
type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

let dynamo: TestDynamo;
let handler: Handler;
const key = randomBytes(32);

beforeAll(async () => {
  dynamo = await startTestDynamo();
  const keyFile = join(mkdtempSync(join(tmpdir(), 'apps-test-')), 'dealer-secrets.key');
  writeFileSync(keyFile, key.toString('base64'));
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

interface Answer {
  status: number;
  contentType: string | undefined;
  location: string | undefined;
  text: string;
  body: unknown;
}

// Answers are read through the contract's schemas, so every answer is also checked against it.
const appOf = (answer: Answer) => AppSchema.parse(answer.body);
const listOf = (answer: Answer) => AppListSchema.parse(answer.body);
const problemOf = (answer: Answer) => ProblemSchema.parse(answer.body);
const created = async (body: unknown) => appOf(await call('POST /v1/apps', { body }));

async function call(
  routeKey: string,
  options: {
    dealerId?: string;
    appId?: string;
    body?: unknown;
    rawBody?: string;
    query?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const rawBody = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const event = {
    ...httpEvent({
      routeKey,
      claims: { dealerId: options.dealerId ?? 'd1', sub: 'user-1' },
      ...(rawBody === undefined ? {} : { body: rawBody, contentType: 'application/json' }),
    }),
    ...(options.appId ? { pathParameters: { appId: options.appId } } : {}),
    ...(options.query ? { queryStringParameters: options.query } : {}),
  };
  const response = await handler(event, lambdaContext());
  const headers = (response.headers ?? {}) as Record<string, string | undefined>;
  const text = response.body ?? '';
  return {
    status: response.statusCode ?? 0,
    contentType: headers['content-type'],
    location: headers.location,
    text,
    body: text ? (JSON.parse(text) as unknown) : undefined,
  };
}

const password = 'correct-horse-battery';
const appBody = (delivery: Record<string, unknown> = {}) => ({
  name: 'Agency feed',
  summary: 'Whole stock as CSV for our web agency',
  format: { type: 'csv' },
  fields: [
    { target: 'Stock no', source: { field: 'internalNumber' } },
    { target: 'Title', source: { template: '{{make}} {{model}}' } },
  ],
  delivery: {
    type: 'ftp',
    host: 'ftp.agency.example',
    port: 21,
    username: 'dealer',
    password,
    path: '/stock.csv',
    ...delivery,
  },
  schedule: { times: ['05:30'] },
});

async function storedDefinition(dealerId: string, appId: string) {
  const { Item } = await dynamo.documents.send(
    new GetCommand({ TableName: 'Exports', Key: { pk: `DEALER#${dealerId}`, sk: `APP#${appId}` } }),
  );
  return Item?.definition as { delivery: { password: string } };
}

describe('Appstore over HTTP (DynamoDB Local)', () => {
  it('lists the built-in apps with JSON Schemas, and only the export section', async () => {
    const answer = await call('GET /v1/apps', { query: { section: 'export' } });
    expect(answer.status).toBe(200);
    const { items } = listOf(answer);
    expect(items.map((app) => app.appId)).toEqual(['mobile-de-api', 'autoscout24-api', 'mobile-de-csv']);
    expect(items[0]?.settingsSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(items[0]?.activation).toBeNull();

    const other = await call('GET /v1/apps', { query: { section: 'import' } });
    expect(other.status).toBe(422);
    expect(problemOf(other)).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'query.section' }],
    });
  });

  it('creates a custom app: 201, masked in every answer, sealed at rest', async () => {
    const answer = await call('POST /v1/apps', { body: appBody() });
    expect(answer.status).toBe(201);
    const app = appOf(answer);
    expect(answer.location).toBe(`/v1/apps/${app.appId}`);
    expect(app).toMatchObject({ transport: 'feed', platform: null, builtIn: false, activation: null });
    expect(app.definition?.delivery).toMatchObject({ password: SECRET_MASK });
    expect(app.definition?.format).toEqual({ type: 'csv', delimiter: ';', encoding: 'utf-8', header: true });

    const read = await call('GET /v1/apps/{appId}', { appId: app.appId });
    const list = await call('GET /v1/apps');
    for (const each of [answer, read, list]) expect(each.text).not.toContain(password);
    expect(appOf(read).definition?.delivery).toMatchObject({ password: SECRET_MASK });
    expect(listOf(list).items.at(-1)).toMatchObject({ appId: app.appId, name: 'Agency feed' });

    const sealed = (await storedDefinition('d1', app.appId)).delivery.password;
    expect(sealed).not.toContain(password);
    expect(await new AesGcmSealer(key).open(sealed)).toBe(password);
  });

  it('keeps the stored secret on "********" and takes a new one as sent', async () => {
    const { appId } = await created(appBody());
    const storedPassword = async () =>
      new AesGcmSealer(key).open((await storedDefinition('d1', appId)).delivery.password);

    const kept = await call('PUT /v1/apps/{appId}', {
      appId,
      body: { ...appBody({ password: SECRET_MASK }), name: 'Renamed' },
    });
    expect(kept.status).toBe(200);
    expect(appOf(kept)).toMatchObject({
      name: 'Renamed',
      definition: { delivery: { password: SECRET_MASK } },
    });
    expect(await storedPassword()).toBe(password);

    const moved = await call('PUT /v1/apps/{appId}', {
      appId,
      body: appBody({ password: SECRET_MASK, host: 'elsewhere.example' }),
    });
    expect(moved.status).toBe(422);
    expect(problemOf(moved).errors).toEqual([
      { path: 'delivery.password', message: expect.any(String) as unknown },
    ]);

    const changed = await call('PUT /v1/apps/{appId}', {
      appId,
      body: appBody({ password: 'n3w-password' }),
    });
    expect(changed.status).toBe(200);
    expect(changed.text).not.toContain('n3w-password');
    expect(await storedPassword()).toBe('n3w-password');

    const maskedCreate = await call('POST /v1/apps', { body: appBody({ password: SECRET_MASK }) });
    expect(maskedCreate.status).toBe(422);
    expect(problemOf(maskedCreate).code).toBe('VALIDATION_FAILED');
  });

  it('takes its own answer back: GET definition → PUT keeps everything, secrets included', async () => {
    const { appId, definition } = await created(appBody());
    const again = await call('PUT /v1/apps/{appId}', { appId, body: definition });
    expect(again.status).toBe(200);
    expect(appOf(again).definition).toEqual(definition);
    expect(await new AesGcmSealer(key).open((await storedDefinition('d1', appId)).delivery.password)).toBe(
      password,
    );
  });

  it('answers 409 APP_ACTIVE while an export uses the app, and deletes it afterwards', async () => {
    const { appId } = await created(appBody());
    const exp = ExportSchema.parse({
      exportId: 'exp_apps_1',
      dealerId: 'd1',
      appId,
      transport: 'feed',
      status: 'active',
      settings: {},
      createdAt: '2026-11-27T09:00:00.000Z',
    });
    await dynamo.documents.send(new PutCommand({ TableName: 'Exports', Item: exportItem(exp) }));

    expect(appOf(await call('GET /v1/apps/{appId}', { appId })).activation).toEqual({
      exportId: 'exp_apps_1',
      status: 'active',
    });
    const put = await call('PUT /v1/apps/{appId}', { appId, body: appBody() });
    expect(put).toMatchObject({ status: 409, contentType: 'application/problem+json' });
    expect(problemOf(put).code).toBe('APP_ACTIVE');
    expect(problemOf(await call('DELETE /v1/apps/{appId}', { appId })).code).toBe('APP_ACTIVE');

    await dynamo.documents.send(
      new PutCommand({ TableName: 'Exports', Item: exportItem({ ...exp, status: 'inactive' }) }),
    );
    expect((await call('DELETE /v1/apps/{appId}', { appId })).status).toBe(204);
    expect((await call('GET /v1/apps/{appId}', { appId })).status).toBe(404);
    expect((await call('DELETE /v1/apps/{appId}', { appId })).status).toBe(404);
  });

  it('refuses a change that races an activation: the guard is checked in the same transaction', async () => {
    const { appId } = await created(appBody());
    // The activation's guard is in, its export not yet visible to the read-side check.
    await dynamo.documents.send(
      new PutCommand({
        TableName: 'Exports',
        Item: { pk: 'DEALER#d1', sk: `ACTIVATION#${appId}`, exportId: 'exp_racing' },
      }),
    );
    expect(problemOf(await call('PUT /v1/apps/{appId}', { appId, body: appBody() })).code).toBe('APP_ACTIVE');
    expect(problemOf(await call('DELETE /v1/apps/{appId}', { appId })).code).toBe('APP_ACTIVE');
    expect((await call('GET /v1/apps/{appId}', { appId })).status).toBe(200);
  });

  it("answers 404 to another dealer on every route, and never lists another dealer's app", async () => {
    const { appId } = await created(appBody());
    const probes = [
      await call('GET /v1/apps/{appId}', { dealerId: 'd2', appId }),
      await call('PUT /v1/apps/{appId}', { dealerId: 'd2', appId, body: appBody() }),
      await call('DELETE /v1/apps/{appId}', { dealerId: 'd2', appId }),
    ];
    for (const probe of probes) {
      expect(probe.status).toBe(404);
      expect(problemOf(probe).code).toBe('NOT_FOUND');
    }
    expect((await call('GET /v1/apps', { dealerId: 'd2' })).text).not.toContain(appId);
    expect((await call('GET /v1/apps/{appId}', { appId })).status).toBe(200);
  });

  it('refuses to change a built-in app (409 BUILT_IN_APP) and knows no unknown app', async () => {
    const put = await call('PUT /v1/apps/{appId}', { appId: 'mobile-de-api', body: appBody() });
    expect(problemOf(put)).toMatchObject({ status: 409, code: 'BUILT_IN_APP' });
    expect((await call('DELETE /v1/apps/{appId}', { appId: 'mobile-de-csv' })).status).toBe(409);
    expect((await call('GET /v1/apps/{appId}', { appId: 'app_nope' })).status).toBe(404);
    const csv = appOf(await call('GET /v1/apps/{appId}', { appId: 'mobile-de-csv' }));
    expect(csv.description).toMatch(/ISO-8859-15/);
  });

  it('answers 401 without a dealer in the token and 400 to malformed JSON', async () => {
    const event = httpEvent({ routeKey: 'GET /v1/apps', claims: { sub: 'user-1' } });
    expect((await handler(event, lambdaContext())).statusCode).toBe(401);
    expect(problemOf(await call('POST /v1/apps', { rawBody: '{"name":' })).code).toBe('MALFORMED_JSON');
  });
});
