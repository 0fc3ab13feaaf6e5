import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as ExportDetailsModule from '../../functions/http/export-details';
import { tables } from '../../infra/topology';
import {
  DynamoDetailRepository,
  detailKeys,
  type DetailReadLimits,
} from '../../shared/adapters/dynamodb/export-details-table';
import { DynamoExportsRepository, exportItem } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoExportStore } from '../../shared/adapters/dynamodb/exports-store';
import { ProblemSchema } from '../../shared/contract/common';
import { DetailListSchema, JobResponseSchema } from '../../shared/contract/export-control';
import type { Detail } from '../../shared/domain/detail';
import type { Job } from '../../shared/domain/job';
import { httpEvent, lambdaContext } from '../support/events';
import { FakeClock, aJob, anExport } from '../support/fakes';
import { startTestDynamo, type TestDynamo } from '../support/local-services';

/**
 * functions/http/export-details.ts in-process against DynamoDB Local. The routes run over a fake
 * clock set years ahead of the real one: details "expired" for the fake clock are still far from
 * expiry for DynamoDB Local's TTL, so they stay in the table (as TTL's lazy deletion allows) and
 * the reads alone must keep them out.
 */
type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const NOW = new Date('2030-03-15T12:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

let dynamo: TestDynamo;
let module: typeof ExportDetailsModule;
let control: Handler;
/** The same routes with tiny read limits, so paging and short pages show with few items. */
let tight: Handler;
const clock = new FakeClock(NOW);

async function put(table: string, item: Record<string, unknown>): Promise<void> {
  await dynamo.documents.send(new PutCommand({ TableName: table, Item: item }));
}

function handlerWith(limits?: DetailReadLimits): Handler {
  return module.exportControlHandler({
    exports: new DynamoExportStore(dynamo.documents, tables.exports.name),
    jobs: new DynamoExportsRepository(dynamo.documents, tables.exports.name),
    details: new DynamoDetailRepository(dynamo.documents, tables.exportDetails.name, limits),
    clock,
  });
}

beforeAll(async () => {
  dynamo = await startTestDynamo();
  const env: Record<string, string> = {
    AWS_REGION: 'eu-central-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.server.endpoint,
    [tables.exports.envVar]: tables.exports.name,
    [tables.exportDetails.envVar]: tables.exportDetails.name,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  module = await import('../../functions/http/export-details');
  control = handlerWith();
  tight = handlerWith({ filteredReadSize: 2, maxCallsPerPage: 2 });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await dynamo?.server.stop();
});

interface Request {
  readonly dealerId?: string;
  readonly exportId: string;
  readonly jobId?: string;
  readonly query?: Record<string, string>;
}

async function call(handler: Handler, routeKey: string, request: Request) {
  const event = {
    ...httpEvent({ routeKey, claims: { dealerId: request.dealerId ?? 'd1', sub: 'user-1' } }),
    pathParameters: {
      exportId: request.exportId,
      ...(request.jobId === undefined ? {} : { jobId: request.jobId }),
    },
    ...(request.query ? { queryStringParameters: request.query } : {}),
  };
  const result = await handler(event, lambdaContext());
  return {
    status: result.statusCode,
    contentType: result.headers?.['content-type'],
    body: JSON.parse(result.body ?? 'null') as unknown,
  };
}

const DETAILS = 'GET /v1/exports/{exportId}/details';
const JOB = 'GET /v1/exports/{exportId}/jobs/{jobId}';
const listDetails = (request: Request, handler = control) => call(handler, DETAILS, request);
const idsOf = async (request: Request, handler = control) => {
  const answer = await listDetails(request, handler);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return DetailListSchema.parse(answer.body).items.map((item) => item.detailId);
};
const problemOf = (answer: { status: number | undefined; contentType: unknown; body: unknown }) => {
  expect(answer.contentType).toBe('application/problem+json');
  return ProblemSchema.parse(answer.body);
};

function aDetail(detailId: string, at: string, overrides: Partial<Detail> = {}): Detail {
  return {
    detailId,
    exportId: 'exp_A',
    at,
    kind: 'delta',
    vehicleId: 'veh_1',
    action: 'update',
    outcome: 'success',
    messages: [],
    ...overrides,
  };
}

describe('GET /v1/exports/{exportId}/details', () => {
  // A run detail: no vehicle.
  const { vehicleId: _none, ...feedRun } = aDetail('d04', ago(2 * HOUR), {
    kind: 'feed',
    action: 'none',
    counts: { vehicles: 120, bytes: 48213 },
    durationMs: 312,
    messages: [{ severity: 'warning', code: 'missing-field', text: 'exteriorColor missing' }],
  });
  const visible = [
    // A worker whose clock runs a little ahead: still shown while `to` is open.
    aDetail('d00', new Date(NOW.getTime() + 2000).toISOString()),
    aDetail('d01', ago(MINUTE)),
    aDetail('d02', ago(10 * MINUTE), { vehicleId: 'veh_2', action: 'create', outcome: 'error' }),
    aDetail('d03', ago(HOUR), { action: 'delete', outcome: 'warning', listingRef: '398765432' }),
    feedRun,
    aDetail('d05', ago(DAY), { vehicleId: 'veh_2', kind: 'full-transfer', outcome: 'error' }),
    aDetail('d06', ago(3 * DAY), { action: 'create', outcome: 'held' }),
    aDetail('d07', ago(5 * DAY - MINUTE), { vehicleId: 'veh_3', outcome: 'skipped', bookings: ['TOP_AD'] }),
  ];
  const allIds = visible.map((detail) => detail.detailId);
  // Written as the workers write them: expiresAt = at + 5 days, so already past for NOW.
  const expired = [aDetail('x1', ago(5 * DAY + MINUTE)), aDetail('x2', ago(6 * DAY), { outcome: 'error' })];

  beforeAll(async () => {
    await put(tables.exports.name, exportItem(anExport({ exportId: 'exp_A', dealerId: 'd1' })));
    await put(tables.exports.name, exportItem(anExport({ exportId: 'exp_B', dealerId: 'd2' })));
    const details = new DynamoDetailRepository(dynamo.documents, tables.exportDetails.name);
    for (const detail of [...visible, ...expired]) await details.record(detail);
    await details.record(aDetail('b1', ago(5 * MINUTE), { exportId: 'exp_B' }));
    // Each guard alone: x3 is older than the window but not expired (its TTL attribute says
    // otherwise); x4 is inside the window but expired. Neither may show.
    const raw = (detail: Detail, expiresAt: Date) =>
      put(tables.exportDetails.name, {
        pk: detailKeys.export(detail.exportId),
        sk: detailKeys.sort(detail),
        vehiclePk: detailKeys.vehicle(detail.exportId, detail.vehicleId),
        expiresAt: Math.floor(expiresAt.getTime() / 1000),
        ...detail,
      });
    await raw(aDetail('x3', ago(6 * DAY)), new Date(NOW.getTime() + DAY));
    await raw(aDetail('x4', ago(2 * DAY)), new Date(NOW.getTime() - MINUTE));
  });

  it('answers the details of the last 5 days newest first, in the Detail shape of API.md', async () => {
    const answer = await listDetails({ exportId: 'exp_A' });

    expect(answer.status).toBe(200);
    const page = DetailListSchema.parse(answer.body);
    expect(page.items.map((item) => item.detailId)).toEqual(allIds);
    expect(page.nextCursor).toBeNull();
    const { exportId: _exportId, ...feedView } = feedRun;
    // Exactly the API's fields: no table keys, no TTL attribute, no export id.
    expect((answer.body as { items: unknown[] }).items[4]).toStrictEqual(feedView);
  });

  it('never answers expired details, though they are still in the table', async () => {
    const stored = async (detail: Detail) =>
      (
        await dynamo.documents.send(
          new GetCommand({
            TableName: tables.exportDetails.name,
            Key: { pk: detailKeys.export(detail.exportId), sk: detailKeys.sort(detail) },
          }),
        )
      ).Item;
    for (const detail of expired) expect(await stored(detail)).toBeDefined();

    expect(await idsOf({ exportId: 'exp_A', query: { from: ago(10 * DAY), limit: '200' } })).toEqual(allIds);
    expect(await idsOf({ exportId: 'exp_A', query: { vehicleId: 'veh_1', outcome: 'error' } })).toEqual([]);
    // x4: inside the window by `at`, but expired.
    expect(
      await idsOf({ exportId: 'exp_A', query: { from: ago(2 * DAY + HOUR), to: ago(2 * DAY - HOUR) } }),
    ).toEqual([]);
  });

  it('moves a `from` before the window up to now − 5 days', async () => {
    // x1..x3 lie in the asked range; x3 has not even expired. The clamped range is empty.
    expect(
      await idsOf({ exportId: 'exp_A', query: { from: ago(30 * DAY), to: ago(5 * DAY + 1000) } }),
    ).toEqual([]);
    expect(await idsOf({ exportId: 'exp_A', query: { from: ago(30 * DAY), to: ago(4 * DAY) } })).toEqual([
      'd07',
    ]);
  });

  it('moves the window with the clock', async () => {
    clock.set(new Date(NOW.getTime() + 2 * DAY + HOUR).toISOString());
    try {
      expect(await idsOf({ exportId: 'exp_A' })).toEqual(['d00', 'd01', 'd02', 'd03', 'd04', 'd05']);
    } finally {
      clock.set(NOW.toISOString());
    }
  });

  it('takes `from` and `to` inclusively; a `to` in the future is fine, an offset is UTC', async () => {
    expect(await idsOf({ exportId: 'exp_A', query: { from: ago(2 * HOUR), to: ago(MINUTE) } })).toEqual([
      'd01',
      'd02',
      'd03',
      'd04',
    ]);
    expect(await idsOf({ exportId: 'exp_A', query: { to: NOW.toISOString() } })).toEqual(allIds.slice(1));
    expect(await idsOf({ exportId: 'exp_A', query: { to: '2031-01-01T00:00:00Z' } })).toEqual(allIds);
    // 13:59+02:00 is 11:59Z: d01 (11:59:00Z) and everything older.
    expect(await idsOf({ exportId: 'exp_A', query: { to: '2030-03-15T13:59:00+02:00' } })).toEqual(
      allIds.slice(1),
    );
  });

  it.each([
    [{ vehicleId: 'veh_1' }, ['d00', 'd01', 'd03', 'd06']],
    [{ vehicleId: 'veh_2', outcome: 'error' }, ['d02', 'd05']],
    [{ vehicleId: 'veh_9' }, []],
    [{ outcome: 'error' }, ['d02', 'd05']],
    [{ outcome: 'skipped' }, ['d07']],
    [{ action: 'create' }, ['d02', 'd06']],
    [{ action: 'none' }, ['d04']],
    [{ kind: 'feed' }, ['d04']],
    [{ kind: 'full-transfer', outcome: 'error', action: 'update' }, ['d05']],
    [{ vehicleId: 'veh_1', from: ago(2 * HOUR), to: ago(MINUTE) }, ['d01', 'd03']],
  ])('filters by %j', async (query, ids) => {
    expect(await idsOf({ exportId: 'exp_A', query })).toEqual(ids);
  });

  it('answers 404 for another dealer’s export and for an unknown one', async () => {
    for (const request of [
      { dealerId: 'd2', exportId: 'exp_A' },
      { dealerId: 'd1', exportId: 'exp_B' },
      { dealerId: 'd1', exportId: 'exp_missing' },
    ]) {
      const answer = await listDetails(request);
      expect(answer.status).toBe(404);
      expect(problemOf(answer).code).toBe('NOT_FOUND');
    }
    expect(await idsOf({ dealerId: 'd2', exportId: 'exp_B' })).toEqual(['b1']);
  });

  it.each([
    [{ from: ago(HOUR), to: ago(2 * HOUR) }, 'query.from'],
    [{ from: 'yesterday' }, 'query.from'],
    [{ to: '2030-03-15' }, 'query.to'],
    [{ outcome: 'failed' }, 'query.outcome'],
    [{ action: 'upsert' }, 'query.action'],
    [{ kind: 'sync' }, 'query.kind'],
    [{ limit: '0' }, 'query.limit'],
    [{ limit: '201' }, 'query.limit'],
    [{ limit: 'ten' }, 'query.limit'],
  ])('answers 422 VALIDATION_FAILED for %j', async (query, path) => {
    const answer = await listDetails({ exportId: 'exp_A', query });
    expect(answer.status).toBe(422);
    const problem = problemOf(answer);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors?.map((issue) => issue.path)).toEqual([path]);
  });
});

describe('details paging', () => {
  // 30 details a minute apart for veh_0..veh_2; every fifth an error.
  const paged = Array.from({ length: 30 }, (_, index) =>
    aDetail(`p${String(index).padStart(2, '0')}`, ago((index + 1) * MINUTE), {
      exportId: 'exp_P',
      vehicleId: `veh_${index % 3}`,
      outcome: index % 5 === 0 ? 'error' : 'success',
    }),
  );
  const ids = (filter: (detail: Detail) => boolean) => paged.filter(filter).map((detail) => detail.detailId);

  beforeAll(async () => {
    await put(tables.exports.name, exportItem(anExport({ exportId: 'exp_P', dealerId: 'd1' })));
    const details = new DynamoDetailRepository(dynamo.documents, tables.exportDetails.name);
    // Written together as the delta worker does (25 to a request: two requests), read one by one.
    await details.recordAll(paged);
    // Expired details between and after them must not end up in any page.
    await details.record(aDetail('px', ago(6 * DAY), { exportId: 'exp_P', outcome: 'error' }));
  });

  async function allPages(query: Record<string, string>, handler: Handler) {
    const pages: { items: string[]; nextCursor: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const answer = await listDetails(
        { exportId: 'exp_P', query: { ...query, ...(cursor ? { cursor } : {}) } },
        handler,
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const page = DetailListSchema.parse(answer.body);
      pages.push({ items: page.items.map((item) => item.detailId), nextCursor: page.nextCursor });
      cursor = page.nextCursor;
      expect(pages.length).toBeLessThan(40);
    } while (cursor);
    return pages;
  }

  it('pages through every detail newest first, `limit` at a time', async () => {
    const pages = await allPages({ limit: '7' }, control);
    expect(pages.map((page) => page.items.length)).toEqual([7, 7, 7, 7, 2]);
    expect(pages.flatMap((page) => page.items)).toEqual(ids(() => true));
  });

  it('pages with filters: full pages while the reads allow, nothing lost or repeated', async () => {
    const pages = await allPages({ limit: '4', outcome: 'success' }, control);
    expect(pages.flatMap((page) => page.items)).toEqual(ids((detail) => detail.outcome === 'success'));
    expect(pages.slice(0, -1).every((page) => page.items.length === 4)).toBe(true);
  });

  it('returns a short page with a cursor when the bounded reads run out, then continues', async () => {
    // tight: 2 calls of 2 items per request; errors are every fifth item.
    const pages = await allPages({ limit: '2', outcome: 'error' }, tight);
    expect(pages.flatMap((page) => page.items)).toEqual(ids((detail) => detail.outcome === 'error'));
    expect(pages.some((page) => page.items.length < 2 && page.nextCursor !== null)).toBe(true);
    expect(pages.at(-1)!.nextCursor).toBeNull();
  });

  it('pages through the vehicle index with filters', async () => {
    const expected = ids((detail) => detail.vehicleId === 'veh_0' && detail.outcome === 'success');
    for (const handler of [control, tight]) {
      const pages = await allPages({ limit: '2', vehicleId: 'veh_0', outcome: 'success' }, handler);
      expect(pages.flatMap((page) => page.items)).toEqual(expected);
    }
  });

  it('refuses a cursor of another list with 422 INVALID_CURSOR', async () => {
    const first = DetailListSchema.parse(
      (await listDetails({ exportId: 'exp_P', query: { limit: '2' } })).body,
    ).nextCursor!;
    const ofVehicle = DetailListSchema.parse(
      (await listDetails({ exportId: 'exp_P', query: { limit: '2', vehicleId: 'veh_1' } })).body,
    ).nextCursor!;
    for (const [exportId, query] of [
      ['exp_P', { cursor: 'not-a-cursor' }],
      ['exp_A', { cursor: first }],
      ['exp_P', { cursor: first, vehicleId: 'veh_1' }],
      ['exp_P', { cursor: ofVehicle }],
      ['exp_P', { cursor: ofVehicle, vehicleId: 'veh_2' }],
      // `to` moved before the cursor's position between pages.
      ['exp_P', { cursor: first, to: ago(20 * MINUTE) }],
    ] as const) {
      const answer = await listDetails({ exportId, query });
      expect(answer.status, JSON.stringify(query)).toBe(422);
      expect(problemOf(answer).code).toBe('INVALID_CURSOR');
    }
  });

  it('ends the list when time moved past the cursor while paging', async () => {
    const first = DetailListSchema.parse(
      (await listDetails({ exportId: 'exp_P', query: { limit: '2' } })).body,
    ).nextCursor!;
    clock.set(new Date(NOW.getTime() + 6 * DAY).toISOString());
    try {
      const answer = await listDetails({ exportId: 'exp_P', query: { cursor: first } });
      expect(DetailListSchema.parse(answer.body)).toEqual({ items: [], nextCursor: null });
    } finally {
      clock.set(NOW.toISOString());
    }
  });
});

describe('GET /v1/exports/{exportId}/jobs/{jobId}', () => {
  const running: Job = {
    dealerId: 'd1',
    exportId: 'exp_J',
    jobId: 'job_1',
    kind: 'full-transfer',
    state: 'running',
    total: 120,
    done: 40,
    failed: 2,
    startedAt: ago(MINUTE),
    finishedAt: null,
  };
  const failed: Job = {
    ...running,
    jobId: 'job_2',
    kind: 'feed',
    state: 'failed',
    error: 'connect ECONNREFUSED 10.0.0.7:21',
    finishedAt: NOW.toISOString(),
  };

  beforeAll(async () => {
    await put(tables.exports.name, exportItem(anExport({ exportId: 'exp_J', dealerId: 'd1' })));
    await put(tables.exports.name, exportItem(anExport({ exportId: 'exp_K', dealerId: 'd2' })));
    const jobs = new DynamoExportsRepository(dynamo.documents, tables.exports.name);
    await jobs.saveJob(running);
    await jobs.saveJob(failed);
  });

  it('answers the job with its progress, in the shape of API.md', async () => {
    const answer = await call(control, JOB, { exportId: 'exp_J', jobId: 'job_1' });

    expect(answer.status).toBe(200);
    expect(answer.body).toStrictEqual({
      jobId: 'job_1',
      kind: 'full-transfer',
      state: 'running',
      total: 120,
      done: 40,
      failed: 2,
      startedAt: running.startedAt,
      finishedAt: null,
    });
    expect(JobResponseSchema.parse(answer.body)).toEqual(answer.body);
  });

  it('answers a failed job without the internal error text', async () => {
    const answer = await call(control, JOB, { exportId: 'exp_J', jobId: 'job_2' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ state: 'failed', finishedAt: NOW.toISOString() });
    expect(answer.body).not.toHaveProperty('error');
  });

  it.each([
    ['an unknown job', { dealerId: 'd1', exportId: 'exp_J', jobId: 'job_9' }],
    ['a job of another export', { dealerId: 'd1', exportId: 'exp_A', jobId: 'job_1' }],
    ['another dealer’s export', { dealerId: 'd2', exportId: 'exp_J', jobId: 'job_1' }],
    ['another dealer’s job under its own export', { dealerId: 'd2', exportId: 'exp_K', jobId: 'job_1' }],
    ['an unknown export', { dealerId: 'd1', exportId: 'exp_missing', jobId: 'job_1' }],
  ])('answers 404 NOT_FOUND for %s', async (_, request) => {
    const answer = await call(control, JOB, request);
    expect(answer.status).toBe(404);
    expect(problemOf(answer).code).toBe('NOT_FOUND');
  });
});

describe('the deployed handler (module scope config, system clock)', () => {
  it('reads a detail written just now and a job', async () => {
    const handler: Handler = module.handler;
    await put(tables.exports.name, exportItem(anExport({ exportId: 'exp_R', dealerId: 'd1' })));
    const detail = aDetail('r1', new Date().toISOString(), { exportId: 'exp_R' });
    await new DynamoDetailRepository(dynamo.documents, tables.exportDetails.name).record(detail);
    await new DynamoExportsRepository(dynamo.documents, tables.exports.name).saveJob(
      aJob({ exportId: 'exp_R', jobId: 'job_r' }),
    );

    expect(await idsOf({ exportId: 'exp_R' }, handler)).toEqual(['r1']);
    const job = await call(handler, JOB, { exportId: 'exp_R', jobId: 'job_r' });
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ jobId: 'job_r', state: 'queued' });
  });
});
