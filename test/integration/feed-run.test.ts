import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileServer } from '../../infra/local/feed-servers/file-server';
import { startFtpServer } from '../../infra/local/feed-servers/ftp-server';
import { startSftpServer } from '../../infra/local/feed-servers/sftp-server';
import { tables } from '../../infra/topology';
import { AesGcmSealer } from '../../shared/adapters/crypto/aes-gcm-sealer';
import { DynamoCustomAppStore } from '../../shared/adapters/dynamodb/custom-apps-table';
import { DynamoDetailRepository } from '../../shared/adapters/dynamodb/export-details-table';
import { DynamoLockStore } from '../../shared/adapters/dynamodb/export-locks-table';
import { DynamoExportsRepository, exportItem } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoFeedRunStore } from '../../shared/adapters/dynamodb/feed-runs-table';
import { DynamoListingStore } from '../../shared/adapters/dynamodb/listings-table';
import { DynamoDealerSettingsStore } from '../../shared/adapters/dynamodb/stock-settings';
import { DynamoStockRepository } from '../../shared/adapters/dynamodb/stock-table';
import { createFeedDelivery } from '../../shared/adapters/feeds/delivery/delivery-dispatcher';
import { feedRendererFor } from '../../shared/adapters/feeds/render/feed-renderer-for';
import { TempFileSpool } from '../../shared/adapters/feeds/temp-file-spool';
import { BuiltInAndCustomAppCatalog } from '../../shared/application/apps/app-catalog';
import { createCustomApp } from '../../shared/application/apps/create-custom-app';
import { StoredListingPreferences } from '../../shared/application/delta/listing-preferences';
import { AppFeedResolver } from '../../shared/application/feeds/resolve-feed';
import { feedRunner } from '../../shared/application/feeds/run-feed';
import { runJob } from '../../shared/application/run-job';
import { sealSecrets } from '../../shared/application/secret-sealer';
import { CustomAppDefinitionSchema } from '../../shared/domain/custom-app-definition';
import { defaultDealerSettings } from '../../shared/domain/dealer-settings';
import type { Export } from '../../shared/domain/export';
import type { Job } from '../../shared/domain/job';
import type { Vehicle } from '../../shared/domain/vehicle';
import { aVehicle, aJob, anExport, silentLogger } from '../support/fakes';
import { RecordingMailer } from '../support/lock-fakes';
import { startTestDynamo, type TestDynamo } from '../support/local-services';

/**
 * Feed runs end to end below the jobs queue: runJob with feedRunner over the real DynamoDB
 * adapters (stock, listings' bookings, feed runs, locks, details), the AppFeedResolver over the
 * real app catalog (custom apps stored in DynamoDB, secrets sealed with AES-GCM), the real
 * renderers and the real delivery to local SFTP, FTP and HTTP servers. What arrives is read back
 * byte by byte in the encoding the app declares.
 */
const dealerId = 'd_feed';
const USER = 'feed-upload';
const PASSWORD = 'Feed-Secret-42!';
const TOKEN = 'Bearer feed-token-0123456789';

let dynamo: TestDynamo;
let root: string;
let spoolDirectory: string;
let sftp: FileServer;
let ftp: FileServer;
let http: Server;
let httpUrl: string;
const received: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];

const sealer = new AesGcmSealer(randomBytes(32));
let customApps: DynamoCustomAppStore;
let exportsRepository: DynamoExportsRepository;
let details: DynamoDetailRepository;
let listings: DynamoListingStore;
let stock: DynamoStockRepository;
const mailer = new RecordingMailer();

const EXPORTS = { electric: 'exp_feed_csv', xml: 'exp_feed_xml', mobileDe: 'exp_feed_mde' } as const;
const releasedEverywhere = Object.fromEntries(Object.values(EXPORTS).map((exportId) => [exportId, true]));

function stockVehicle(n: number, overrides: Partial<Vehicle>): Vehicle {
  return aVehicle({
    vehicleId: `veh_feed_${n}`,
    internalNumber: `FD-${n}`,
    releases: releasedEverywhere,
    condition: 'used',
    make: 'Skoda',
    model: 'Enyaq',
    firstRegistration: '2023-05',
    mileageKm: 10_000 + n,
    exteriorColor: 'white',
    price: { gross: `${30_000 + n * 1_000}.00`, currency: 'EUR', vatRate: '19.00' },
    ...overrides,
  });
}

