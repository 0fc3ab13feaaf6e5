import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/local-stack';
import { silentLog } from '../../infra/local/log';
import { tables } from '../../infra/topology';
import { exportItem } from '../../shared/adapters/dynamodb/exports-table';
import { stockKeys } from '../../shared/adapters/dynamodb/stock-keys';
import { vehicleItem } from '../../shared/adapters/dynamodb/stock-table';
import type { Vehicle } from '../../shared/domain/vehicle';
import { aVehicle, anExport } from '../support/fakes';
import { eventually } from '../support/local-services';

/**
 * Faults through the whole delta path as it runs: DynamoDB Local's stream, the stream handler,
 * the SQS emulator's FIFO queue with its visibility timeouts, the worker handler (a batch's
 * vehicles side by side) and the mobile.de emulator answering 30 % of calls with 503 and 10 %
 * with 429 for a while. The platform must end equal to the released stock, with one ad created
 * per vehicle, nothing in a dead-letter queue, and a detail for every change that went out.
 */
describe('delta pushes through the local stack while the platform fails', () => {
  let stack: LocalStack;
  let documents: DynamoDBDocumentClient;
  const sellerId = '1000099';
  // A quarter of the stock goes at once here: the mass-removal lock (tested in export-lock.test.ts)
  // would hold it all, so this export allows it.
  const exp = anExport({
    exportId: 'exp_faults',
    dealerId: 'd1',
    settings: { sellerId, lock: { windowMinutes: 60, minShare: 1, minListings: 1000 } },
  });

  beforeAll(async () => {
    stack = await startLocalStack({
      rootDir: join(import.meta.dirname, '../..'),
      port: 0,
      jwtSecret: 'e2e-faults-secret',
      region: 'eu-central-1',
      seedDemoData: false,
      runSchedules: false,
      log: silentLog,
      functionEnvironment: { REMOVAL_SETTLE_SECONDS: '1' },
    });
    documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: stack.endpoints.dynamodb,
        region: 'eu-central-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    stack.platforms.mobileDe!.control.linkSeller({
      mobileSellerId: sellerId,
      companyName: 'Autohaus Faults',
    });
    await documents.send(new PutCommand({ TableName: tables.exports.name, Item: exportItem(exp) }));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const vehicle = (n: number, changes: Partial<Vehicle> = {}): Vehicle =>
    aVehicle({
      vehicleId: `veh_f${n}`,
      internalNumber: `F-${n}`,
      version: 1,
      releases: { [exp.exportId]: true },
      make: 'Skoda',
      model: 'Enyaq',
      modelDescription: 'Enyaq 85 Sportline',
      condition: 'used',
      firstRegistration: '2024-05',
      mileageKm: 10_000 + n,
      exteriorColor: 'white',
      price: { gross: `${30_000 + n}.00`, currency: 'EUR', vatRate: '19.00' },
      ...changes,
    });
  const write = (vehicles: readonly Vehicle[]) =>
    Promise.all(
      Array.from({ length: Math.ceil(vehicles.length / 25) }, (_, chunk) =>
        documents.send(
          new BatchWriteCommand({
            RequestItems: {
              [tables.stock.name]: vehicles
                .slice(chunk * 25, chunk * 25 + 25)
                .map((item) => ({ PutRequest: { Item: vehicleItem('d1', item) } })),
            },
          }),
        ),
      ),
    );

  it('ends with the platform equal to the released stock and one ad created per vehicle', async () => {
    const mobileDe = stack.platforms.mobileDe!;
    mobileDe.control.setFaults({ share503: 0.3, share429: 0.1, retryAfterSeconds: 1 });

    const count = 40;
    const first = Array.from({ length: count }, (_, n) => vehicle(n));
    await write(first);
    // While the first wave is still failing and retrying: price changes, rewrites without a change,
    // releases withdrawn, vehicles deleted.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const second = first.map((current, n) => {
      if (n % 4 === 0)
        return { ...current, version: 2, price: { ...current.price, gross: `${40_000 + n}.00` } };
      if (n % 4 === 1) return { ...current, version: 2 };
      if (n % 4 === 2) return { ...current, version: 2, releases: {} };
      return current;
    });
    await write(second.filter((next, n) => next !== first[n]));
    const deleted = first.filter((_, n) => n % 8 === 3);
    for (const gone of deleted) {
      await documents.send(
        new DeleteCommand({
          TableName: tables.stock.name,
          Key: { pk: stockKeys.dealer('d1'), sk: stockKeys.vehicle(gone.vehicleId) },
        }),
      );
    }
    // The platform recovers after a while; the retries (Retry-After, back-off) carry everything through.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    mobileDe.control.setFaults({});

    const deletedIds = new Set(deleted.map((gone) => gone.vehicleId));
    const wanted = new Map(
      second
        .filter((next) => next.releases[exp.exportId] === true && !deletedIds.has(next.vehicleId))
        .map((next) => [next.internalNumber, next.price.gross]),
    );
    const platform = () =>
      new Map(
        mobileDe.control
          .ads(sellerId)
          .map((ad) => [
            String(ad.internalNumber),
            String((ad.price as { consumerPriceGross: unknown }).consumerPriceGross),
          ]),
      );
    const same = (a: Map<string, string>, b: Map<string, string>) =>
      a.size === b.size && [...a].every(([key, value]) => b.get(key) === value);
    await eventually(
      async () => (same(platform(), wanted) ? true : undefined),
      90_000,
      'the platform to equal the stock',
    ).catch(async (error: Error) => {
      const now = platform();
      const differences = [...new Set([...now.keys(), ...wanted.keys()])]
        .filter((key) => now.get(key) !== wanted.get(key))
        .map((key) => `${key}: platform ${now.get(key) ?? '-'}, stock ${wanted.get(key) ?? '-'}`);
      const queues = await (await fetch(`${stack.url}/_local/queues`)).text();
      throw new Error(`${error.message}\n${differences.join('\n')}\nqueues: ${queues}`);
    });

    const calls = mobileDe.control
      .requests()
      .filter((request) => request.path.includes(`/sellers/${sellerId}/ads`));
    expect(calls.some((call) => call.status === 503)).toBe(true);
    // At most one ad created per vehicle ever (a create repeated after a lost answer is a 303, never a
    // second 201); a vehicle withdrawn before its create went through may never have been created.
    const created = calls
      .filter((call) => call.method === 'POST' && call.status === 201)
      .map((call) => String((call.body as { internalNumber?: unknown }).internalNumber));
    expect(new Set(created).size).toBe(created.length);
    for (const internalNumber of wanted.keys()) expect(created).toContain(internalNumber);

    const queues = (await (await fetch(`${stack.url}/_local/queues`)).json()) as {
      name: string;
      visible: number;
      inFlight: number;
      deadLetters: number;
    }[];
    for (const queue of queues) expect(queue.deadLetters, queue.name).toBe(0);

    // Every ad that stands has its create detail, every ad taken down its delete detail (the
    // worker writes a batch's details together at its end).
    const { Items = [] } = await documents.send(
      new QueryCommand({
        TableName: tables.exportDetails.name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `EXPORT#${exp.exportId}` },
      }),
    );
    const succeeded = new Set(
      Items.filter((item) => item.outcome === 'success').map(
        (item) => `${item.vehicleId as string}:${item.action as string}`,
      ),
    );
    for (const next of second.filter((candidate) => wanted.has(candidate.internalNumber))) {
      expect(succeeded.has(`${next.vehicleId}:create`), next.vehicleId).toBe(true);
    }
    const gone = [...deleted, ...second.filter((next) => next.releases[exp.exportId] !== true)];
    for (const withdrawn of gone.filter((candidate) => created.includes(candidate.internalNumber))) {
      expect(succeeded.has(`${withdrawn.vehicleId}:delete`), withdrawn.vehicleId).toBe(true);
    }
  }, 150_000);
});
