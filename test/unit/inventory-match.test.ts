import { describe, expect, it } from 'vitest';
import {
  candidatesFor,
  matchInventory,
  MAX_CANDIDATES,
  type MatchVehicle,
  type PlatformListing,
} from '../../shared/domain/inventory-match';

const vehicle = (vehicleId: string, overrides: Partial<MatchVehicle> = {}): MatchVehicle => ({
  vehicleId,
  internalNumber: `STK-${vehicleId}`,
  make: 'Volkswagen',
  model: 'Golf',
  ...overrides,
});
const listing = (listingRef: string, overrides: Partial<PlatformListing> = {}): PlatformListing => ({
  listingRef,
  internalNumber: null,
  vin: null,
  title: 'Something',
  ...overrides,
});
const VIN_A = 'WVWZZZCDZKW000001';
const VIN_B = 'WVWZZZCDZKW000002';

describe('matchInventory', () => {
  it.each([
    {
      name: 'by internal number',
      listings: [listing('L1', { internalNumber: 'STK-v1' })],
      vehicles: [vehicle('v1')],
      matched: [{ vehicleId: 'v1', listingRef: 'L1', by: 'internalNumber' }],
      unmatched: [],
      without: [],
    },
    {
      name: 'by internal number, trimmed',
      listings: [listing('L1', { internalNumber: '  STK-v1 ' })],
      vehicles: [vehicle('v1')],
      matched: [{ vehicleId: 'v1', listingRef: 'L1', by: 'internalNumber' }],
      unmatched: [],
      without: [],
    },
    {
      name: 'internal numbers are case-sensitive (the dealer’s own keys)',
      listings: [listing('L1', { internalNumber: 'stk-v1' })],
      vehicles: [vehicle('v1')],
      matched: [],
      unmatched: ['L1'],
      without: ['v1'],
    },
    {
      name: 'by VIN, trimmed and case-insensitive',
      listings: [listing('L1', { vin: ` ${VIN_A.toLowerCase()} ` })],
      vehicles: [vehicle('v1', { vin: VIN_A })],
      matched: [{ vehicleId: 'v1', listingRef: 'L1', by: 'vin' }],
      unmatched: [],
      without: [],
    },
    {
      name: 'internal number before VIN: the VIN does not steal a vehicle matched by number',
      listings: [listing('L1', { vin: VIN_A }), listing('L2', { internalNumber: 'STK-v1' })],
      vehicles: [vehicle('v1', { vin: VIN_A })],
      matched: [{ vehicleId: 'v1', listingRef: 'L2', by: 'internalNumber' }],
      unmatched: ['L1'],
      without: [],
    },
    {
      name: 'an unknown internal number falls back to the VIN',
      listings: [listing('L1', { internalNumber: 'OLD-7', vin: VIN_B })],
      vehicles: [vehicle('v1', { vin: VIN_A }), vehicle('v2', { vin: VIN_B })],
      matched: [{ vehicleId: 'v2', listingRef: 'L1', by: 'vin' }],
      unmatched: [],
      without: ['v1'],
    },
    {
      name: 'number and VIN naming different vehicles: no guess',
      listings: [
        listing('L1', { internalNumber: 'STK-v1', vin: VIN_B }),
        listing('L2', { internalNumber: 'STK-v1', vin: VIN_B }),
      ],
      vehicles: [vehicle('v1', { vin: VIN_A }), vehicle('v2', { vin: VIN_B })],
      matched: [{ vehicleId: 'v1', listingRef: 'L1', by: 'internalNumber' }],
      unmatched: ['L2'],
      without: ['v2'],
    },
    {
      name: 'a duplicate on the platform: the second listing stays unmatched',
      listings: [listing('L1', { internalNumber: 'STK-v1' }), listing('L2', { internalNumber: 'STK-v1' })],
      vehicles: [vehicle('v1')],
      matched: [{ vehicleId: 'v1', listingRef: 'L1', by: 'internalNumber' }],
      unmatched: ['L2'],
      without: [],
    },
    {
      name: 'a duplicate by VIN: the second listing stays unmatched',
      listings: [listing('L1', { vin: VIN_A }), listing('L2', { vin: VIN_A })],
      vehicles: [vehicle('v1', { vin: VIN_A })],
      matched: [{ vehicleId: 'v1', listingRef: 'L1', by: 'vin' }],
      unmatched: ['L2'],
      without: [],
    },
    {
      name: 'one VIN on two free vehicles (a stock error): no guess',
      listings: [listing('L1', { vin: VIN_A })],
      vehicles: [vehicle('v1', { vin: VIN_A }), vehicle('v2', { vin: VIN_A })],
      matched: [],
      unmatched: ['L1'],
      without: ['v1', 'v2'],
    },
    {
      name: 'nothing on the platform: every vehicle is created',
      listings: [],
      vehicles: [vehicle('v1'), vehicle('v2')],
      matched: [],
      unmatched: [],
      without: ['v1', 'v2'],
    },
    {
      name: 'listings without number and VIN never match',
      listings: [listing('L1'), listing('L2', { internalNumber: ' ', vin: '' })],
      vehicles: [vehicle('v1')],
      matched: [],
      unmatched: ['L1', 'L2'],
      without: ['v1'],
    },
  ])('$name', ({ listings, vehicles, matched, unmatched, without }) => {
    const result = matchInventory(listings, vehicles);
    expect(result.matched).toEqual(matched);
    expect(result.unmatchedListings.map((entry) => entry.listing.listingRef)).toEqual(unmatched);
    expect(result.unmatchedVehicles).toEqual(without);
  });

  it('never matches a vehicle twice or a listing twice', () => {
    const listings = [
      listing('L1', { internalNumber: 'STK-v1', vin: VIN_A }),
      listing('L2', { internalNumber: 'STK-v1', vin: VIN_A }),
      listing('L3', { vin: VIN_A }),
      listing('L4', { internalNumber: 'STK-v2' }),
    ];
    const result = matchInventory(listings, [vehicle('v1', { vin: VIN_A }), vehicle('v2')]);
    const vehicles = result.matched.map((match) => match.vehicleId);
    const refs = result.matched.map((match) => match.listingRef);
    expect(new Set(vehicles).size).toBe(vehicles.length);
    expect(new Set(refs).size).toBe(refs.length);
    expect(result.matched).toHaveLength(2);
  });

  it('proposes candidates for unmatched listings from the vehicles left without a listing', () => {
    const result = matchInventory(
      [
        listing('L1', { internalNumber: 'STK-v1' }),
        listing('L2', { title: 'VW Golf 1.5 TSI', make: 'VW', model: 'Golf' }),
      ],
      [vehicle('v1'), vehicle('v2'), vehicle('v3', { model: 'Polo' })],
    );
    expect(result.unmatchedListings).toEqual([
      { listing: expect.objectContaining({ listingRef: 'L2' }) as unknown, candidates: ['v2'] },
    ]);
  });
});

