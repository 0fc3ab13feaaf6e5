import { newId } from '../../domain/ids';
import { VehicleInputSchema, systemFieldsOf, type Vehicle, type VehicleInput } from '../../domain/vehicle';
import { sameVehicleContent, vehicleInputOf } from '../../domain/vehicle-content';
import { emptyImport, importRunning } from '../../domain/vehicle-errors';
import {
  describeIssues,
  internalNumberOf,
  type ImportLine,
  type ImportMode,
  type ImportResult,
} from '../../domain/vehicle-import';
import { ImportTally } from './import-tally';
import { newVehicleReleases, type NewVehicleReleasesDeps } from './new-vehicle-releases';
import type { NewVehicleReleases } from '../../domain/vehicle-releases';
import type { Clock, Logger } from '../ports';
import type { ImportSession, StockImporter, StockWrite } from './stock-ports';

export interface ImportStockDeps extends NewVehicleReleasesDeps {
  readonly importer: StockImporter;
  readonly clock: Clock;
  readonly logger: Logger;
}

type Lines = AsyncIterable<ImportLine> | Iterable<ImportLine>;

/**
 * Imports a whole file into the dealer's stock. Vehicles are matched by internal number against
 * the stock as read once at the start; a vehicle whose content is unchanged is not written at all.
 * Bad lines are reported by line and never stop the good ones. `replace` then deletes every
 * vehicle the file does not name — unless no line was valid, which would wipe the stock.
 */
export async function importStock(
  dealerId: string,
  mode: ImportMode,
  lines: Lines,
  deps: ImportStockDeps,
): Promise<ImportResult> {
  const releases = await newVehicleReleases(dealerId, deps, deps.clock.now());
  const session = await deps.importer.begin(dealerId);
  if (!session) throw importRunning();
  try {
    return await importInto(session, dealerId, mode, lines, releases, deps);
  } finally {
    await session.end();
  }
}

/** Writes handed to the store at once while lines are still being read; also the progress step. */
const window = 1_000;

async function importInto(
  session: ImportSession,
  dealerId: string,
  mode: ImportMode,
  lines: Lines,
  releases: NewVehicleReleases,
  deps: ImportStockDeps,
): Promise<ImportResult> {
  const byNumber = new Map(session.stock.map((vehicle) => [vehicle.internalNumber, vehicle]));
  const now = deps.clock.now();
  const tally = new ImportTally();
  // Every internal number the file names, on a valid line or not, with its first line.
  const named = new Map<string, number>();
  const pending: StockWrite[] = [];
  const flush = async (): Promise<void> => {
    const writes = pending.splice(0);
    await session.write(writes);
    tally.written(writes);
  };
  let read = 0;
  let valid = 0;

  for await (const entry of lines) {
    if (++read % window === 0)
      deps.logger.info('import progress', { dealerId, lines: read, ...tally.progress() });
    if ('error' in entry) {
      tally.fail(entry.line, entry.error);
      continue;
    }
    const internalNumber = internalNumberOf(entry.candidate);
    if (internalNumber !== undefined) {
      const first = named.get(internalNumber);
      if (first !== undefined) {
        tally.fail(entry.line, `internalNumber ${internalNumber} is already on line ${first}`);
        continue;
      }
      named.set(internalNumber, entry.line);
    }
    const parsed = VehicleInputSchema.safeParse(entry.candidate);
    if (!parsed.success) {
      tally.fail(entry.line, describeIssues(parsed.error));
      continue;
    }
    valid++;
    const write = writeFor(parsed.data, byNumber.get(parsed.data.internalNumber), releases, now);
    if (write) pending.push(write);
    else tally.unchanged();
    if (pending.length >= window) await flush();
  }

  if (mode === 'replace') {
    if (valid === 0) throw emptyImport();
    // A vehicle named on a bad line stays: deleting a listing and creating it again costs money.
    for (const vehicle of session.stock) {
      if (!named.has(vehicle.internalNumber)) pending.push({ kind: 'delete', vehicle });
    }
  }
  await flush();
  deps.logger.info('import done', { dealerId, mode, lines: read, ...tally.progress() });
  return tally.result();
}

/** Create, update or (undefined) nothing: an unchanged vehicle is not written. */
function writeFor(
  input: VehicleInput,
  current: Vehicle | undefined,
  start: NewVehicleReleases,
  now: Date,
): StockWrite | undefined {
  const at = now.toISOString();
  if (!current) {
    const vehicleId = newId('veh', now);
    return {
      kind: 'create',
      vehicle: {
        ...input,
        vehicleId,
        version: 1,
        releases: { ...start.releases },
        ...(start.releaseDueAt ? { releaseDueAt: start.releaseDueAt } : {}),
        createdAt: at,
        updatedAt: at,
      },
    };
  }
  if (sameVehicleContent(vehicleInputOf(current), input)) return undefined;
  const vehicle: Vehicle = {
    ...input,
    ...systemFieldsOf(current),
    version: current.version + 1,
    updatedAt: at,
  };
  return { kind: 'update', vehicle };
}
