import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTables } from '../infra/local/create-tables';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local';
import { tables } from '../infra/topology';
import { DynamoExportsRepository } from '../shared/adapters/dynamodb/exports-table';
import { DynamoStockImporter } from '../shared/adapters/dynamodb/stock-import';
import { DynamoDealerSettingsStore } from '../shared/adapters/dynamodb/stock-settings';
import { csvImportLines } from '../shared/adapters/import/csv-import-lines';
import { importStock, type ImportStockDeps } from '../shared/application/stock/import-stock';
import type { ImportResult } from '../shared/domain/vehicle-import';

const vehicles = 5_000;
const dealerId = 'bench';
const header =
  'internalNumber;vin;condition;category;make;model;firstRegistration;mileageKm;powerKw;fuel;gearbox;' +
  'price.gross;price.currency;price.vatRate;description;equipment;images';

/**
 * Stock import into DynamoDB Local (in memory): 5,000 vehicles as a `;` CSV, `replace` into an
 * empty stock, then `replace` again with ~10 % changed and ~5 % removed (after a warm-up import
 * of another dealer). Reports vehicles per
 * second (lines of the file / wall time, CSV parsing included) and DynamoDB write requests and
 * written items per vehicle, counted by an SDK middleware.
 */
export async function benchImport(): Promise<Record<string, unknown>> {
  const server = await startDynamoDbLocal();
  try {
    const client = new DynamoDBClient({
      endpoint: server.endpoint,
      region: 'eu-central-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    });
    await createTables(client);
    const writes = countWrites(client);
    const documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const deps: ImportStockDeps = {
      importer: new DynamoStockImporter(documents, tables.stock.name),
      settings: new DynamoDealerSettingsStore(documents, tables.stock.name),
      exports: new DynamoExportsRepository(documents, tables.exports.name),
      clock: { now: () => new Date() },
      logger: { info: () => undefined, warn: () => undefined },
    };

    const run = async (csv: string, fileLines: number, dealer = dealerId) => {
      writes.reset();
      const started = performance.now();
      const result = await importStock(dealer, 'replace', csvImportLines(csv), deps);
      const seconds = (performance.now() - started) / 1000;
      return summary(result, fileLines, seconds, writes);
    };

    const all = Array.from({ length: vehicles }, (_, index) => csvLine(index, false));
    // A fresh DynamoDB Local runs in a cold JVM: its first thousands of writes mostly measure
    // HotSpot compiling. Another dealer's import warms it, so the numbers are about the import.
    const warmup = await run([header, ...all.slice(0, 3_000)].join('\n'), 3_000, 'bench-warmup');
    const initial = await run([header, ...all].join('\n'), vehicles);
    // Every 20th removed (5 %), every 10th of the rest changed (~10 %).
    const again = Array.from({ length: vehicles }, (_, index) => index)
      .filter((index) => index % 20 !== 7)
      .map((index) => csvLine(index, index % 10 === 3));
    const nightly = await run([header, ...again].join('\n'), again.length);
    const result = {
      vehicles,
      warmup: { seconds: warmup.seconds, vehiclesPerSecond: warmup.vehiclesPerSecond },
      initial,
      nightly,
    };
    console.log(JSON.stringify(result, null, 2));
    return result;
  } finally {
    await server.stop();
  }
}

function summary(result: ImportResult, fileLines: number, seconds: number, writes: WriteCounter) {
  return {
    ...result,
    errors: result.errors.length,
    seconds: Math.round(seconds * 1000) / 1000,
    vehiclesPerSecond: Math.round(fileLines / seconds),
    writeRequests: writes.requests,
    writeRequestsPerVehicle: Math.round((writes.requests / fileLines) * 1000) / 1000,
    writtenItemsPerVehicle: Math.round((writes.items / fileLines) * 1000) / 1000,
  };
}

function csvLine(index: number, changed: boolean): string {
  const number = `BENCH-${String(index).padStart(5, '0')}`;
  const price = `${15_000 + (index % 40) * 250 + (changed ? 100 : 0)}.00`;
  const images = [1, 2, 3].map((n) => `https://cdn.dealer.example/${number}/${n}.jpg`).join('|');
  return [
    number,
    `WVWZZZ1KZ${String(index).padStart(8, '0')}`,
    'used',
    'limousine',
    'Volkswagen',
    'Golf',
    `20${String(10 + (index % 14))}-0${1 + (index % 9)}`,
    String(10_000 + index * 7),
    '110',
    index % 3 === 0 ? 'diesel' : 'petrol',
    'manual',
    price,
    'EUR',
    '19.00',
    `"Scheckheftgepflegt; Nichtraucher; Fahrzeug ${index}"`,
    'navigation|alloy-wheels|heated-seats',
    images,
  ].join(';');
}

interface WriteCounter {
  readonly requests: number;
  readonly items: number;
  reset(): void;
}

/** Counts write requests (and the items they carry) that the client sends. */
function countWrites(client: DynamoDBClient): WriteCounter {
  const counter = { requests: 0, items: 0, reset: () => Object.assign(counter, { requests: 0, items: 0 }) };
  const itemsOf: Record<string, (input: Record<string, unknown>) => number> = {
    PutItemCommand: () => 1,
    UpdateItemCommand: () => 1,
    DeleteItemCommand: () => 1,
    TransactWriteItemsCommand: (input) => (input.TransactItems as unknown[]).length,
    BatchWriteItemCommand: (input) =>
      Object.values(input.RequestItems as Record<string, unknown[]>).reduce(
        (sum, list) => sum + list.length,
        0,
      ),
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const items = itemsOf[context.commandName ?? ''];
      if (items) {
        counter.requests++;
        counter.items += items(args.input as Record<string, unknown>);
      }
      return next(args);
    },
    { step: 'initialize', name: 'countWrites' },
  );
  return counter;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchImport();