describe('candidatesFor', () => {
  const stock = [
    vehicle('golf', { make: 'Volkswagen', model: 'Golf' }),
    vehicle('golf-audi', { make: 'Audi', model: 'Golf' }),
    vehicle('polo', { make: 'Volkswagen', model: 'Polo' }),
    vehicle('a4', { make: 'Audi', model: 'A4' }),
    vehicle('c200', { make: 'Mercedes-Benz', model: 'C 200' }),
    vehicle('enyaq', { make: 'Škoda', model: 'Enyaq' }),
  ];

  it.each([
    {
      name: 'make key and model (mobile.de: VW)',
      entry: { make: 'VW', model: 'Golf', title: 'Golf 1.5 TSI' },
      expected: ['golf'],
    },
    {
      name: 'make name and model (AutoScout24)',
      entry: { make: 'Volkswagen', model: 'Polo', title: 'Polo' },
      expected: ['polo'],
    },
    {
      name: 'title words only: a fitting make ranks first',
      entry: { title: 'Audi A4 Avant' },
      expected: ['a4'],
    },
    {
      name: 'title words only, make not named',
      entry: { title: 'Golf Variant' },
      expected: ['golf', 'golf-audi'],
    },
    {
      name: 'title naming the make ranks it first',
      entry: { title: 'Audi Golf?' },
      expected: ['golf-audi', 'golf'],
    },
    {
      name: 'models of several words',
      entry: { make: 'MERCEDES-BENZ', model: 'C 200', title: 'C 200 d' },
      expected: ['c200'],
    },
    {
      name: 'accents and case do not matter',
      entry: { make: 'SKODA', model: 'ENYAQ', title: 'Enyaq iV 80' },
      expected: ['enyaq'],
    },
    {
      name: 'a different make is no candidate',
      entry: { make: 'BMW', model: 'Golf', title: 'Golf' },
      expected: [],
    },
    { name: 'nothing fits', entry: { title: 'Tractor' }, expected: [] },
  ])('$name', ({ entry, expected }) => {
    expect(candidatesFor(listing('L', entry), stock)).toEqual(expected);
  });

  it(`proposes at most ${MAX_CANDIDATES}`, () => {
    const golfs = ['g1', 'g2', 'g3', 'g4', 'g5'].map((id) => vehicle(id));
    expect(candidatesFor(listing('L', { title: 'Golf' }), golfs)).toEqual(['g1', 'g2', 'g3']);
  });
});
