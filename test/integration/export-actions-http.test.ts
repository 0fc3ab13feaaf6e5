import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queues, tables } from '../../infra/topology';
import { DynamoDetailRepository } from '../../shared/adapters/dynamodb/export-details-table';
import { DynamoLockStore } from '../../shared/adapters/dynamodb/export-locks-table';
import { DynamoExportsRepository, exportItem } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoListingStore } from '../../shared/adapters/dynamodb/listings-table';
import { DynamoStockRepository } from '../../shared/adapters/dynamodb/stock-table';
import { ProblemSchema } from '../../shared/contract/common';
import { BookingsViewSchema, JobStartedSchema } from '../../shared/contract/export-actions';
import { ExportViewSchema } from '../../shared/contract/exports';
import type { Export } from '../../shared/domain/export';
import { JobMessageSchema } from '../../shared/domain/job';
import type { Listing } from '../../shared/domain/listing';
import { SyncMessageSchema } from '../../shared/domain/sync-message';
import { httpEvent, lambdaContext } from '../support/events';
import { aVehicle, anExport } from '../support/fakes';
import { startTestDynamo, startTestSqs, type TestDynamo, type TestSqs } from '../support/local-services';
import { drainQueue } from '../support/queue-drain';

/**
 * functions/http/export-actions.ts loaded as Lambda loads it (module scope reads the environment
 * set here), called with API Gateway v2 events against DynamoDB Local and the SQS emulator: what
 * the routes answer, what they leave in the tables and what they put on the delta and jobs queues.
 */
type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

let dynamo: TestDynamo;
let sqs: TestSqs;
let handler: Handler;
let locks: DynamoLockStore;
let listings: DynamoListingStore;
let jobs: DynamoExportsRepository;
let stock: DynamoStockRepository;
let details: DynamoDetailRepository;

