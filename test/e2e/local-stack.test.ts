import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand, QueryCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import iconv from 'iconv-lite';
import { LOCAL_FEED_LOGIN } from '../../infra/local/feed-targets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/local-stack';
import { silentLog } from '../../infra/local/log';
import { tables } from '../../infra/topology';
import { exportItem } from '../../shared/adapters/dynamodb/exports-table';
import { vehicleItem } from '../../shared/adapters/dynamodb/stock-table';
import { aVehicle, anExport } from '../support/fakes';
import { eventually } from '../support/local-services';

/**
 * The whole system through the local stack: the gateway, the real handlers, DynamoDB Local with
 * its stream, the SQS and SES emulators and the scheduler, as `npm start` runs them.
 */
describe('local stack end to end', () => {
  let stack: LocalStack;
  let dataDir: string;
  let documents: DynamoDBDocumentClient;
  const region = 'eu-central-1';
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vehicle-export-e2e-'));
    stack = await startLocalStack({
      rootDir: join(import.meta.dirname, '../..'),
      port: 0,
      dataDir,
      jwtSecret: 'e2e-secret',
      region,
      seedDemoData: false,
      runSchedules: false,
      log: silentLog,
      // Removals settle briefly here, so that the delete of the push flow arrives soon.
      functionEnvironment: { REMOVAL_SETTLE_SECONDS: '1' },
    });
    documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region, credentials }),
    );
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const api = (path: string, init?: RequestInit) => fetch(`${stack.url}${path}`, init);

  it('answers GET /health and serves the OpenAPI document', async () => {
    const health = await api('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const openapi = await api('/openapi.json');
    expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('answers an unknown route with problem+json', async () => {
    const response = await api('/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('issues dev tokens and lists the queues with their dead letters', async () => {
    const token = await api('/_local/token', {
      method: 'POST',
      body: JSON.stringify({ dealerId: 'd1', email: 'a@b.c' }),
    });
    expect(token.status).toBe(200);
    expect(((await token.json()) as { token: string }).token.split('.')).toHaveLength(3);
    const queues = (await (await api('/_local/queues')).json()) as { name: string; deadLetters: number }[];
    expect(queues.map((queue) => queue.name).sort()).toEqual([
      'delta.fifo',
      'jobs.fifo',
      'stock-stream-failures',
    ]);
  });

  it('shows e-mails sent through SES', async () => {
    const ses = new SESv2Client({ endpoint: stack.endpoints.ses, region, credentials });
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'exports@local.example',
        Destination: { ToAddresses: ['owner@dealer.example'] },
        Content: {
          Simple: {
            Subject: { Data: 'Export locked' },
            Body: { Text: { Data: 'Unlock it in export control.' } },
          },
        },
      }),
    );
    const emails = (await (await api('/_local/emails')).json()) as {
      to: string[];
      subject: string;
      text: string;
    }[];
    expect(emails).toEqual([
      expect.objectContaining({
        to: ['owner@dealer.example'],
        subject: 'Export locked',
        text: expect.stringContaining('Unlock') as unknown,
      }),
    ]);
  });

  it('carries a stock change through stream → delta queue → worker → mobile.de, and sends nothing for a no-op', async () => {
    const mobileDe = stack.platforms.mobileDe!;
    mobileDe.control.linkSeller({ mobileSellerId: '1000042', companyName: 'Autohaus E2E' });
    const exp = anExport({ exportId: 'exp_e2e', dealerId: 'd1', settings: { sellerId: '1000042' } });
    await documents.send(new PutCommand({ TableName: tables.exports.name, Item: exportItem(exp) }));
    const vehicle = aVehicle({
      vehicleId: 'veh_e2e',
      version: 1,
      releases: { exp_e2e: true },
      make: 'Skoda',
      model: 'Enyaq',
      modelDescription: 'Enyaq 85 Sportline',
      condition: 'used',
      firstRegistration: '2024-05',
      mileageKm: 12000,
      exteriorColor: 'white',
    });
    const writeVehicle = (changes: Partial<typeof vehicle>) =>
      documents.send(
        new PutCommand({ TableName: tables.stock.name, Item: vehicleItem('d1', { ...vehicle, ...changes }) }),
      );
    const calls = () =>
      mobileDe.control
        .requests()
        .filter((request) => request.path.includes('/sellers/1000042/ads'))
        .map((request) => `${request.method} ${request.status}`);
    const adsOf = () => mobileDe.control.ads('1000042');
    const detailsOf = async () => {
      const { Items } = await documents.send(
        new QueryCommand({
          TableName: tables.exportDetails.name,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'EXPORT#exp_e2e' },
        }),
      );
      return (Items ?? []).map((item) => `${item.action as string}:${item.outcome as string}`);
    };
    const waitFor = <T>(probe: () => T | undefined, what: string) =>
      eventually(async () => probe(), 20_000, what);

    await writeVehicle({});
    const [ad] = await waitFor(() => (adsOf().length === 1 ? adsOf() : undefined), 'the ad to be created');
    expect(ad).toMatchObject({ make: 'SKODA', modelDescription: 'Enyaq 85 Sportline' });

    await writeVehicle({ version: 2, price: { gross: '44990.00', currency: 'EUR', vatRate: '19.00' } });
    await waitFor(() => (calls().includes('PUT 200') ? true : undefined), 'the update');
    expect(adsOf()[0]).toMatchObject({ price: { consumerPriceGross: '44990.00' } });

    // A change the platform would not see: no call at all.
    await writeVehicle({
      version: 3,
      price: { gross: '44990.00', currency: 'EUR', vatRate: '19.00' },
      vin: undefined,
    });
    await writeVehicle({ version: 4, releases: {} });
    await waitFor(() => (adsOf().length === 0 ? true : undefined), 'the ad to be deleted');

    expect(calls()).toEqual(['POST 201', 'PUT 200', 'DELETE 204']);
    // The worker writes the detail just after the platform answered: wait for it too.
    const details = await eventually(
      async () => {
        const all = await detailsOf();
        return all.length >= 3 ? all : undefined;
      },
      20_000,
      'three details',
    );
    expect(details.sort()).toEqual(['create:success', 'delete:success', 'update:success'].sort());
  });

  it('runs a schedule now: the dispatcher starts the due feed, which lands on the local FTP server', async () => {
    const { token } = (await (
      await api('/_local/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dealerId: 'd-feed' }),
      })
    ).json()) as { token: string };
    const call = (method: string, path: string, body: unknown) =>
      api(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const { ftp } = stack.feeds;
    const activated = await call('POST', '/v1/apps/mobile-de-csv/activation', {
      settings: {
        customerNumber: '4711',
        delivery: {
          protocol: 'ftp',
          host: ftp.host,
          port: ftp.port,
          ...LOCAL_FEED_LOGIN,
          path: '/d-feed.csv',
        },
        schedule: { everyMinutes: 60 },
      },
    });
    expect(activated.status).toBe(201);
    const { exportId } = (await activated.json()) as { exportId: string };
    const vehicle = await call('POST', '/v1/vehicles', {
      internalNumber: 'FEED-1',
      condition: 'new',
      category: 'estate',
      make: 'Audi',
      model: 'A4',
      fuel: 'petrol',
      gearbox: 'automatic',
      description: 'Größe „XL“ – fast wie neu',
      price: { gross: '24990.00', currency: 'EUR', vatRate: '19.00' },
    });
    const { vehicleId } = (await vehicle.json()) as { vehicleId: string };
    expect((await call('PUT', `/v1/vehicles/${vehicleId}/releases`, { [exportId]: true })).status).toBe(200);

    expect((await api('/_local/schedules/dispatch-feeds/run', { method: 'POST' })).status).toBe(202);
    expect((await api('/_local/schedules/no-such-schedule/run', { method: 'POST' })).status).toBe(404);

    const file = join(ftp.root, 'd-feed.csv');
    const bytes = await eventually(
      async () => (existsSync(file) ? readFileSync(file) : undefined),
      20_000,
      'the feed file',
    );
    const text = iconv.decode(bytes, 'iso-8859-15');
    expect(text.startsWith('"4711";"FEED-1";')).toBe(true);
    // ISO-8859-15 keeps "ö"; the quotes and the dash it lacks are transliterated (quotes then
    // doubled inside the quoted field), never lost.
    expect(text).toContain('"Größe ""XL"" - fast wie neu"');
    // The run records its counts after the file is in place (and the server tidied): wait for them.
    const exp = await eventually(
      async () => {
        const answer = (await (await call('GET', `/v1/exports/${exportId}`, undefined)).json()) as {
          stats: { listed: number };
          lastTransmissionAt: string | null;
        };
        return answer.stats.listed === 1 ? answer : undefined;
      },
      20_000,
      'the feed run to count its vehicles',
    );
    expect(exp.lastTransmissionAt).not.toBeNull();
  });
});
