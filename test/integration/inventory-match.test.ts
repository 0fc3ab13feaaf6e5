import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  startAutoScout24Emulator,
  type AutoScout24Emulator,
} from '../../infra/local/emulators/autoscout24/server';
import { startMobileDeEmulator, type MobileDeEmulator } from '../../infra/local/emulators/mobile-de/server';
import { ensureSecretsKeyFile } from '../../infra/local/secrets-key-file';
import { queues, tables } from '../../infra/topology';
import { exportItem, DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoListingStore } from '../../shared/adapters/dynamodb/listings-table';
import { DynamoMatchStore } from '../../shared/adapters/dynamodb/match-table';
import { DynamoStockRepository } from '../../shared/adapters/dynamodb/stock-table';
import { MatchViewSchema } from '../../shared/contract/export-match';
import type { Job } from '../../shared/domain/job';
import { SyncMessageSchema, type SyncMessage } from '../../shared/domain/sync-message';
import type { Vehicle } from '../../shared/domain/vehicle';
import { sampleVehicle } from '../fixtures/autoscout24/vehicles';
import { httpEvent, lambdaContext, sqsRecord } from '../support/events';
import { aJob, anExport } from '../support/fakes';
import { startTestDynamo, startTestSqs, type TestDynamo, type TestSqs } from '../support/local-services';

type QueueHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
type HttpHandler = (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const PROVIDER = { user: 'provider-test', password: 'test-Secret-9' };
const SELLER = '1000001';
const CUSTOMER = '2000001';

let dynamo: TestDynamo;
let sqs: TestSqs;
let mobileDe: MobileDeEmulator;
let autoScout24: AutoScout24Emulator;
let runJobHandler: QueueHandler;
let syncHandler: QueueHandler;
let matchHandler: HttpHandler;
let stock: DynamoStockRepository;
let exportsRepository: DynamoExportsRepository;
let listings: DynamoListingStore;
let matches: DynamoMatchStore;

/**
 * The inventory match end to end below the gateway: DynamoDB Local, the SQS emulator and the
 * platform emulators over HTTP, with the real functions (jobs worker, delta worker, match routes)
 * loaded as Lambda loads them.
 */
beforeAll(async () => {
  [dynamo, sqs, mobileDe, autoScout24] = await Promise.all([
    startTestDynamo(),
    startTestSqs(),
    startMobileDeEmulator({ users: [PROVIDER], sellers: [{ mobileSellerId: SELLER }] }),
    startAutoScout24Emulator({ users: [PROVIDER], customers: [{ id: CUSTOMER }] }),
  ]);
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
    DEALER_SECRETS_KEY_FILE: ensureSecretsKeyFile(undefined),
    OUTBOUND_ALLOW_PRIVATE_TARGETS: 'true',
    EMAIL_SENDER: 'exports@test.example',
    MOBILE_DE_API_URL: mobileDe.url,
    MOBILE_DE_API_USER: PROVIDER.user,
    MOBILE_DE_API_PASSWORD: PROVIDER.password,
    AUTOSCOUT24_API_URL: autoScout24.url,
    AUTOSCOUT24_API_USER: PROVIDER.user,
    AUTOSCOUT24_API_PASSWORD: PROVIDER.password,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  runJobHandler = ((await import('../../functions/queue/run-job')) as unknown as { handler: QueueHandler })
    .handler;
  syncHandler = ((await import('../../functions/queue/sync-listing')) as unknown as { handler: QueueHandler })
    .handler;
  matchHandler = ((await import('../../functions/http/export-match')) as unknown as { handler: HttpHandler })
    .handler;
  stock = new DynamoStockRepository(dynamo.documents, tables.stock.name);
  exportsRepository = new DynamoExportsRepository(dynamo.documents, tables.exports.name);
  listings = new DynamoListingStore(dynamo.documents, tables.exports.name);
  matches = new DynamoMatchStore(dynamo.documents, tables.exports.name);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([mobileDe?.stop(), autoScout24?.stop(), sqs?.server.stop(), dynamo?.server.stop()]);
});

/** Four released vehicles: v1 (number), v2 (VIN) match; v3 (a Golf) and v4 are new. v5 is not released. */
async function seedStock(
  dealerId: string,
  exportId: string,
): Promise<Record<'v1' | 'v2' | 'v3' | 'v4' | 'v5', Vehicle>> {
  const vehicle = (id: string, overrides: Partial<Vehicle>): Vehicle =>
    sampleVehicle({
      vehicleId: `${exportId}_${id}`,
      internalNumber: `STK-${id}`,
      vin: `WAUZZZ8K9KA00000${id.slice(1)}`,
      images: undefined,
      releases: { [exportId]: true },
      ...overrides,
    });
  const vehicles = {
    v1: vehicle('v1', {}),
    v2: vehicle('v2', {}),
    v3: vehicle('v3', {
      make: 'Volkswagen',
      model: 'Golf',
      modelDescription: 'Golf 1.5 TSI',
      vin: undefined,
    }),
    v4: vehicle('v4', {}),
    v5: vehicle('v5', { make: 'Volkswagen', model: 'Golf', releases: { [exportId]: false }, vin: undefined }),
  };
  for (const item of Object.values(vehicles))
    expect(await stock.createVehicle(dealerId, item)).toBe('written');
  return vehicles;
}

async function putMatchingExport(dealerId: string, exportId: string, appId: string, settings: object) {
  const exp = anExport({ exportId, dealerId, appId, status: 'matching', settings: { ...settings } });
  await dynamo.documents.send(new PutCommand({ TableName: tables.exports.name, Item: exportItem(exp) }));
}

async function runMatchJob(dealerId: string, exportId: string, jobId = `job_${exportId}`): Promise<Job> {
  const job = aJob({ dealerId, exportId, jobId });
  await exportsRepository.saveJob(job);
  const message = { dealerId, exportId, jobId, kind: 'match' };
  const answer = await runJobHandler({ Records: [sqsRecord(message, exportId)] }, lambdaContext());
  expect(answer.batchItemFailures).toEqual([]);
  return (await exportsRepository.getJob(exportId, jobId))!;
}

/** Takes every message off the delta queue (FIFO: a group's next message shows once this one is deleted). */
async function drainDelta(): Promise<SyncMessage[]> {
  const taken: SyncMessage[] = [];
  for (let empty = 0; empty < 2;) {
    const { Messages = [] } = await sqs.client.send(
      new ReceiveMessageCommand({ QueueUrl: sqs.server.queues.delta.url, MaxNumberOfMessages: 10 }),
    );
    if (Messages.length === 0) empty++;
    for (const message of Messages) {
      taken.push(SyncMessageSchema.parse(JSON.parse(message.Body!)));
      await sqs.client.send(
        new DeleteMessageCommand({
          QueueUrl: sqs.server.queues.delta.url,
          ReceiptHandle: message.ReceiptHandle!,
        }),
      );
    }
  }
  return taken;
}

async function deliverToWorker(messages: readonly SyncMessage[]): Promise<void> {
  const records = messages.map((message) => sqsRecord(message, `${message.exportId}#${message.vehicleId}`));
  const answer = await syncHandler({ Records: records }, lambdaContext());
  expect(answer.batchItemFailures).toEqual([]);
}

async function callMatch(
  routeKey: string,
  request: { dealerId: string; exportId: string; listingRef?: string; body?: unknown },
): Promise<{ status: number; body: unknown }> {
  const event = {
    ...httpEvent({
      routeKey,
      claims: { dealerId: request.dealerId, sub: 'user-1' },
      ...(request.body === undefined
        ? {}
        : { body: JSON.stringify(request.body), contentType: 'application/json' }),
    }),
    pathParameters: {
      exportId: request.exportId,
      ...(request.listingRef ? { listingRef: request.listingRef } : {}),
    },
  };
  const result = await matchHandler(event, lambdaContext());
  return {
    status: result.statusCode ?? 200,
    body: result.body ? (JSON.parse(result.body) as unknown) : undefined,
  };
}

const platformCalls = (requests: readonly { method: string; path: string }[], method: string) =>
  requests.filter((request) => request.method === method).map((request) => request.path);

describe('inventory match with mobile.de', () => {
  const dealerId = 'd-match-md';
  const exportId = 'exp_match_md';
  const ads = `/seller-api/sellers/${SELLER}/ads`;

  it('adopts by number and VIN, creates only the new vehicles, leaves the stranger for the dealer', async () => {
    const vehicles = await seedStock(dealerId, exportId);
    const seed = async (ad: object) => {
      const answer = await fetch(`${mobileDe.url}/_emulator/sellers/${SELLER}/ads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ad),
      });
      expect(answer.status).toBe(201);
      return ((await answer.json()) as { mobileAdId: string }).mobileAdId;
    };
    const byNumber = await seed({
      make: 'AUDI',
      model: 'A4',
      modelDescription: 'A4 (old text)',
      internalNumber: 'STK-v1',
    });
    const byVin = await seed({
      make: 'AUDI',
      model: 'A4',
      modelDescription: 'A4 by VIN',
      internalNumber: 'DMS-17',
      vin: 'wauzzz8k9ka000002',
    });
    const stranger = await seed({ make: 'VW', model: 'Golf', modelDescription: 'Golf 1.5 TSI Life' });
    await putMatchingExport(dealerId, exportId, 'mobile-de-api', { sellerId: SELLER });
    expect(mobileDe.control.ads(SELLER).map((ad) => ad.mobileAdId)).toEqual([byNumber, byVin, stranger]);

    const job = await runMatchJob(dealerId, exportId);

    expect(job).toMatchObject({ state: 'done', total: 7, done: 7 });
    expect((await exportsRepository.getExport(dealerId, exportId))?.status).toBe('active');
    expect(await listings.getListing(exportId, vehicles.v1.vehicleId)).toMatchObject({
      state: 'listed',
      listingRef: byNumber,
      contentHash: null,
    });
    expect(await listings.getListing(exportId, vehicles.v2.vehicleId)).toMatchObject({
      state: 'listed',
      listingRef: byVin,
      contentHash: null,
    });
    // The job only read: one list call, nothing created.
    expect(mobileDe.control.requests().map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET ${ads}`,
    ]);

    // v3 (a Golf) may be the stranger: it waits for the dealer's decision instead of a second ad.
    const queued = await drainDelta();
    expect(queued.map((message) => message.vehicleId).sort()).toEqual(
      [vehicles.v1, vehicles.v2, vehicles.v4].map((vehicle) => vehicle.vehicleId).sort(),
    );
    await deliverToWorker(queued);

    const requests = mobileDe.control.requests();
    expect(platformCalls(requests, 'POST')).toEqual([ads]);
    expect(platformCalls(requests, 'PUT').sort()).toEqual([`${ads}/${byNumber}`, `${ads}/${byVin}`].sort());
    expect(platformCalls(requests, 'DELETE')).toEqual([]);
    expect(mobileDe.control.ads(SELLER).find((ad) => ad.mobileAdId === stranger)).toMatchObject({
      modelDescription: 'Golf 1.5 TSI Life',
    });
    expect(mobileDe.control.ads(SELLER)).toHaveLength(4);

    const match = await callMatch('GET /v1/exports/{exportId}/match', { dealerId, exportId });
    expect(match).toEqual({
      status: 200,
      body: {
        state: 'done',
        matched: [
          { vehicleId: vehicles.v1.vehicleId, listingRef: byNumber, by: 'internalNumber' },
          { vehicleId: vehicles.v2.vehicleId, listingRef: byVin, by: 'vin' },
        ],
        unmatchedListings: [
          {
            listingRef: stranger,
            title: 'Golf 1.5 TSI Life',
            internalNumber: null,
            vin: null,
            candidates: [vehicles.v3.vehicleId],
          },
        ],
        unmatchedVehicles: [vehicles.v3.vehicleId, vehicles.v4.vehicleId],
      },
    });
    // A change of the held Golf meanwhile creates nothing either.
    const v3 = vehicles.v3;
    expect(await stock.replaceVehicle(dealerId, v3, { ...v3, version: 2, mileageKm: 51_000 })).toBe(
      'written',
    );
    await deliverToWorker([{ dealerId, exportId, vehicleId: v3.vehicleId, version: 2 }]);
    expect(platformCalls(mobileDe.control.requests(), 'POST')).toHaveLength(1);

    // The dealer assigns the stranger, once; a vehicle with a listing of its own cannot take it.
    const path = { dealerId, exportId, listingRef: stranger };
    const listed = await callMatch('PUT /v1/exports/{exportId}/match/{listingRef}', {
      ...path,
      body: { vehicleId: vehicles.v4.vehicleId },
    });
    expect(listed).toMatchObject({ status: 409, body: { code: 'VEHICLE_LISTED' } });
    const assigned = await callMatch('PUT /v1/exports/{exportId}/match/{listingRef}', {
      ...path,
      body: { vehicleId: v3.vehicleId },
    });
    expect(assigned.status).toBe(200);
    expect(MatchViewSchema.parse(assigned.body).matched).toContainEqual({
      vehicleId: v3.vehicleId,
      listingRef: stranger,
      by: 'manual',
    });
    expect(MatchViewSchema.parse(assigned.body).unmatchedListings).toEqual([]);
    expect(await listings.getListing(exportId, v3.vehicleId)).toMatchObject({
      state: 'listed',
      listingRef: stranger,
    });
    expect((await exportsRepository.getExport(dealerId, exportId))?.matchHolds).toBeUndefined();
    const again = await callMatch('PUT /v1/exports/{exportId}/match/{listingRef}', {
      ...path,
      body: { action: 'keep' },
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'ALREADY_ASSIGNED' } });
    const unknown = await callMatch('PUT /v1/exports/{exportId}/match/{listingRef}', {
      ...path,
      listingRef: '1',
      body: { action: 'keep' },
    });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });

    // The assignment's sync updates the adopted ad: PUT, never POST. The Golf never cost a second ad.
    const assignSync = await drainDelta();
    expect(assignSync).toEqual([
      expect.objectContaining({ vehicleId: v3.vehicleId, resync: `assign:${stranger}` }),
    ]);
    await deliverToWorker(assignSync);
    expect(platformCalls(mobileDe.control.requests(), 'POST')).toHaveLength(1);
    expect(platformCalls(mobileDe.control.requests(), 'PUT')).toContain(`${ads}/${stranger}`);
    expect(mobileDe.control.ads(SELLER).find((ad) => ad.mobileAdId === stranger)).toMatchObject({
      internalNumber: v3.internalNumber,
    });
  });

  it('does not duplicate when the job is delivered again', async () => {
    const before = mobileDe.control.ads(SELLER).length;
    const job = (await exportsRepository.getJob(exportId, `job_${exportId}`))!;
    // A redelivery whose first run's end was never recorded.
    await exportsRepository.saveJob({ ...job, state: 'queued' });
    const answer = await runJobHandler(
      { Records: [sqsRecord({ dealerId, exportId, jobId: job.jobId, kind: 'match' }, exportId)] },
      lambdaContext(),
    );
    expect(answer.batchItemFailures).toEqual([]);
    await deliverToWorker(await drainDelta());

    expect(mobileDe.control.ads(SELLER)).toHaveLength(before);
    expect(
      (await matches.getUnmatched(exportId, mobileDe.control.ads(SELLER)[2]!.mobileAdId))?.assignment,
    ).toMatchObject({
      action: 'vehicle',
    });
    expect((await exportsRepository.getExport(dealerId, exportId))?.status).toBe('active');
  });
});

