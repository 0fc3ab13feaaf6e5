import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../infra/topology';
import type { MobileDeEmulator } from '../../infra/local/emulators/mobile-de/server';
import type { LoggedRequest } from '../../infra/local/emulators/kit/request-log';
import type { ListingConnector } from '../../shared/application/delta/listing-connector';
import type { SyncOutcome } from '../../shared/application/delta/sync-listing';
import { exportItem } from '../../shared/adapters/dynamodb/exports-table';
import type { DynamoListingStore } from '../../shared/adapters/dynamodb/listings-table';
import type { DynamoStockRepository } from '../../shared/adapters/dynamodb/stock-table';
import type { SyncMessage } from '../../shared/domain/sync-message';
import type { Vehicle } from '../../shared/domain/vehicle';
import { aVehicle, anExport } from './fakes';
import type { TestDynamo } from './local-services';

/**
 * Helpers of the delta fault tests (test/integration/delta-faults.test.ts): a seeded PRNG, a
 * scripted stock that writes through the real Stock adapter, a delivery driver that plays SQS
 * (duplicates, retries after a visibility timeout, FIFO groups or shuffled order), crash injection
 * around the worker's ports, and the check of the platform against the stock.
 */

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: tiny, fast, good enough to make a failing run reproducible from its seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}

// ---------------------------------------------------------------------------------------------
// Scripted stock

export type StockChange =
  | { readonly kind: 'create'; readonly released: boolean }
  | { readonly kind: 'price' }
  | { readonly kind: 'release'; readonly released: boolean }
  | { readonly kind: 'delete' };

/**
 * Lifecycles of one internal number, round by round. "create" after "delete" is a new vehicle
 * (new vehicleId) under the same internal number, as the stock API allows.
 */
export const create = (released = true): StockChange => ({ kind: 'create', released });
export const price: StockChange = { kind: 'price' };
export const release = (released: boolean): StockChange => ({ kind: 'release', released });
export const remove: StockChange = { kind: 'delete' };

export const lifecycles: readonly (readonly StockChange[])[] = [
  [create()], // listed once, never touched again
  [create(), price, price],
  [create(), release(false), release(true)],
  [create(), remove],
  [create(), remove, create(), price],
  [create(false), release(true), price],
  [create(), release(false)],
  [create(), price, release(false), release(true), price],
  [create(false), price], // never released
  [create(), remove, create(false)],
];

interface SlotState {
  readonly slot: number;
  generation: number;
  vehicle: Vehicle | undefined;
}

/** What the script did to one vehicle (vehicleId), for the creation counts. */
export interface VehicleHistory {
  readonly vehicleId: string;
  readonly internalNumber: string;
  /** How often it went from not released (or absent) to released. */
  episodes: number;
  /** Ever unreleased or deleted after a release. */
  removedOnce: boolean;
}

/**
 * The stock of one dealer, changed by a script through the real DynamoStockRepository. Each change
 * yields the sync message the stock stream would send (a deletion counts as one more version).
 */
export class ScriptedStock {
  private readonly slots: SlotState[];
  readonly histories = new Map<string, VehicleHistory>();

  constructor(
    private readonly repository: DynamoStockRepository,
    private readonly dealerId: string,
    private readonly exportId: string,
    private readonly rng: Rng,
    private readonly scripts: readonly (readonly StockChange[])[],
  ) {
    this.slots = scripts.map((_, slot) => ({ slot, generation: 0, vehicle: undefined }));
  }

  get rounds(): number {
    return Math.max(...this.scripts.map((script) => script.length));
  }

  /** Applies round `round` of every script (in random order, concurrently): the messages it yields. */
  async applyRound(round: number): Promise<SyncMessage[]> {
    const due = this.rng.shuffle(this.slots.filter((slot) => this.scripts[slot.slot]![round] !== undefined));
    return Promise.all(due.map((slot) => this.apply(slot, this.scripts[slot.slot]![round]!)));
  }

  /** The released vehicles now: what the platform must show at the end. */
  released(): Vehicle[] {
    return this.slots.flatMap((slot) =>
      slot.vehicle && this.isReleased(slot.vehicle) ? [slot.vehicle] : [],
    );
  }