/** Six vehicles: three released electric ones, a petrol and a diesel one, and an unreleased EV. */
const vehicles = [
  stockVehicle(1, { modelDescription: 'Enyaq Coupé RS – Sportpaket', fuel: 'electric' }),
  stockVehicle(2, { modelDescription: 'Enyaq 85 „Loft“', fuel: 'electric' }),
  stockVehicle(3, { make: 'Volkswagen', model: 'Golf', modelDescription: 'Golf 1.5 TSI', fuel: 'petrol' }),
  stockVehicle(4, {
    make: 'Volkswagen',
    model: 'Passat',
    modelDescription: 'Passat 2.0 TDI',
    fuel: 'diesel',
  }),
  stockVehicle(5, { modelDescription: 'Enyaq 60', fuel: 'electric', releases: {} }),
  stockVehicle(6, { modelDescription: 'Enyaq 85x', fuel: 'electric' }),
];
const released = vehicles.filter((vehicle) => vehicle.releases[EXPORTS.electric] === true);
const electric = released.filter((vehicle) => vehicle.fuel === 'electric');

beforeAll(async () => {
  [dynamo, root, spoolDirectory] = await Promise.all([
    startTestDynamo(),
    mkdtemp(join(tmpdir(), 'feed-run-servers-')),
    mkdtemp(join(tmpdir(), 'feed-run-spool-')),
  ]);
  await mkdir(join(root, 'upload'));
  [sftp, ftp] = await Promise.all([
    startSftpServer({ root, username: USER, password: PASSWORD }),
    startFtpServer({ root, username: USER, password: PASSWORD }),
  ]);
  http = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  customApps = new DynamoCustomAppStore(dynamo.documents, tables.exports.name);
  exportsRepository = new DynamoExportsRepository(dynamo.documents, tables.exports.name);
  details = new DynamoDetailRepository(dynamo.documents, tables.exportDetails.name);
  listings = new DynamoListingStore(dynamo.documents, tables.exports.name);
  stock = new DynamoStockRepository(dynamo.documents, tables.stock.name);
  await new DynamoDealerSettingsStore(dynamo.documents, tables.stock.name).saveSettings(dealerId, {
    ...defaultDealerSettings,
    contactEmail: 'sales@dealer.example',
  });
  for (const vehicle of vehicles) expect(await stock.createVehicle(dealerId, vehicle)).toBe('written');
});

afterAll(async () => {
  await Promise.all([
    sftp?.stop(),
    ftp?.stop(),
    new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve())),
    dynamo?.server.stop(),
  ]);
  await Promise.all([
    root && rm(root, { recursive: true, force: true }),
    spoolDirectory && rm(spoolDirectory, { recursive: true, force: true }),
  ]);
});

/** A custom app stored the way POST /v1/apps stores it: validated, secrets sealed. */
async function storeCustomApp(definition: unknown): Promise<string> {
  const view = await createCustomApp(
    { store: customApps, sealer, clock: { now: () => new Date() } },
    dealerId,
    CustomAppDefinitionSchema.parse(definition),
  );
  return view.appId;
}

async function putExport(exp: Export): Promise<void> {
  await dynamo.documents.send(new PutCommand({ TableName: tables.exports.name, Item: exportItem(exp) }));
}

/** One feed job through runJob, as the jobs worker runs it: the job item as it ended. */
async function runFeed(exportId: string): Promise<Job | undefined> {
  const jobId = `job_${exportId}`;
  await exportsRepository.saveJob(aJob({ dealerId, exportId, jobId, kind: 'feed' }));
  const dealerSettings = new DynamoDealerSettingsStore(dynamo.documents, tables.stock.name);
  await runJob(
    { dealerId, exportId, jobId, kind: 'feed' },
    {
      jobs: exportsRepository,
      runners: {
        feed: feedRunner({
          exports: exportsRepository,
          stock,
          bookings: listings,
          feeds: new AppFeedResolver(
            new BuiltInAndCustomAppCatalog(customApps),
            sealer,
            feedRendererFor,
            new StoredListingPreferences(dealerSettings),
          ),
          spool: new TempFileSpool(spoolDirectory),
          delivery: createFeedDelivery({ allowPrivateTargets: true, timeoutMs: 10_000, maxAttempts: 1 }),
          runs: new DynamoFeedRunStore(dynamo.documents, tables.exports.name),
          locks: new DynamoLockStore(dynamo.documents, tables.exports.name),
          mailer,
          details,
          recipientsOf: async () => ['owner@dealer.example'],
          clock: { now: () => new Date() },
          log: silentLogger,
        }),
      },
      clock: { now: () => new Date() },
      log: silentLogger,
    },
  );
  return exportsRepository.getJob(exportId, jobId);
}