describe('inventory match with AutoScout24', () => {
  const dealerId = 'd-match-as';
  const exportId = 'exp_match_as';
  const listingsPath = `/customers/${CUSTOMER}/listings`;

  it('reads in full only the listings its internal number does not settle, and deletes the stranger on request', async () => {
    const vehicles = await seedStock(dealerId, exportId);
    const byNumber = autoScout24.control.seedListing(CUSTOMER, {
      make: 9,
      model: 1626,
      offerReferenceId: 'STK-v1',
    });
    const byVin = autoScout24.control.seedListing(CUSTOMER, {
      make: 9,
      model: 1626,
      offerReferenceId: 'DMS-17',
      vin: 'WAUZZZ8K9KA000002',
    });
    const stranger = autoScout24.control.seedListing(CUSTOMER, {
      make: 74,
      model: 2084,
      modelVersion: 'Golf 1.5 TSI',
    });
    await putMatchingExport(dealerId, exportId, 'autoscout24-api', { customerId: CUSTOMER });

    expect(await runMatchJob(dealerId, exportId)).toMatchObject({ state: 'done' });

    expect(platformCalls(autoScout24.control.requests(), 'GET').sort()).toEqual(
      [listingsPath, `${listingsPath}/${byVin.id}`, `${listingsPath}/${stranger.id}`].sort(),
    );
    expect((await listings.getListing(exportId, vehicles.v1.vehicleId))?.listingRef).toBe(byNumber.id);
    expect((await listings.getListing(exportId, vehicles.v2.vehicleId))?.listingRef).toBe(byVin.id);

    await deliverToWorker(await drainDelta());
    const requests = autoScout24.control.requests();
    // v4 is created; v3 (a Golf) waits as the stranger's candidate.
    expect(platformCalls(requests, 'POST').filter((path) => path === listingsPath)).toHaveLength(1);
    expect(platformCalls(requests, 'PUT').sort()).toEqual(
      [`${listingsPath}/${byNumber.id}`, `${listingsPath}/${byVin.id}`].sort(),
    );

    const match = await callMatch('GET /v1/exports/{exportId}/match', { dealerId, exportId });
    expect(MatchViewSchema.parse(match.body).unmatchedListings).toEqual([
      {
        listingRef: stranger.id,
        title: 'Golf 1.5 TSI',
        internalNumber: null,
        vin: null,
        candidates: [vehicles.v3.vehicleId],
      },
    ]);

    const deleted = await callMatch('PUT /v1/exports/{exportId}/match/{listingRef}', {
      dealerId,
      exportId,
      listingRef: stranger.id,
      body: { action: 'delete' },
    });
    expect(deleted.status).toBe(200);
    expect(MatchViewSchema.parse(deleted.body).unmatchedListings).toEqual([]);
    expect(autoScout24.control.listings(CUSTOMER).map((listing) => listing.id)).not.toContain(stranger.id);
    expect(autoScout24.control.listings(CUSTOMER)).toHaveLength(3);

    // The stranger is gone, so the Golf is not listed anywhere: the decision lets it be created.
    const released = await drainDelta();
    expect(released).toEqual([
      expect.objectContaining({
        vehicleId: vehicles.v3.vehicleId,
        resync: `hold:${stranger.id}`.slice(0, 40),
      }),
    ]);
    await deliverToWorker(released);
    expect(
      platformCalls(autoScout24.control.requests(), 'POST').filter((path) => path === listingsPath),
    ).toHaveLength(2);
    expect(autoScout24.control.listings(CUSTOMER)).toHaveLength(4);
  });
});