  isReleased(vehicle: Vehicle | undefined): boolean {
    return vehicle?.releases[this.exportId] === true;
  }

  private async apply(slot: SlotState, change: StockChange): Promise<SyncMessage> {
    const previous = slot.vehicle;
    let next: Vehicle | undefined;
    if (change.kind === 'create') {
      if (previous) throw new Error(`script error: slot ${slot.slot} creates over a vehicle`);
      slot.generation++;
      next = aVehicle({
        vehicleId: `veh_${this.exportId}_${slot.slot}_${slot.generation}`,
        version: 1,
        internalNumber: `STK-${slot.slot}`,
        releases: { [this.exportId]: change.released },
        condition: 'used',
        make: 'Skoda',
        model: 'Enyaq',
        modelDescription: `Enyaq 85 #${slot.slot}`,
        firstRegistration: '2023-05',
        mileageKm: 10_000 + slot.slot,
        exteriorColor: 'white',
        price: this.randomPrice(),
      });
      this.check(await this.repository.createVehicle(this.dealerId, next), slot);
    } else {
      if (!previous) throw new Error(`script error: slot ${slot.slot} changes no vehicle`);
      if (change.kind === 'delete') {
        this.check(await this.repository.deleteVehicle(this.dealerId, previous), slot);
      } else {
        next = {
          ...previous,
          version: previous.version + 1,
          ...(change.kind === 'price'
            ? { price: this.randomPrice() }
            : { releases: { [this.exportId]: change.released } }),
        };
        this.check(await this.repository.replaceVehicle(this.dealerId, previous, next), slot);
      }
    }
    slot.vehicle = next;
    const vehicleId = (next ?? previous)!.vehicleId;
    const history = this.histories.get(vehicleId) ?? {
      vehicleId,
      internalNumber: `STK-${slot.slot}`,
      episodes: 0,
      removedOnce: false,
    };
    if (!this.isReleased(previous) && this.isReleased(next)) history.episodes++;
    if (this.isReleased(previous) && !this.isReleased(next)) history.removedOnce = true;
    this.histories.set(vehicleId, history);
    return {
      dealerId: this.dealerId,
      exportId: this.exportId,
      vehicleId,
      version: next ? next.version : previous!.version + 1,
    };
  }

  private randomPrice(): Vehicle['price'] {
    return { gross: `${20_000 + this.rng.int(30_000)}.00`, currency: 'EUR', vatRate: '19.00' };
  }

  private check(outcome: string, slot: SlotState): void {
    if (outcome !== 'written') throw new Error(`stock write of slot ${slot.slot} failed: ${outcome}`);
  }
}

/** The export the worker syncs: a mobile.de API export with the seller id as its settings. */
export async function putExport(dynamo: TestDynamo, dealerId: string, exportId: string, sellerId: string) {
  const exp = anExport({ exportId, dealerId, settings: { sellerId } });
  await dynamo.documents.send(new PutCommand({ TableName: tables.exports.name, Item: exportItem(exp) }));
}

// ---------------------------------------------------------------------------------------------
// Crash injection

/** A worker that died (Lambda timeout, OOM, kill): nothing after the point runs. */
export class InjectedCrash extends Error {
  override readonly name = 'InjectedCrash';
}

/**
 * One invocation's crash plan: `decide` is asked at every crash point until it says yes; with
 * `atEnd`, an invocation that did not crash dies after its work, before the message is acked.
 */
export class Crasher {
  private fired = false;
  constructor(
    private readonly decide: (where: string) => boolean,
    private readonly atEnd = false,
  ) {}

  /** Armed with `share`: crashes at a random point (each point fires with 25 %), else at the end. */
  static random(rng: Rng, share: number): Crasher {
    const armed = rng.chance(share);
    return new Crasher(() => armed && rng.chance(0.25), armed);
  }

  point(where: string): void {
    if (this.fired || !this.decide(where)) return;
    this.fired = true;
    throw new InjectedCrash(`crash ${where}`);
  }

  end(): void {
    if (!this.atEnd || this.fired) return;
    this.fired = true;
    throw new InjectedCrash('crash after the sync, before the ack');
  }
}