const feedDetails = async (exportId: string) =>
  (
    await details.listDetails({
      exportId,
      from: new Date(Date.now() - 24 * 3600_000),
      now: new Date(),
      limit: 20,
    })
  ).items;

/** After a delivered run: the export's baseline, counts and the run's `feed` detail. */
async function expectRunRecorded(exportId: string, count: number, bytes: number, job: Job | undefined) {
  expect(job).toMatchObject({ state: 'done', total: count, done: count, failed: 0 });
  const exp = await exportsRepository.getExport(dealerId, exportId);
  expect(exp?.lastFeedDelivery).toEqual({ vehicles: count, bytes, at: expect.any(String) as unknown });
  expect(exp?.lastTransmissionAt).toBe(exp?.lastFeedDelivery?.at);
  // A feed lists exactly what its last file held. `released` is not pinned here: recordDelivery
  // sets it to the delivered count too, fewer than the released vehicles when a filter applies.
  expect(exp?.stats.listed).toBe(count);
  expect(await feedDetails(exportId)).toEqual([
    expect.objectContaining({
      kind: 'feed',
      action: 'none',
      outcome: 'success',
      messages: [],
      counts: { vehicles: count, bytes, attempts: 1 },
    }),
  ]);
  // The spooled file is gone after the run.
  expect(await readdir(spoolDirectory)).toEqual([]);
}

