import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/free-port';
import { FIRST_AD_ID } from '../../infra/local/emulators/mobile-de/ad-store';
import { startMobileDeEmulator, type MobileDeEmulator } from '../../infra/local/emulators/mobile-de/server';
import type { ListingContext, ListingTarget } from '../../shared/application/delta/listing-connector';
import {
  createMobileDeListingConnector,
  type MobileDeListingOptions,
} from '../../shared/adapters/connectors/mobile-de/listing-connector';
import { ListingRejectedError, PlatformUnavailableError } from '../../shared/domain/errors';
import { VehicleSchema, type Vehicle } from '../../shared/domain/vehicle';
import { startImageServer, type ImageServer } from '../support/image-server';

const MEDIA = 'application/vnd.de.mobile.api+json';
const AD_ID = String(FIRST_AD_ID);
const sample: Vehicle = VehicleSchema.parse(
  JSON.parse(readFileSync(new URL('../fixtures/mobile-de/sample-vehicle.json', import.meta.url), 'utf8')),
);
const context: ListingContext = {
  settings: {},
  contactEmail: 'info@haus.example',
  maxImages: 30,
  bookings: [],
};
const target: ListingTarget = { exportId: 'exp_1', vehicleId: 'veh_1', settings: { sellerId: '1000001' } };