/** Wraps every method of `port`: a crash point before the call and one after it returned. */
export function crashing<T extends object>(port: T, name: string, crasher: Crasher): T {
  return new Proxy(port, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      // toPayload is pure and synchronous: the worker hashes it; a crash there adds nothing.
      if (property === 'toPayload') return (value as (...args: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]) => {
        crasher.point(`before ${name}.${property}`);
        const result: unknown = await (value as (...args: unknown[]) => Promise<unknown>).apply(target, args);
        crasher.point(`after ${name}.${property}`);
        return result;
      };
    },
  });
}

/**
 * Which vehicle an insertion key and an ad id belong to, learned from the worker's calls: the
 * emulator's log shows keys (POST) and ad ids (PUT/DELETE paths), not vehicles.
 */
export class Attribution {
  readonly vehicleOfKey = new Map<string, string>();
  readonly vehicleOfAd = new Map<string, string>();
  /** The ad a 303 pointed to, per insertion key (the PUT after it is the connector's, not ours). */
  readonly adOfKey = new Map<string, string>();
  /** Who created each ad (the owner may change: a re-created vehicle inherits its number's ad). */
  readonly creatorOfAd = new Map<string, string>();
  /** Ads a vehicle took over from another vehicle with its internal number, per vehicle. */
  readonly inherited = new Map<string, number>();

