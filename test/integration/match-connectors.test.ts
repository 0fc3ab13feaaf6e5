import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startAutoScout24Emulator,
  type AutoScout24Emulator,
} from '../../infra/local/emulators/autoscout24/server';
import { startMobileDeEmulator, type MobileDeEmulator } from '../../infra/local/emulators/mobile-de/server';
import { createAutoScout24ListingConnector } from '../../shared/adapters/connectors/autoscout24/listing-connector';
import { createMobileDeListingConnector } from '../../shared/adapters/connectors/mobile-de/listing-connector';
import { PlatformUnavailableError } from '../../shared/domain/errors';

const login = { user: 'provider', password: 'secret' };

/** The connectors' listing of a dealer's listings for the inventory match, against the emulators over HTTP. */
describe('listing the dealer’s listings', () => {
  let mobileDe: MobileDeEmulator;
  let autoScout24: AutoScout24Emulator;

  beforeAll(async () => {
    [mobileDe, autoScout24] = await Promise.all([
      startMobileDeEmulator({ users: [login], sellers: [{ mobileSellerId: '1000001' }], random: () => 0 }),
      startAutoScout24Emulator({ users: [login], customers: [{ id: '2000001' }], random: () => 0 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([mobileDe?.stop(), autoScout24?.stop()]);
  });
  beforeEach(() => {
    mobileDe.control.reset();
    autoScout24.control.reset();
  });

  describe('mobile.de', () => {
    const target = { exportId: 'exp_1', vehicleId: '', settings: { sellerId: '1000001' } };
    const connector = (adsPageSize: number) =>
      createMobileDeListingConnector({ baseUrl: mobileDe.url, ...login }, { adsPageSize });

    it('follows every page (page.size/page.number, Search-API style maxPages)', async () => {
      for (let n = 1; n <= 5; n++)
        mobileDe.control.seedAd('1000001', {
          make: 'VW',
          model: 'Golf',
          modelDescription: `Golf #${n}`,
          internalNumber: `STK-${n}`,
          ...(n === 2 ? { vin: 'WVWZZZCDZKW000002' } : {}),
        });

      const listed = await connector(2).listListings(target);

      expect(listed.map((listing) => listing.internalNumber)).toEqual([
        'STK-1',
        'STK-2',
        'STK-3',
        'STK-4',
        'STK-5',
      ]);
      expect(listed[1]).toEqual({
        listingRef: expect.any(String) as unknown,
        internalNumber: 'STK-2',
        vin: 'WVWZZZCDZKW000002',
        title: 'Golf #2',
        make: 'VW',
        model: 'Golf',
      });
      expect(mobileDe.control.requests().map((request) => request.query)).toEqual([
        'page.size=2&page.number=1',
        'page.size=2&page.number=2',
        'page.size=2&page.number=3',
      ]);
      expect(await connector(2).listListings({ ...target, settings: { sellerId: '1000001' } })).toHaveLength(
        5,
      );
    });

    it('reads an empty seller in one call, and ends on a full last page by maxPages', async () => {
      expect(await connector(2).listListings(target)).toEqual([]);
      mobileDe.control.seedAd('1000001', { make: 'VW', model: 'Golf' });
      mobileDe.control.seedAd('1000001', { make: 'VW', model: 'Polo' });
      const listed = await connector(2).listListings(target);
      expect(listed.map((listing) => listing.title)).toEqual(['VW Golf', 'VW Polo']);
      // One call for the empty seller, one for a last page that is full (maxPages 1).
      expect(mobileDe.control.requests()).toHaveLength(2);
    });

    it('turns a 503 into PlatformUnavailableError', async () => {
      mobileDe.control.setFaults({ share503: 1 });
      await expect(connector(2).listListings(target)).rejects.toBeInstanceOf(PlatformUnavailableError);
    });
  });

  describe('AutoScout24', () => {
    const target = { exportId: 'exp_1', vehicleId: '', settings: { customerId: '2000001' } };
    const connector = () =>
      createAutoScout24ListingConnector({ baseUrl: autoScout24.url, ...login }, { listingsPageSize: 2 });

    it('follows every page and reads in full only the listings the match asks for', async () => {
      const seeded = [
        autoScout24.control.seedListing('2000001', { make: 9, model: 1626, offerReferenceId: 'STK-1' }),
        autoScout24.control.seedListing('2000001', {
          make: 74,
          model: 2084,
          modelVersion: 'Golf 1.5 TSI',
          vin: 'WVWZZZCDZKW000002',
        }),
        autoScout24.control.seedListing('2000001', { make: 9, model: 1626, offerReferenceId: 'OLD-3' }),
      ];

      const listed = await connector().listListings(target, {
        details: (listing) => listing.internalNumber !== 'STK-1',
      });

      expect(listed).toEqual([
        { listingRef: seeded[0]!.id, internalNumber: 'STK-1', vin: null, title: 'STK-1' },
        {
          listingRef: seeded[1]!.id,
          internalNumber: null,
          vin: 'WVWZZZCDZKW000002',
          title: 'Golf 1.5 TSI',
          make: 'Volkswagen',
          model: 'Golf',
        },
        {
          listingRef: seeded[2]!.id,
          internalNumber: 'OLD-3',
          vin: null,
          title: 'Audi A4',
          make: 'Audi',
          model: 'A4',
        },
      ]);
      expect(autoScout24.control.requests().map((request) => `${request.path}?${request.query}`)).toEqual([
        '/customers/2000001/listings?page=1&pageSize=2',
        '/customers/2000001/listings?page=2&pageSize=2',
        `/customers/2000001/listings/${seeded[1]!.id}?`,
        `/customers/2000001/listings/${seeded[2]!.id}?`,
      ]);
    });

    it('lists nothing for a customer without listings', async () => {
      expect(await connector().listListings(target)).toEqual([]);
    });
  });
});