beforeAll(async () => {
  [dynamo, sqs] = await Promise.all([startTestDynamo(), startTestSqs()]);
  const env: Record<string, string> = {
    AWS_REGION: 'eu-central-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.server.endpoint,
    AWS_ENDPOINT_URL_SQS: sqs.server.endpoint,
    [tables.stock.envVar]: tables.stock.name,
    [tables.exports.envVar]: tables.exports.name,
    [tables.exportDetails.envVar]: tables.exportDetails.name,
    [queues.delta.envVar]: sqs.server.queues.delta.url,
    [queues.jobs.envVar]: sqs.server.queues.jobs.url,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  handler = ((await import('../../functions/http/export-actions')) as unknown as { handler: Handler })
    .handler;
  locks = new DynamoLockStore(dynamo.documents, tables.exports.name);
  listings = new DynamoListingStore(dynamo.documents, tables.exports.name);
  jobs = new DynamoExportsRepository(dynamo.documents, tables.exports.name);
  stock = new DynamoStockRepository(dynamo.documents, tables.stock.name);
  details = new DynamoDetailRepository(dynamo.documents, tables.exportDetails.name);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([sqs?.server.stop(), dynamo?.server.stop()]);
});

const UNLOCK = 'POST /v1/exports/{exportId}/unlock';
const FULL_TRANSFER = 'POST /v1/exports/{exportId}/full-transfer';
const BOOKINGS = 'PUT /v1/exports/{exportId}/vehicles/{vehicleId}/bookings';

interface Request {
  readonly dealerId: string;
  readonly exportId: string;
  readonly vehicleId?: string;
  readonly body?: unknown;
  readonly rawBody?: string;
}

async function call(routeKey: string, request: Request) {
  const rawBody = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  const event = {
    ...httpEvent({
      routeKey,
      claims: { dealerId: request.dealerId, sub: 'user-1' },
      ...(rawBody === undefined ? {} : { body: rawBody, contentType: 'application/json' }),
    }),
    pathParameters: {
      exportId: request.exportId,
      ...(request.vehicleId === undefined ? {} : { vehicleId: request.vehicleId }),
    },
  };
  const result = await handler(event, lambdaContext());
  const text = result.body ?? '';
  return {
    status: result.statusCode ?? 200,
    contentType: result.headers?.['content-type'],
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

const problemOf = (answer: { contentType: unknown; body: unknown }) => {
  expect(answer.contentType).toBe('application/problem+json');
  return ProblemSchema.parse(answer.body);
};

async function putExport(exp: Export): Promise<Export> {
  await dynamo.documents.send(new PutCommand({ TableName: tables.exports.name, Item: exportItem(exp) }));
  return exp;
}

const storedExport = async (exp: Export) =>
  (
    await dynamo.documents.send(
      new GetCommand({
        TableName: tables.exports.name,
        Key: { pk: `DEALER#${exp.dealerId}`, sk: `EXPORT#${exp.exportId}` },
        ConsistentRead: true,
      }),
    )
  ).Item;

/** The delta queue's messages of one export (other tests' messages are taken off and dropped). */
const deltaMessages = async (exportId: string) =>
  (await drainQueue(sqs.client, sqs.server.queues.delta.url, SyncMessageSchema)).filter(
    (message) => message.exportId === exportId,
  );
const jobMessages = async (exportId: string) =>
  (await drainQueue(sqs.client, sqs.server.queues.jobs.url, JobMessageSchema)).filter(
    (message) => message.exportId === exportId,
  );

const detailsOf = async (exportId: string) =>
  (
    await details.listDetails({
      exportId,
      from: new Date(Date.now() - 24 * 3600_000),
      now: new Date(),
      limit: 50,
    })
  ).items;

const lockedSince = '2026-11-27T08:00:00.000Z';
const aLock = {
  reason: 'MASS_REMOVAL',
  detail: '12 of 40 listings would go',
  lockedAt: lockedSince,
  heldChanges: 0,
};

describe('POST /v1/exports/{exportId}/unlock', () => {
  it('re-syncs every held vehicle, forgets the held items and records the unlock; 404 for another dealer', async () => {
    const exp = await putExport(
      anExport({ exportId: 'exp_unlock', dealerId: 'u1', status: 'locked', lock: aLock }),
    );
    // More than one SQS batch (10) of held vehicles.
    const held = Array.from({ length: 12 }, (_, index) => `veh_u_${String(index).padStart(2, '0')}`);
    for (const vehicleId of held) expect(await locks.hold(exp, vehicleId, new Date(lockedSince))).toBe(true);
    expect((await storedExport(exp))?.lock).toMatchObject({ heldChanges: 12 });

    // Another dealer neither sees nor unlocks it.
    const foreign = await call(UNLOCK, { dealerId: 'u1-intruder', exportId: exp.exportId });
    expect(foreign.status).toBe(404);
    expect(problemOf(foreign).code).toBe('NOT_FOUND');
    expect((await storedExport(exp))?.status).toBe('locked');
    expect([...(await locks.heldVehicles(exp.exportId))].sort()).toEqual(held);

    const answer = await call(UNLOCK, { dealerId: 'u1', exportId: exp.exportId });

    expect(answer.status).toBe(200);
    expect(ExportViewSchema.parse(answer.body)).toMatchObject({
      exportId: exp.exportId,
      status: 'active',
      lock: null,
    });
    expect(await storedExport(exp)).toMatchObject({ status: 'active', lock: null });
    expect((await storedExport(exp))?.unlockedAt).toEqual(expect.any(String));

    const messages = await deltaMessages(exp.exportId);
    expect(messages.map((message) => message.vehicleId).sort()).toEqual(held);
    for (const message of messages) {
      expect(message).toMatchObject({ dealerId: 'u1', exportId: exp.exportId, version: 0 });
      expect(message.resync).toMatch(/^unlock-\d+$/);
      expect(message.force).toBeUndefined();
    }
    // One re-sync names all of them: the same resync value on every message.
    expect(new Set(messages.map((message) => message.resync)).size).toBe(1);

    expect(await locks.heldVehicles(exp.exportId)).toEqual([]);
    const heldItem = await dynamo.documents.send(
      new GetCommand({
        TableName: tables.exports.name,
        Key: { pk: `EXPORT#${exp.exportId}`, sk: 'HELD#veh_u_00' },
        ConsistentRead: true,
      }),
    );
    expect(heldItem.Item).toBeUndefined();

    expect(await detailsOf(exp.exportId)).toEqual([
      expect.objectContaining({
        kind: 'unlock',
        action: 'none',
        outcome: 'success',
        counts: { resynced: 12 },
        messages: [expect.objectContaining({ code: 'UNLOCKED' })],
      }),
    ]);

    // Done: a second unlock is a conflict and queues nothing.
    const again = await call(UNLOCK, { dealerId: 'u1', exportId: exp.exportId });
    expect(again.status).toBe(409);
    expect(problemOf(again).code).toBe('NOT_LOCKED');
    expect(await deltaMessages(exp.exportId)).toEqual([]);
  });

  it('answers 409 NOT_LOCKED for an active export, writing and queueing nothing', async () => {
    const exp = await putExport(anExport({ exportId: 'exp_unlock_active', dealerId: 'u2' }));

    const answer = await call(UNLOCK, { dealerId: 'u2', exportId: exp.exportId });

    expect(answer.status).toBe(409);
    expect(problemOf(answer)).toMatchObject({ code: 'NOT_LOCKED', status: 409 });
    expect(await storedExport(exp)).toMatchObject({ status: 'active' });
    expect(await deltaMessages(exp.exportId)).toEqual([]);
    expect(await detailsOf(exp.exportId)).toEqual([]);
  });

  it('answers 404 for an unknown export', async () => {
    const answer = await call(UNLOCK, { dealerId: 'u3', exportId: 'exp_nowhere' });
    expect(answer.status).toBe(404);
    expect(problemOf(answer).code).toBe('NOT_FOUND');
  });
});

describe('POST /v1/exports/{exportId}/full-transfer', () => {
  it('answers 202 with a job id, stores the job queued and puts it on the jobs queue', async () => {
    const exp = await putExport(anExport({ exportId: 'exp_ft_api', dealerId: 'f1' }));

    const answer = await call(FULL_TRANSFER, { dealerId: 'f1', exportId: exp.exportId });

    expect(answer.status).toBe(202);
    const { jobId } = JobStartedSchema.parse(answer.body);
    expect(jobId).toMatch(/^job_[0-9A-Z]{26}$/);
    expect(await jobs.getJob(exp.exportId, jobId)).toEqual({
      dealerId: 'f1',
      exportId: exp.exportId,
      jobId,
      kind: 'full-transfer',
      state: 'queued',
      total: 0,
      done: 0,
      failed: 0,
      startedAt: null,
      finishedAt: null,
    });
    expect(await jobMessages(exp.exportId)).toEqual([
      { dealerId: 'f1', exportId: exp.exportId, jobId, kind: 'full-transfer' },
    ]);
    // Nothing is sent to the delta queue yet: the jobs worker does that.
    expect(await deltaMessages(exp.exportId)).toEqual([]);
  });

  it('runs a feed export’s feed: job kind "feed"', async () => {
    const exp = await putExport(
      anExport({ exportId: 'exp_ft_feed', dealerId: 'f2', appId: 'mobile-de-csv', transport: 'feed' }),
    );

    const answer = await call(FULL_TRANSFER, { dealerId: 'f2', exportId: exp.exportId });

    expect(answer.status).toBe(202);
    const { jobId } = JobStartedSchema.parse(answer.body);
    expect(await jobs.getJob(exp.exportId, jobId)).toMatchObject({ kind: 'feed', state: 'queued' });
    expect(await jobMessages(exp.exportId)).toEqual([
      { dealerId: 'f2', exportId: exp.exportId, jobId, kind: 'feed' },
    ]);
  });

  it.each([
    ['locked', 'EXPORT_LOCKED', { status: 'locked' as const, lock: aLock }],
    ['inactive', 'EXPORT_INACTIVE', { status: 'inactive' as const }],
    ['matching', 'MATCH_PENDING', { status: 'matching' as const }],
  ])('refuses a %s export with 409 %s, queueing no job', async (status, code, overrides) => {
    const exp = await putExport(anExport({ exportId: `exp_ft_${status}`, dealerId: 'f3', ...overrides }));

    const answer = await call(FULL_TRANSFER, { dealerId: 'f3', exportId: exp.exportId });

    expect(answer.status).toBe(409);
    expect(problemOf(answer).code).toBe(code);
    expect(await jobMessages(exp.exportId)).toEqual([]);
  });

  it('answers 404 for another dealer’s export, queueing no job', async () => {
    const exp = await putExport(anExport({ exportId: 'exp_ft_owner', dealerId: 'f4' }));
    const answer = await call(FULL_TRANSFER, { dealerId: 'f4-intruder', exportId: exp.exportId });
    expect(answer.status).toBe(404);
    expect(problemOf(answer).code).toBe('NOT_FOUND');
    expect(await jobMessages(exp.exportId)).toEqual([]);
  });
});

describe('PUT /v1/exports/{exportId}/vehicles/{vehicleId}/bookings', () => {
  const dealerId = 'k1';
  const push = anExport({ exportId: 'exp_bk_api', dealerId, appId: 'mobile-de-api' });
  const feed = anExport({ exportId: 'exp_bk_feed', dealerId, appId: 'mobile-de-csv', transport: 'feed' });
  const vehicle = aVehicle({
    vehicleId: 'veh_bk_1',
    internalNumber: 'BK-1',
    releases: { [push.exportId]: true },
  });
  const listedVehicle = aVehicle({ vehicleId: 'veh_bk_2', internalNumber: 'BK-2' });

  beforeAll(async () => {
    await putExport(push);
    await putExport(feed);
    expect(await stock.createVehicle(dealerId, vehicle)).toBe('written');
    expect(await stock.createVehicle(dealerId, listedVehicle)).toBe('written');
  });

  const putBookings = (body: unknown, request: Partial<Request> = {}) =>
    call(BOOKINGS, { dealerId, exportId: push.exportId, vehicleId: vehicle.vehicleId, body, ...request });

  it('stores the features on a new listing item in state "removed" and queues a sync of the vehicle', async () => {
    const answer = await putBookings({ features: ['TOP_AD', 'EYE_CATCHER', 'TOP_AD'] });

    expect(answer.status).toBe(200);
    expect(BookingsViewSchema.parse(answer.body)).toEqual({
      exportId: push.exportId,
      vehicleId: vehicle.vehicleId,
      features: ['EYE_CATCHER', 'TOP_AD'],
    });
    expect(await listings.getListing(push.exportId, vehicle.vehicleId)).toMatchObject({
      exportId: push.exportId,
      dealerId,
      vehicleId: vehicle.vehicleId,
      state: 'removed',
      listingRef: null,
      contentHash: null,
      bookings: ['EYE_CATCHER', 'TOP_AD'],
    });
    const messages = await deltaMessages(push.exportId);
    expect(messages).toEqual([
      expect.objectContaining({
        dealerId,
        exportId: push.exportId,
        vehicleId: vehicle.vehicleId,
        version: 0,
      }),
    ]);
    expect(messages[0]?.resync).toMatch(/^bk-\d+$/);
    // A new listing item changes no count: the export still lists nothing.
    expect((await storedExport(push))?.stats).toMatchObject({ listed: 0 });
  });

  it('keeps a live listing as it is and only replaces its bookings; [] books none', async () => {
    const listing: Listing = {
      exportId: push.exportId,
      dealerId,
      vehicleId: listedVehicle.vehicleId,
      state: 'listed',
      listingRef: '398765999',
      insertionKey: 'ins_kept',
      internalNumber: listedVehicle.internalNumber,
      contentHash: 'hash-before',
      bookings: ['TOP_AD'],
      syncedVersion: 1,
      updatedAt: '2026-11-27T08:00:00.000Z',
    };
    expect(await listings.saveListing(listing, undefined)).toBe(true);
    const request = { vehicleId: listedVehicle.vehicleId };

    const answer = await putBookings({ features: ['PAGE_ONE_AD', 'DAY_OFFER'] }, request);

    expect(answer.status).toBe(200);
    expect(BookingsViewSchema.parse(answer.body).features).toEqual(['DAY_OFFER', 'PAGE_ONE_AD']);
    expect(await listings.getListing(push.exportId, listedVehicle.vehicleId)).toMatchObject({
      state: 'listed',
      listingRef: '398765999',
      insertionKey: 'ins_kept',
      contentHash: 'hash-before',
      bookings: ['DAY_OFFER', 'PAGE_ONE_AD'],
    });
    expect(await deltaMessages(push.exportId)).toEqual([
      expect.objectContaining({ vehicleId: listedVehicle.vehicleId }),
    ]);

    const none = await putBookings({ features: [] }, request);
    expect(BookingsViewSchema.parse(none.body).features).toEqual([]);
    expect((await listings.getListing(push.exportId, listedVehicle.vehicleId))?.bookings).toEqual([]);
    expect(await deltaMessages(push.exportId)).toHaveLength(1);
  });

  it('stores the bookings of a feed export without a sync message (the next file carries them)', async () => {
    const answer = await putBookings({ features: ['EYE_CATCHER'] }, { exportId: feed.exportId });

    expect(answer.status).toBe(200);
    expect((await listings.getListing(feed.exportId, vehicle.vehicleId))?.bookings).toEqual(['EYE_CATCHER']);
    expect(await deltaMessages(feed.exportId)).toEqual([]);
  });

  it('answers 422 UNSUPPORTED_FEATURE naming the feature the app cannot book, storing nothing', async () => {
    const before = await listings.getListing(push.exportId, vehicle.vehicleId);

    const answer = await putBookings({ features: ['GALLERY_SPOTLIGHT', 'TOP_AD'] });

    expect(answer.status).toBe(422);
    const problem = problemOf(answer);
    expect(problem.code).toBe('UNSUPPORTED_FEATURE');
    expect(problem.errors).toEqual([
      { path: 'features.0', message: expect.stringContaining('TOP_AD') as unknown },
    ]);
    // The built-in feed books fewer features than the API app.
    const onFeed = await putBookings({ features: ['EYE_CATCHER', 'TOP_AD'] }, { exportId: feed.exportId });
    expect(problemOf(onFeed)).toMatchObject({
      code: 'UNSUPPORTED_FEATURE',
      errors: [{ path: 'features.1' }],
    });

    expect(await listings.getListing(push.exportId, vehicle.vehicleId)).toEqual(before);
    expect(await deltaMessages(push.exportId)).toEqual([]);
  });

  it('answers 404 for an unknown vehicle and for another dealer’s export', async () => {
    const unknown = await putBookings({ features: ['TOP_AD'] }, { vehicleId: 'veh_nowhere' });
    expect(unknown.status).toBe(404);
    expect(problemOf(unknown).code).toBe('NOT_FOUND');
    expect(await listings.getListing(push.exportId, 'veh_nowhere')).toBeUndefined();

    const foreign = await putBookings({ features: ['TOP_AD'] }, { dealerId: 'k1-intruder' });
    expect(foreign.status).toBe(404);
    expect(problemOf(foreign).code).toBe('NOT_FOUND');

    // The intruder's own stock does not make another dealer's vehicle bookable either.
    const otherStock = await putBookings(
      { features: ['TOP_AD'] },
      { dealerId: 'k1-intruder', exportId: 'exp_x' },
    );
    expect(otherStock.status).toBe(404);
    expect(await deltaMessages(push.exportId)).toEqual([]);
  });

  it.each([
    ['a string for the list', { features: 'TOP_AD' }, 'features'],
    ['an empty feature', { features: [''] }, 'features.0'],
    ['an unknown key', { features: [], extra: true }, '(root)'],
    ['no features', {}, 'features'],
  ])('answers 422 VALIDATION_FAILED for %s', async (_what, body, path) => {
    const answer = await putBookings(body);
    expect(answer.status).toBe(422);
    const problem = problemOf(answer);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors?.map((issue) => issue.path)).toEqual([path]);
  });

  it('answers 400 MALFORMED_JSON for a body that is not JSON', async () => {
    const answer = await call(BOOKINGS, {
      dealerId,
      exportId: push.exportId,
      vehicleId: vehicle.vehicleId,
      rawBody: '{"features":[',
    });
    expect(answer.status).toBe(400);
    expect(problemOf(answer).code).toBe('MALFORMED_JSON');
  });
});