/** The mobile.de ListingConnector against the Seller-API emulator and an image host, over HTTP. */
describe('mobile.de listing connector', () => {
  let emulator: MobileDeEmulator;
  let images: ImageServer;

  beforeAll(async () => {
    [emulator, images] = await Promise.all([
      startMobileDeEmulator({
        users: [
          { user: 'provider', password: 'secret' },
          { user: 'no-api', password: 'secret', sellerApi: false },
        ],
        sellers: [{ mobileSellerId: '1000001' }],
        random: () => 0,
      }),
      startImageServer(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([emulator?.stop(), images?.stop()]);
  });
  beforeEach(() => {
    emulator.control.reset();
    images.hits.clear();
  });

  const connector = (
    options: MobileDeListingOptions = {},
    login = { user: 'provider', password: 'secret' },
  ) =>
    createMobileDeListingConnector(
      { baseUrl: emulator.url, ...login },
      { allowPrivateImageHosts: true, ...options },
    );
  const vehicle = (changes: Partial<Vehicle> = {}): Vehicle => ({
    ...sample,
    images: [{ url: `${images.url}/car.jpg` }, { url: `${images.url}/car-2.jpg` }],
    ...changes,
  });
  const payload = (changes: Partial<Vehicle> = {}, contextChanges: Partial<ListingContext> = {}) =>
    connector().toPayload(vehicle(changes), { ...context, ...contextChanges });
  const calls = () =>
    emulator.control.requests().map((request) => `${request.method} ${request.path} ${request.status}`);
  const failure = async <T>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(type);
    return error as T;
  };

  it('creates an ad: images uploaded first, then POST with Basic auth, media type and insertion id', async () => {
    const outcome = await connector().create(target, payload(), 'exp_1:veh_1');

    expect(outcome).toEqual({ listingRef: AD_ID, messages: [] });
    expect(calls()).toEqual([
      'POST /seller-api/images 201',
      'POST /seller-api/images 201',
      'POST /seller-api/sellers/1000001/ads 201',
    ]);
    const post = emulator.control.requests()[2]!;
    expect(post).toMatchObject({
      user: 'provider',
      headers: { accept: MEDIA, 'content-type': MEDIA, 'x-mobile-insertion-request-id': 'exp_1:veh_1' },
    });
    const [ad] = emulator.control.ads('1000001');
    expect(ad).toMatchObject({
      make: 'AUDI',
      firstRegistration: '201903',
      price: { consumerPriceGross: '24990.00', vatRate: '19.00' },
      description: 'Scheckheftgepflegt, Nichtraucher\\\\Anfragen an: info@haus.example',
    });
    expect(ad!.images).toEqual([
      { ref: expect.any(String) as unknown },
      { ref: expect.any(String) as unknown },
    ]);
    expect(JSON.stringify(ad)).not.toContain('car.jpg');
  });

  it('passes the platform warnings of an accepted ad on', async () => {
    const outcome = await connector().create(target, payload({ exteriorColor: 'Mythosschwarz' }), 'k');
    expect(outcome.messages).toEqual([
      {
        severity: 'warning',
        code: 'missing-field',
        text: 'exteriorColor is recommended (path: ad.vehicle.exteriorColor)',
      },
    ]);
  });

  it('repeats a create with the same key as 303 → PUT: one ad, with the current content', async () => {
    await connector().create(target, payload(), 'exp_1:veh_1');
    const again = await connector().create(target, payload({ mileageKm: 46000 }), 'exp_1:veh_1');

    expect(again.listingRef).toBe(AD_ID);
    expect(calls().slice(3)).toEqual([
      'POST /seller-api/images 201',
      'POST /seller-api/images 201',
      'POST /seller-api/sellers/1000001/ads 303',
      `PUT /seller-api/sellers/1000001/ads/${AD_ID} 200`,
    ]);
    expect(emulator.control.ads('1000001').map((ad) => ad.mileage)).toEqual([46000]);
  });

  it('replaces the whole ad on update', async () => {
    await connector().create(target, payload(), 'k');
    const outcome = await connector().update(
      target,
      AD_ID,
      payload({ vin: undefined, price: { gross: '22990.00', currency: 'EUR' } }),
    );

    expect(outcome).toEqual({ listingRef: AD_ID, messages: [] });
    const [ad] = emulator.control.ads('1000001');
    expect(ad).not.toHaveProperty('vin');
    expect(ad!.price).toEqual({ consumerPriceGross: '22990.00', type: 'FIXED', currency: 'EUR' });
  });

  it('removes an ad, and counts one that is already gone as removed', async () => {
    await connector().create(target, payload(), 'k');

    expect(await connector().remove(target, AD_ID)).toEqual({ listingRef: AD_ID, messages: [] });
    expect(await connector().remove(target, AD_ID)).toEqual({
      listingRef: AD_ID,
      messages: [
        { severity: 'info', code: 'ALREADY_REMOVED', text: 'The ad was already gone on mobile.de.' },
      ],
    });
    expect(emulator.control.ads('1000001')).toEqual([]);
  });

  it('turns a 400 into ListingRejectedError with the platform keys and args', async () => {
    const error = await failure(
      connector().create(target, payload({ model: 'Golf' }), 'k'),
      ListingRejectedError,
    );
    expect(error.messages).toEqual([
      {
        severity: 'error',
        code: 'make-model-mismatch',
        text: "Model 'Golf' is not a AUDI (path: ad.vehicle.model, value: Golf)",
      },
    ]);
    expect(emulator.control.ads('1000001')).toEqual([]);
  });

  it('reports a seller that unlinked us as SELLER_NOT_LINKED on create, update and remove', async () => {
    await connector().create(target, payload(), 'k');
    emulator.control.unlinkSeller('1000001');

    for (const call of [
      () => connector().create(target, payload(), 'k2'),
      () => connector().update(target, AD_ID, payload()),
      () => connector().remove(target, AD_ID),
    ]) {
      const error = await failure(call(), ListingRejectedError);
      expect(error.messages.map((message) => message.code)).toEqual(['SELLER_NOT_LINKED']);
    }
  });

  it('reports an update of an ad that is gone as LISTING_NOT_FOUND', async () => {
    const error = await failure(connector().update(target, '1', payload()), ListingRejectedError);
    expect(error.messages.map((message) => message.code)).toEqual(['LISTING_NOT_FOUND']);
  });

  it('refuses a target without a valid seller id before calling', async () => {
    const error = await failure(
      connector().create({ ...target, settings: { sellerId: 'abc' } }, payload(), 'k'),
      ListingRejectedError,
    );
    expect(error.messages.map((message) => message.code)).toEqual(['SELLER_ID_INVALID']);
    expect(calls()).toEqual([]);
  });

  it('keeps the Retry-After of a 429 on PlatformUnavailableError', async () => {
    emulator.control.setFaults({ share429: 1, retryAfterSeconds: 12 });
    const error = await failure(
      connector().create(target, payload({ images: [] }), 'k'),
      PlatformUnavailableError,
    );
    expect(error.retryAfterSeconds).toBe(12);
  });

  it('reports a 503 on an image upload as unavailable: the whole call is retried', async () => {
    emulator.control.setFaults({ share503: 1 });
    const error = await failure(connector().create(target, payload(), 'k'), PlatformUnavailableError);
    expect(error.message).toBe('mobile.de is unavailable (HTTP 503). Try again later.');
    expect(calls().every((call) => call.startsWith('POST /seller-api/images'))).toBe(true);
  });

  it('gives up after its timeout', async () => {
    emulator.control.setFaults({ latencyMs: 1_000 });
    const started = Date.now();
    const error = await failure(
      connector({ timeoutMs: 150 }).remove(target, AD_ID),
      PlatformUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(900);
    expect(error.message).toBe('mobile.de did not answer within 0.15 s. Try again later.');
  });

  it('treats wrong credentials (401) and a user without Seller-API permission (403) as unavailable', async () => {
    for (const login of [
      { user: 'provider', password: 'wrong' },
      { user: 'no-api', password: 'secret' },
    ]) {
      await failure(
        connector({}, login).create(target, payload({ images: [] }), 'k'),
        PlatformUnavailableError,
      );
    }
    expect(calls().map((call) => call.slice(-3))).toEqual(['401', '403']);
  });

  it('reports a platform that cannot be reached as unavailable', async () => {
    const closed = createMobileDeListingConnector({
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      user: 'provider',
      password: 'secret',
    });
    await failure(closed.remove(target, AD_ID), PlatformUnavailableError);
  });

  it('leaves out images it cannot load, with a warning each, and loads a repeated URL once', async () => {
    const urls = [
      '/car.jpg',
      '/missing.jpg',
      '/not-a-jpeg.jpg',
      '/slow.jpg',
      '/moved.jpg',
      '/car.jpg',
      'ftp-like',
    ];
    const vehicleImages = urls.map((path) => ({
      url: path === 'ftp-like' ? 'ftp://images.example/a.jpg' : `${images.url}${path}`,
    }));
    const outcome = await connector({ imageTimeoutMs: 300 }).create(
      target,
      connector().toPayload(vehicle({ images: vehicleImages }), context),
      'k',
    );

    expect(outcome.listingRef).toBe(AD_ID);
    expect(outcome.messages).toEqual([
      {
        severity: 'warning',
        code: 'IMAGE_SKIPPED',
        text: `Image ${images.url}/missing.jpg was not sent: the image server answered HTTP 404.`,
      },
      {
        severity: 'warning',
        code: 'IMAGE_SKIPPED',
        text: `Image ${images.url}/not-a-jpeg.jpg was not sent: not a JPEG image.`,
      },
      {
        // A slow image server may answer next time: the worker sends the ad again later.
        severity: 'warning',
        code: 'IMAGE_DELAYED',
        text: `Image ${images.url}/slow.jpg was not sent: no answer within 0.3 s; it is tried again later.`,
      },
      {
        severity: 'warning',
        code: 'IMAGE_SKIPPED',
        text: 'Image ftp://images.example/a.jpg was not sent: only http(s) URLs are loaded.',
      },
    ]);
    expect(emulator.control.ads('1000001')[0]!.images).toHaveLength(2);
    expect(images.hits.get('/car.jpg')).toBe(2); // once directly, once behind the redirect
  });

  it('refuses image URLs on private hosts unless allowed, and then keeps the images mobile.de has', async () => {
    await connector().create(target, payload(), 'k');
    const [before] = emulator.control.ads('1000001');

    const outcome = await connector({ allowPrivateImageHosts: false }).update(
      target,
      AD_ID,
      payload({ mileageKm: 50000 }),
    );

    expect(outcome.messages.map((message) => message.text)).toEqual([
      `Image ${images.url}/car.jpg was not sent: the host is not public.`,
      `Image ${images.url}/car-2.jpg was not sent: the host is not public.`,
    ]);
    const [after] = emulator.control.ads('1000001');
    expect(after).toMatchObject({ mileage: 50000, images: before!.images });
    expect(images.hits.size).toBe(2);
  });

  it('sends the bookings in the ad body', async () => {
    await connector().create(target, payload({}, { bookings: ['EYE_CATCHER', 'TOP_AD'] }), 'k');
    expect(emulator.control.ads('1000001')[0]!.features).toEqual(['EYE_CATCHER', 'TOP_AD']);
  });

  // Answers the emulator does not give: a stub fetch.
  describe('answers the emulator does not give', () => {
    const stub = (response: Response) =>
      createMobileDeListingConnector(
        { baseUrl: 'http://stub', user: 'u', password: 'p' },
        { fetch: async () => response.clone() },
      );
    const bare = (): unknown => payload({ images: [] });

    it('reads the ad id from a relative Location', async () => {
      const outcome = await stub(
        new Response(null, {
          status: 201,
          headers: { location: '/seller-api/sellers/1/ads/1234567890123456' },
        }),
      ).create(target, bare(), 'k');
      expect(outcome.listingRef).toBe('1234567890123456');
    });

    it('takes a 204 on PUT and on DELETE', async () => {
      const connector204 = stub(new Response(null, { status: 204 }));
      expect((await connector204.update(target, '5', bare())).messages).toEqual([]);
      expect((await connector204.remove(target, '5')).messages).toEqual([]);
    });

    it('reports a 201 without Location as unavailable', async () => {
      await failure(
        stub(new Response(null, { status: 201 })).create(target, bare(), 'k'),
        PlatformUnavailableError,
      );
    });

    it('rejects on 422 with errors, and on 400 in the title/detail shape', async () => {
      const keyed = await failure(
        stub(Response.json({ errors: [{ key: 'envkv-values-required' }] }, { status: 422 })).create(
          target,
          bare(),
          'k',
        ),
        ListingRejectedError,
      );
      expect(keyed.messages).toEqual([
        { severity: 'error', code: 'envkv-values-required', text: 'envkv-values-required' },
      ]);
      const titled = await failure(
        stub(
          Response.json({ title: 'Bad Request', detail: 'Malformed JSON', status: 400 }, { status: 400 }),
        ).update(target, '5', bare()),
        ListingRejectedError,
      );
      expect(titled.messages).toEqual([
        { severity: 'error', code: 'HTTP_400', text: 'Bad Request: Malformed JSON' },
      ]);
    });
  });
});
