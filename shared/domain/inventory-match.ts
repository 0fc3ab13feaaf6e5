import type { Vehicle } from './vehicle';

/**
 * The inventory match (PRODUCT.md §4): the dealer's listings that already exist on a platform are
 * matched to the released stock before any listing is created, so they are adopted (updated)
 * instead of created again, which would cost the dealer a new-listing fee. Pure: no I/O.
 */

/** One listing of the dealer as the platform lists it (a connector's `listListings`). */
export interface PlatformListing {
  readonly listingRef: string;
  readonly internalNumber: string | null;
  readonly vin: string | null;
  /** What the dealer sees on the platform (mobile.de `modelDescription`, AutoScout24 `modelVersion`). */
  readonly title: string;
  /** Make and model as the platform names them, when it does: they help to propose candidates. */
  readonly make?: string | null;
  readonly model?: string | null;
}

export type MatchVehicle = Pick<Vehicle, 'vehicleId' | 'internalNumber' | 'vin' | 'make' | 'model'>;

export const matchMethods = ['internalNumber', 'vin', 'manual'] as const;
export type MatchMethod = (typeof matchMethods)[number];

export interface InventoryMatch {
  readonly matched: readonly {
    readonly vehicleId: string;
    readonly listingRef: string;
    readonly by: Exclude<MatchMethod, 'manual'>;
  }[];
  /** Listings that match no vehicle, with the vehicles the dealer may mean (best first). */
  readonly unmatchedListings: readonly { readonly listing: PlatformListing; readonly candidates: string[] }[];
  /** Released vehicles without a listing: they are created. */
  readonly unmatchedVehicles: readonly string[];
}

/** More candidates than this help nobody decide. */
export const MAX_CANDIDATES = 3;

/**
 * Matches by internal number first, then by VIN (trimmed, case-insensitive), in the platform's
 * order. A listing and a vehicle are matched at most once: a second listing with the same internal
 * number (a duplicate on the platform) stays unmatched for the dealer to decide. The VIN is only
 * asked for listings whose internal number names no vehicle of the stock: when the two disagree,
 * no guess is made.
 */
export function matchInventory(
  listings: readonly PlatformListing[],
  vehicles: readonly MatchVehicle[],
): InventoryMatch {
  const byNumber = new Map<string, MatchVehicle>();
  const byVin = new Map<string, MatchVehicle[]>();
  for (const vehicle of vehicles) {
    byNumber.set(numberKey(vehicle.internalNumber)!, vehicle);
    const vin = vinKey(vehicle.vin);
    if (vin) byVin.set(vin, [...(byVin.get(vin) ?? []), vehicle]);
  }
  const taken = new Set<string>();
  const matched: InventoryMatch['matched'][number][] = [];
  const left: PlatformListing[] = [];

  for (const listing of listings) {
    const vehicle = byNumber.get(numberKey(listing.internalNumber) ?? '');
    if (vehicle && !taken.has(vehicle.vehicleId)) {
      taken.add(vehicle.vehicleId);
      matched.push({ vehicleId: vehicle.vehicleId, listingRef: listing.listingRef, by: 'internalNumber' });
    } else left.push(listing);
  }

  const unmatched: PlatformListing[] = [];
  for (const listing of left) {
    const numberNamesVehicle = byNumber.has(numberKey(listing.internalNumber) ?? '');
    const free = (byVin.get(vinKey(listing.vin) ?? '') ?? []).filter((v) => !taken.has(v.vehicleId));
    // Two free vehicles with one VIN: a data error in the stock; the dealer decides.
    if (!numberNamesVehicle && free.length === 1) {
      taken.add(free[0]!.vehicleId);
      matched.push({ vehicleId: free[0]!.vehicleId, listingRef: listing.listingRef, by: 'vin' });
    } else unmatched.push(listing);
  }

  const without = vehicles.filter((vehicle) => !taken.has(vehicle.vehicleId));
  return {
    matched,
    unmatchedListings: unmatched.map((listing) => ({ listing, candidates: candidatesFor(listing, without) })),
    unmatchedVehicles: without.map((vehicle) => vehicle.vehicleId),
  };
}

/**
 * Vehicles the dealer may mean by a listing that matched nothing: every word of the vehicle's
 * model appears in the listing (model or title), and its make fits the listing's make when the
 * platform named one. A fitting make ranks higher; ties keep the stock's order.
 */
export function candidatesFor(listing: PlatformListing, vehicles: readonly MatchVehicle[]): string[] {
  const words = new Set(wordsOf(`${listing.make ?? ''} ${listing.model ?? ''} ${listing.title}`));
  const listingMake = listing.make ? makeWords(listing.make) : undefined;
  const scored = vehicles.flatMap((vehicle, index) => {
    const model = wordsOf(vehicle.model);
    if (model.length === 0 || !model.every((word) => words.has(word))) return [];
    const make = makeWords(vehicle.make);
    const makeFits = listingMake
      ? make.join(' ') === listingMake.join(' ')
      : make.length > 0 && make.every((word) => words.has(word));
    if (listingMake && !makeFits) return [];
    return [{ vehicleId: vehicle.vehicleId, score: makeFits ? 1 : 0, index }];
  });
  return scored
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, MAX_CANDIDATES)
    .map((entry) => entry.vehicleId);
}

/** Internal numbers are the dealer's keys: compared as written, only trimmed. */
export function numberKey(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function vinKey(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim().toUpperCase();
  return trimmed ? trimmed : undefined;
}

/** Lower case, accents off, split at anything that is not a letter or digit. */
function wordsOf(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** Platforms abbreviate some makes (mobile.de's key for Volkswagen is `VW`). */
const makeAliases: Readonly<Record<string, string>> = {
  vw: 'volkswagen',
  mercedes: 'mercedes benz',
  mb: 'mercedes benz',
  'land rover': 'landrover',
  'rolls royce': 'rollsroyce',
};

function makeWords(make: string): string[] {
  const words = wordsOf(make).join(' ');
  return (makeAliases[words] ?? words).split(' ').filter((word) => word !== '');
}