describe('feed runs of custom apps and the built-in mobile.de CSV', () => {
  it('delivers a filtered windows-1252 CSV of a custom app by SFTP', async () => {
    const appId = await storeCustomApp({
      name: 'Electric agency',
      summary: 'Our electric cars as CSV',
      format: { type: 'csv', delimiter: ',', encoding: 'windows-1252', header: true },
      fields: [
        { target: 'Stock no', source: { field: 'internalNumber' } },
        { target: 'Title', source: { template: '{{make}} {{model}} {{modelDescription}}' } },
        { target: 'Price', source: { template: '{{price.gross}} €' } },
        { target: 'Fuel', source: { field: 'fuel' } },
      ],
      filter: { fuels: ['electric'] },
      delivery: {
        type: 'sftp',
        host: '127.0.0.1',
        port: sftp.port,
        username: USER,
        password: PASSWORD,
        path: '/upload/electric.csv',
      },
      schedule: { times: ['05:30'] },
    });
    // Stored sealed: the run must open it to log in.
    const stored = await dynamo.documents.send(
      new GetCommand({
        TableName: tables.exports.name,
        Key: { pk: `DEALER#${dealerId}`, sk: `APP#${appId}` },
      }),
    );
    expect((stored.Item?.definition as { delivery: { password: string } }).delivery.password).not.toBe(
      PASSWORD,
    );
    await putExport(
      anExport({
        exportId: EXPORTS.electric,
        dealerId,
        appId,
        transport: 'feed',
        feedSchedule: { times: ['05:30'] },
      }),
    );

    const job = await runFeed(EXPORTS.electric);

    const bytes = await readFile(join(root, 'upload', 'electric.csv'));
    // windows-1252, not UTF-8: "€" is the single byte 0x80 and "–" is 0x96.
    expect(bytes.includes(Buffer.from([0x80]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x96]))).toBe(true);
    expect(bytes.includes(Buffer.from('€', 'utf8'))).toBe(false);
    const text = iconv.decode(bytes, 'windows-1252');
    const rows = parse(text, { delimiter: ',' });
    expect(rows[0]).toEqual(['Stock no', 'Title', 'Price', 'Fuel']);
    expect(rows.slice(1).sort((a, b) => a[0]!.localeCompare(b[0]!))).toEqual(
      electric.map((vehicle) => [
        vehicle.internalNumber,
        `${vehicle.make} ${vehicle.model} ${vehicle.modelDescription}`,
        `${vehicle.price.gross} €`,
        'electric',
      ]),
    );
    // Nothing left half-written next to it.
    expect(await readdir(join(root, 'upload'))).toEqual(['electric.csv']);
    await expectRunRecorded(EXPORTS.electric, electric.length, bytes.length, job);
  });

  it('delivers a custom app’s XML by HTTP PUT, well-formed and in its declared encoding', async () => {
    const appId = await storeCustomApp({
      name: 'Dealer website',
      summary: 'Whole stock as XML',
      format: { type: 'xml', rootElement: 'fahrzeuge', itemElement: 'fahrzeug', encoding: 'iso-8859-15' },
      fields: [
        { target: 'nummer', source: { field: 'internalNumber' } },
        { target: 'titel', source: { template: '{{make}} {{model}} {{modelDescription}}' } },
        { target: 'preis', source: { template: '{{price.gross}} € & <brutto>' } },
      ],
      delivery: {
        type: 'http',
        method: 'PUT',
        url: `${httpUrl}/feeds/stock.xml?token=abc`,
        headers: { authorization: TOKEN },
      },
      schedule: { everyMinutes: 60 },
    });
    await putExport(
      anExport({
        exportId: EXPORTS.xml,
        dealerId,
        appId,
        transport: 'feed',
        feedSchedule: { everyMinutes: 60 },
      }),
    );
    received.length = 0;

    const job = await runFeed(EXPORTS.xml);

    expect(received).toHaveLength(1);
    const [request] = received as [(typeof received)[number]];
    expect(request.method).toBe('PUT');
    expect(request.url).toBe('/feeds/stock.xml?token=abc');
    // The header value was stored sealed and is sent opened.
    expect(request.headers.authorization).toBe(TOKEN);
    expect(request.headers['content-type']).toBe('application/xml; charset=ISO-8859-15');
    expect(Number(request.headers['content-length'])).toBe(request.body.length);

    const declared = /^<\?xml version="1\.0" encoding="([^"]+)"\?>/.exec(
      request.body.toString('latin1'),
    )?.[1];
    expect(declared).toBe('ISO-8859-15');
    // ISO-8859-15: "€" is the single byte 0xA4 (Latin-1's "¤").
    expect(request.body.includes(Buffer.from([0xa4]))).toBe(true);
    expect(request.body.includes(Buffer.from('€', 'utf8'))).toBe(false);
    const text = iconv.decode(request.body, declared!);
    expect(XMLValidator.validate(text)).toBe(true);
    const document = new XMLParser({ parseTagValue: false, htmlEntities: true }).parse(text) as {
      fahrzeuge: { fahrzeug: { nummer: string; titel: string; preis: string }[] };
    };
    expect(
      document.fahrzeuge.fahrzeug
        .map((item) => [item.nummer, item.titel, item.preis])
        .sort((a, b) => a[0]!.localeCompare(b[0]!)),
    ).toEqual(
      released.map((vehicle) => [
        vehicle.internalNumber,
        // "„“" are not in ISO-8859-15: kept losslessly as character references.
        `${vehicle.make} ${vehicle.model} ${vehicle.modelDescription}`,
        `${vehicle.price.gross} € & <brutto>`,
      ]),
    );
    await expectRunRecorded(EXPORTS.xml, released.length, request.body.length, job);
  });

  it('writes a booked eye-catcher into the mobile.de CSV column DJ, delivered by FTP', async () => {
    const booked = released[1]!;
    expect(
      await listings.saveListing(
        {
          exportId: EXPORTS.mobileDe,
          dealerId,
          vehicleId: booked.vehicleId,
          state: 'removed',
          listingRef: null,
          insertionKey: 'ins_booked',
          contentHash: null,
          bookings: ['EYE_CATCHER'],
          syncedVersion: 0,
          updatedAt: '2026-11-27T08:00:00.000Z',
        },
        undefined,
      ),
    ).toBe(true);
    const settings = await sealSecrets(
      {
        customerNumber: '4711',
        delivery: {
          protocol: 'ftp',
          host: '127.0.0.1',
          port: ftp.port,
          username: USER,
          password: PASSWORD,
          path: '/upload/mobile.csv',
        },
        schedule: { times: ['06:00'] },
      },
      ['delivery.password'],
      sealer,
    );
    await putExport(
      anExport({
        exportId: EXPORTS.mobileDe,
        dealerId,
        appId: 'mobile-de-csv',
        transport: 'feed',
        settings,
        secretPaths: ['delivery.password'],
      }),
    );

    const job = await runFeed(EXPORTS.mobileDe);

    const bytes = await readFile(join(root, 'upload', 'mobile.csv'));
    const rows = parse(iconv.decode(bytes, 'iso-8859-15'), { delimiter: ';' });
    // No header: one record per released vehicle, all of mobile.de's customer.
    expect(rows.map((row) => row[1]).sort()).toEqual(released.map((vehicle) => vehicle.internalNumber));
    const DJ = 113;
    const DM = 116;
    for (const row of rows) {
      expect(row[0]).toBe('4711');
      expect(row[DJ], `blickfaenger of ${row[1]}`).toBe(row[1] === booked.internalNumber ? '1' : '0');
      expect(row[DM], `seite_1_inserat of ${row[1]}`).toBe('0');
    }
    await expectRunRecorded(EXPORTS.mobileDe, released.length, bytes.length, job);
  });
});