  wrap(connector: ListingConnector): ListingConnector {
    return {
      toPayload: (vehicle, context) => connector.toPayload(vehicle, context),
      create: async (target, payload, insertionKey) => {
        this.vehicleOfKey.set(insertionKey, target.vehicleId);
        const outcome = await connector.create(target, payload, insertionKey);
        this.vehicleOfAd.set(outcome.listingRef, target.vehicleId);
        this.creatorOfAd.set(outcome.listingRef, target.vehicleId);
        this.adOfKey.set(insertionKey, outcome.listingRef);
        return outcome;
      },
      update: async (target, ref, payload) => {
        const outcome = await connector.update(target, ref, payload);
        const owner = this.vehicleOfAd.get(ref);
        if (owner !== undefined && owner !== target.vehicleId) {
          this.inherited.set(target.vehicleId, (this.inherited.get(target.vehicleId) ?? 0) + 1);
          this.vehicleOfAd.set(ref, target.vehicleId);
        }
        return outcome;
      },
      remove: (target, ref) => connector.remove(target, ref),
      find: async (target, hint) => {
        const ref = await connector.find(target, hint);
        // A found ad keeps the vehicle that created it: the worker may yet refuse it (claimed by
        // another vehicle with the same internal number).
        if (ref && !this.vehicleOfAd.has(ref)) this.vehicleOfAd.set(ref, target.vehicleId);
        return ref;
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Request log

/**
 * The emulator keeps its last 1000 calls: drained after every invocation, so nothing is lost (a
 * gap in the sequence numbers fails the run). Start it on a freshly reset emulator.
 */
export class LogCollector {
  readonly entries: LoggedRequest[] = [];
  /** Undefined until the first call: a reset clears the log but does not restart its numbers. */
  private lastSeq: number | undefined;
  constructor(private readonly emulator: MobileDeEmulator) {}

  drain(): void {
    const fresh = this.emulator.control.requests().filter((entry) => entry.seq > (this.lastSeq ?? 0));
    const first = fresh[0];
    if (first && this.lastSeq !== undefined && first.seq !== this.lastSeq + 1)
      throw new Error(`request log overflowed: calls ${this.lastSeq + 1} to ${first.seq - 1} lost`);
    this.entries.push(...fresh);
    this.lastSeq = fresh.at(-1)?.seq ?? this.lastSeq;
  }
}

// ---------------------------------------------------------------------------------------------
// The delivery driver (SQS as the worker sees it)

export interface DriverOptions {
  readonly rng: Rng;
  /** fifo: one message per (export, vehicle) group at a time, in order, a failure blocks its group. */
  readonly order: 'fifo' | 'shuffled';
  /** Every message delivered twice: half the copies in parallel with the first, half later. */
  readonly twice?: boolean;
  /** Deliveries running at once (Lambda's concurrency). */
  readonly concurrency: number;
  /** Called at the start of every wave (e.g. faults on, then off). */
  readonly beforeWave?: (wave: number) => void;
  readonly maxWaves?: number;
}

export interface DeliveryStats {
  invocations: number;
  waves: number;
  /** Deliveries of a copy in parallel with the same message. */
  parallelCopies: number;
  /** Deliveries that started while another one of the same vehicle was running. */
  overlapping: number;
  readonly outcomes: Record<string, number>;
  readonly errors: Record<string, number>;
  /** Errors the worker threw that were not expected in the scenario (checked by the test). */
  readonly thrown: unknown[];
}

interface Pending {
  readonly message: SyncMessage;
  readonly seq: number;
  visibleAt: number;
  lastError?: unknown;
}

/**
 * Plays the queue: each round the stock changes and its messages are enqueued, then one wave
 * delivers what is visible; a failed delivery becomes visible again 1–2 waves later (visibility
 * timeout). After the last round, waves go on until every message succeeded. The last delivery
 * of every vehicle is therefore one that started after its final stock write.
 */
export async function drive(
  stock: ScriptedStock,
  invoke: (message: SyncMessage) => Promise<SyncOutcome>,
  options: DriverOptions,
): Promise<DeliveryStats> {
  const { rng } = options;
  const stats: DeliveryStats = {
    invocations: 0,
    waves: 0,
    parallelCopies: 0,
    overlapping: 0,
    outcomes: {},
    errors: {},
    thrown: [],
  };
  let queue: Pending[] = [];
  const later: { at: number; message: SyncMessage }[] = [];
  let seq = 0;
  const enqueue = (message: SyncMessage, wave: number) =>
    queue.push({ message, seq: seq++, visibleAt: wave });
  const maxWaves = options.maxWaves ?? 60;

  const running = new Map<string, number>();
  const deliver = async (item: Pending, wave: number): Promise<boolean> => {
    stats.invocations++;
    const vehicle = item.message.vehicleId;
    if ((running.get(vehicle) ?? 0) > 0) stats.overlapping++;
    running.set(vehicle, (running.get(vehicle) ?? 0) + 1);
    try {
      const outcome = await invoke(item.message);
      stats.outcomes[outcome] = (stats.outcomes[outcome] ?? 0) + 1;
      return true;
    } catch (error) {
      const name = error instanceof Error ? error.name : String(error);
      stats.errors[name] = (stats.errors[name] ?? 0) + 1;
      stats.thrown.push(error);
      item.lastError = error;
      item.visibleAt = wave + 1 + rng.int(2);
      return false;
    } finally {
      running.set(vehicle, running.get(vehicle)! - 1);
    }
  };

  for (let wave = 0; ; wave++) {
    if (wave >= maxWaves) {
      const stuck = queue.map(
        (item) =>
          `${item.message.vehicleId} v${item.message.version}: ${item.lastError instanceof Error ? `${item.lastError.name}: ${item.lastError.message}` : 'never delivered'}`,
      );
      throw new Error(`seed ${rng.seed}: still pending after ${maxWaves} waves:\n${stuck.join('\n')}`);
    }
    stats.waves = wave + 1;
    options.beforeWave?.(wave);
    if (wave < stock.rounds) {
      for (const message of await stock.applyRound(wave)) {
        enqueue(message, wave);
        // Half the duplicates arrive with the original (FIFO would hold them back; the worker
        // must be safe anyway), half beyond the deduplication window.
        if (options.twice) {
          if (rng.chance(0.5)) enqueue(message, wave);
          else later.push({ at: wave + 1 + rng.int(3), message });
        }
      }
    }
    for (const due of later.filter((entry) => entry.at === wave)) enqueue(due.message, wave);

    const visible = queue.filter((item) => item.visibleAt <= wave);
    const done = new Set<Pending>();
    if (options.order === 'fifo') {
      // One lane per group; a group whose head is not visible waits (FIFO), a failure stops it.
      const groups = new Map<string, Pending[]>();
      for (const item of [...queue].sort((a, b) => a.seq - b.seq)) {
        const key = `${item.message.exportId}#${item.message.vehicleId}`;
        groups.set(key, [...(groups.get(key) ?? []), item]);
      }
      await pool([...groups.values()], options.concurrency, async (group) => {
        while (group.length > 0 && group[0]!.visibleAt <= wave) {
          const head = group[0]!;
          // Copies of the same message visible together go at once.
          const copies = group.filter(
            (item) => item.visibleAt <= wave && sameMessage(item.message, head.message),
          );
          if (copies.length > 1) stats.parallelCopies += copies.length - 1;
          const results = await Promise.all(copies.map((item) => deliver(item, wave)));
          copies.forEach((item, index) => {
            if (results[index]) done.add(item);
          });
          group = group.filter((item) => !done.has(item));
          if (results.includes(false)) break;
        }
      });
    } else {
      // Shuffled: any order, across and within vehicles; some messages are held back a wave.
      const lastRound = wave >= stock.rounds - 1;
      const now = rng.shuffle(visible).filter((item) => {
        if (!lastRound && rng.chance(0.3)) item.visibleAt = wave + 1;
        return item.visibleAt <= wave;
      });
      await pool(now, options.concurrency, async (item) => {
        if (await deliver(item, wave)) done.add(item);
      });
    }
    queue = queue.filter((item) => !done.has(item));
    if (wave >= stock.rounds - 1 && queue.length === 0 && later.every((entry) => entry.at <= wave)) break;
  }
  return stats;
}

function sameMessage(a: SyncMessage, b: SyncMessage): boolean {
  return a.exportId === b.exportId && a.vehicleId === b.vehicleId && a.version === b.version;
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
}

// ---------------------------------------------------------------------------------------------
// The check: platform = released stock, one listing per vehicle lifecycle

export interface PlatformReport {
  /** Anything wrong, one line each; empty when the platform matches the stock. */
  readonly violations: string[];
  readonly calls: Record<string, number>;
  readonly creations: number;
  readonly replays: number;
  /** PUTs whose body equals what the ad already had (not the connector's PUT after a 303). */
  readonly redundantPuts: number;
  readonly faults: number;
}

export async function checkPlatform(input: {
  readonly emulator: MobileDeEmulator;
  readonly sellerId: string;
  readonly exportId: string;
  readonly stock: ScriptedStock;
  readonly log: LogCollector;
  readonly attribution: Attribution;
  readonly listings: DynamoListingStore;
}): Promise<PlatformReport> {
  const { emulator, sellerId, exportId, stock, log, attribution, listings } = input;
  log.drain();
  const violations: string[] = [];

  // 1. The ads are the released stock: one per released vehicle, with its current content.
  const released = new Map(stock.released().map((vehicle) => [vehicle.vehicleId, vehicle]));
  const seen = new Set<string>();
  for (const ad of emulator.control.ads(sellerId)) {
    const vehicleId = attribution.vehicleOfAd.get(ad.mobileAdId);
    const vehicle = vehicleId ? released.get(vehicleId) : undefined;
    const price = (ad.price as { consumerPriceGross?: string } | undefined)?.consumerPriceGross;
    if (!vehicle) {
      violations.push(
        `ad ${ad.mobileAdId} (${String(ad.internalNumber)}, vehicle ${vehicleId}) is not released stock`,
      );
    } else if (seen.has(vehicle.vehicleId)) {
      violations.push(`vehicle ${vehicle.vehicleId} has a second ad ${ad.mobileAdId}`);
    } else if (price !== vehicle.price.gross || ad.internalNumber !== vehicle.internalNumber) {
      violations.push(
        `ad ${ad.mobileAdId} shows ${String(ad.internalNumber)} at ${price}, stock has ${vehicle.price.gross}`,
      );
    }
    if (vehicle) seen.add(vehicle.vehicleId);
  }
  for (const vehicleId of released.keys())
    if (!seen.has(vehicleId)) violations.push(`released vehicle ${vehicleId} has no ad`);

  // 2. Replaying the log: never two live ads of one vehicle; creations bounded by the lifecycles.
  const calls: Record<string, number> = {};
  const live = new Map<string, number>();
  const creations = new Map<string, number>();
  const createdPerKey = new Map<string, number>();
  const lastBody = new Map<string, string>();
  const afterReplay = new Set<string>();
  let replays = 0;
  let redundantPuts = 0;
  let faults = 0;
  const adsPath = `/seller-api/sellers/${sellerId}/ads`;
  for (const entry of log.entries) {
    if (entry.path !== adsPath && !entry.path.startsWith(`${adsPath}/`)) continue;
    calls[`${entry.method} ${entry.status}`] = (calls[`${entry.method} ${entry.status}`] ?? 0) + 1;
    if (entry.fault) faults++;
    const adId = entry.path.split('/').at(-1)!;
    const body = JSON.stringify(entry.body);
    if (entry.method === 'POST') {
      const key = entry.headers['x-mobile-insertion-request-id'] ?? '';
      const vehicleId = attribution.vehicleOfKey.get(key) ?? `unknown key ${key}`;
      if (entry.status === 303) {
        replays++;
        const replayed = attribution.adOfKey.get(key);
        if (replayed) afterReplay.add(replayed);
      }
      if (entry.status !== 201) continue;
      creations.set(vehicleId, (creations.get(vehicleId) ?? 0) + 1);
      createdPerKey.set(key, (createdPerKey.get(key) ?? 0) + 1);
      if (createdPerKey.get(key)! > 1) violations.push(`insertion key ${key} created twice`);
      live.set(vehicleId, (live.get(vehicleId) ?? 0) + 1);
      if (live.get(vehicleId)! > 1)
        violations.push(`vehicle ${vehicleId} had two live ads (log #${entry.seq})`);
      const ref = attribution.adOfKey.get(key);
      if (ref) lastBody.set(ref, body);
    } else if (entry.method === 'PUT' && entry.status === 200) {
      if (afterReplay.delete(adId)) {
        // The connector brings a replayed ad up to date; not a decision of the worker.
      } else if (lastBody.get(adId) === body) redundantPuts++;
      lastBody.set(adId, body);
    } else if (entry.method === 'DELETE' && entry.status === 204) {
      // Live ads are counted per creator: an inherited ad still counts for the vehicle that made it.
      const vehicleId =
        attribution.creatorOfAd.get(adId) ?? attribution.vehicleOfAd.get(adId) ?? `unknown ad ${adId}`;
      live.set(vehicleId, (live.get(vehicleId) ?? 0) - 1);
    }
  }
  for (const history of stock.histories.values()) {
    const created = creations.get(history.vehicleId) ?? 0;
    const inherited = attribution.inherited.get(history.vehicleId) ?? 0;
    if (created + inherited > history.episodes)
      violations.push(
        `vehicle ${history.vehicleId}: ${created} creations for ${history.episodes} release(s)`,
      );
    if (history.episodes === 1 && !history.removedOnce && created + inherited !== 1)
      violations.push(
        `vehicle ${history.vehicleId} was listed once and never removed: ${created} creations, ${inherited} inherited`,
      );
  }
  for (const vehicleId of creations.keys())
    if (!stock.histories.has(vehicleId))
      violations.push(`creation for a vehicle not in the script: ${vehicleId}`);

  // 3. The listing records agree: released → listed with the ad's id; otherwise nothing listed.
  const adOfVehicle = new Map(
    emulator.control.ads(sellerId).map((ad) => [attribution.vehicleOfAd.get(ad.mobileAdId), ad.mobileAdId]),
  );
  for (const history of stock.histories.values()) {
    const listing = await listings.getListing(exportId, history.vehicleId);
    if (released.has(history.vehicleId)) {
      const adId = adOfVehicle.get(history.vehicleId);
      if (listing?.state !== 'listed' || listing.listingRef !== adId)
        violations.push(
          `listing of ${history.vehicleId} is ${listing?.state}/${listing?.listingRef}, ad ${adId}`,
        );
    } else if (listing?.state === 'listed') {
      violations.push(`listing of unreleased ${history.vehicleId} is still listed`);
    }
  }

  return {
    violations,
    calls,
    creations: [...creations.values()].reduce((sum, count) => sum + count, 0),
    replays,
    redundantPuts,
    faults,
  };
}
