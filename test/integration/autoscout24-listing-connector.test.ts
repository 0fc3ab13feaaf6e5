import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startAutoScout24Emulator,
  type AutoScout24Emulator,
} from '../../infra/local/emulators/autoscout24/server';
import { freePort } from '../../infra/local/free-port';
import {
  createAutoScout24ListingConnector,
  type AutoScout24ListingOptions,
} from '../../shared/adapters/connectors/autoscout24/listing-connector';
import { ListingRejectedError, PlatformUnavailableError } from '../../shared/domain/errors';
import { sampleContext, sampleVehicle } from '../fixtures/autoscout24/vehicles';

const customerId = '2000001';
const target = { exportId: 'exp-1', vehicleId: 'veh-1', settings: { customerId } };
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const anyString = expect.any(String) as string;

/** The dealer's image host: `missing` paths are gone, everything else is a JPEG. */
const imageFetch = (async (url: string | URL | Request) =>
  (url instanceof Request ? url.url : url.toString()).includes('missing')
    ? new Response('', { status: 404 })
    : new Response(jpeg, { headers: { 'content-type': 'image/jpeg' } })) as typeof fetch;

/** The AutoScout24 ListingConnector against the LCA-NG emulator over HTTP, one test per outcome. */
describe('AutoScout24 listing connector', () => {
  let emulator: AutoScout24Emulator;
  let urlEmulator: AutoScout24Emulator;

  beforeAll(async () => {
    const users = [{ user: 'provider@example.com', password: 'secret' }];
    emulator = await startAutoScout24Emulator({ users, customers: [{ id: customerId }], random: () => 0 });
    urlEmulator = await startAutoScout24Emulator({
      users,
      customers: [{ id: customerId }],
      acceptImageUrls: true,
    });
  });
  afterAll(async () => {
    await Promise.all([emulator?.stop(), urlEmulator?.stop()]);
  });
  beforeEach(() => emulator.control.reset());

  const connector = (options: AutoScout24ListingOptions = {}, on = emulator, password = 'secret') =>
    createAutoScout24ListingConnector(
      { baseUrl: on.url, user: 'provider@example.com', password },
      { imageFetch, ...options },
    );
  const payload = (overrides: Parameters<typeof sampleVehicle>[0] = {}) =>
    connector().toPayload(sampleVehicle(overrides), sampleContext);
  const calls = () =>
    emulator.control.requests().map((request) => `${request.method} ${request.path} ${request.status}`);
  const failure = async <T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T) => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(type);
    return error as T;
  };

  it('creates a listing: looks it up, uploads the images, posts the body', async () => {
    const outcome = await connector().create(target, payload(), 'ins-1');

    const [listing] = emulator.control.listings(customerId);
    expect(outcome).toEqual({ listingRef: listing!.id, messages: [] });
    expect(listing!.body).toMatchObject({
      make: 9,
      model: 1626,
      offerReferenceId: 'STK-4711',
      images: [{ id: anyString }],
    });
    expect(calls()).toEqual([
      `GET /customers/${customerId}/listings 200`,
      `POST /customers/${customerId}/images 201`,
      `POST /customers/${customerId}/listings 201`,
    ]);
  });

  it('never makes a second listing: a repeated create finds the first by its reference and updates it', async () => {
    const first = await connector().create(target, payload(), 'ins-1');
    const again = await connector().create(target, payload({ mileageKm: 46000 }), 'ins-1');

    expect(again.listingRef).toBe(first.listingRef);
    expect(again.messages).toEqual([expect.objectContaining({ severity: 'info', code: 'LISTING_FOUND' })]);
    expect(emulator.control.listings(customerId)).toEqual([
      expect.objectContaining({ body: expect.objectContaining({ mileage: 46000 }) as unknown }),
    ]);
    expect(calls().slice(3)).toEqual([
      `GET /customers/${customerId}/listings 200`,
      `POST /customers/${customerId}/images 201`,
      `PUT /customers/${customerId}/listings/${first.listingRef} 200`,
    ]);
  });

  it('updates with the whole body (full PUT)', async () => {
    const { listingRef } = await connector().create(target, payload(), 'ins-1');
    const outcome = await connector().update(
      target,
      listingRef,
      payload({ vin: undefined, mileageKm: 50000 }),
    );

    expect(outcome).toEqual({ listingRef, messages: [] });
    const body = emulator.control.listings(customerId)[0]!.body;
    expect(body.mileage).toBe(50000);
    expect(body).not.toHaveProperty('vin');
  });

  it('rejects an update of a listing deleted on AutoScout24', async () => {
    const { listingRef } = await connector().create(target, payload(), 'ins-1');
    await connector().remove(target, listingRef);
    const error = await failure(connector().update(target, listingRef, payload()), ListingRejectedError);
    expect(error.messages).toEqual([expect.objectContaining({ code: 'LISTING_NOT_FOUND' })]);
  });

  it('removes a listing, and counts one that is already gone as removed', async () => {
    const { listingRef } = await connector().create(target, payload(), 'ins-1');
    expect(await connector().remove(target, listingRef)).toEqual({ listingRef, messages: [] });
    expect(emulator.control.listings(customerId)).toEqual([]);
    expect(await connector().remove(target, listingRef)).toEqual({
      listingRef,
      messages: [expect.objectContaining({ severity: 'info', code: 'ALREADY_GONE' })],
    });
  });

  it('does not take a 404 for an unknown customer as "already gone"', async () => {
    const unknown = { ...target, settings: { customerId: '999' } };
    const error = await failure(connector().remove(unknown, 'some-id'), PlatformUnavailableError);
    expect(error.message).toBe('AutoScout24 does not know customer 999 (HTTP 404).');
  });

  it("rejects content with the platform's messages", async () => {
    const invalid = { ...(payload() as object), make: 99999 };
    const error = await failure(connector().create(target, invalid, 'ins-1'), ListingRejectedError);
    expect(error.messages).toEqual([
      { severity: 'error', code: 'invalid-make', text: 'make: Field make is not a known make id' },
    ]);
    expect(emulator.control.listings(customerId)).toEqual([]);
  });

  it('rejects a customer that has not authorised us as data partner (403) for good', async () => {
    emulator.control.revokeCustomer(customerId);
    const error = await failure(connector().create(target, payload(), 'ins-1'), ListingRejectedError);
    expect(error.messages).toEqual([expect.objectContaining({ code: 'DATA_PARTNER_MISSING' })]);
  });

  it('reports 429 with its Retry-After, and 503 maintenance, as unavailable', async () => {
    emulator.control.setFaults({ share429: 1, retryAfterSeconds: 9 });
    const limited = await failure(connector().create(target, payload(), 'ins-1'), PlatformUnavailableError);
    expect(limited.retryAfterSeconds).toBe(9);

    emulator.control.setFaults({ share503: 1 });
    const maintenance = await failure(connector().update(target, 'x', payload()), PlatformUnavailableError);
    expect(maintenance.message).toBe('AutoScout24 is down for maintenance (HTTP 503). Try again later.');
  });

  it('gives up after its timeout, and on bad credentials or an unreachable host', async () => {
    emulator.control.setFaults({ latencyMs: 500 });
    const slow = await failure(connector({ timeoutMs: 100 }).remove(target, 'x'), PlatformUnavailableError);
    expect(slow.message).toBe('AutoScout24 did not answer within 0.1 s. Try again later.');
    emulator.control.setFaults({});

    const denied = await failure(
      connector({}, emulator, 'wrong').remove(target, 'x'),
      PlatformUnavailableError,
    );
    expect(denied.message).toBe('AutoScout24 refused our data provider access (HTTP 401).');

    const closed = createAutoScout24ListingConnector({
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      user: 'u',
      password: 'p',
    });
    await failure(closed.remove(target, 'x'), PlatformUnavailableError);
  });

  it('leaves out an image the dealer host does not deliver, with a warning', async () => {
    const images = [
      { url: 'https://cdn.dealer.example/missing.jpg' },
      { url: 'https://cdn.dealer.example/2.jpg' },
    ];
    const outcome = await connector().create(target, payload({ images }), 'ins-1');
    expect(outcome.messages).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'IMAGE_SKIPPED',
        text: expect.stringContaining('HTTP 404') as string,
      }),
    ]);
    expect(emulator.control.listings(customerId)[0]!.body.images).toHaveLength(1);
  });

  it('sends image URLs as they are in url mode, and X-Testmode when asked', async () => {
    urlEmulator.control.reset();
    await connector({ images: 'url', testMode: true }, urlEmulator).create(target, payload(), 'ins-1');
    expect(urlEmulator.control.listings(customerId)[0]!.body.images).toEqual([
      { url: 'https://cdn.dealer.example/stk-4711/1.jpg' },
    ]);
    expect(urlEmulator.control.requests().every((request) => request.headers['x-testmode'] === 'true')).toBe(
      true,
    );
  });

  it('reads the id from Location when the create answer has no body, and 202 as not yet active', async () => {
    const fetchStub = (async (_url: string | URL | Request, init?: RequestInit) =>
      init?.method === 'POST'
        ? new Response(null, { status: 202, headers: { location: '/customers/2000001/listings/abc-1' } })
        : Response.json({ listings: [] })) as typeof fetch;
    const outcome = await connector({ fetch: fetchStub, images: 'url' }).create(target, payload(), 'ins-1');
    expect(outcome).toEqual({
      listingRef: 'abc-1',
      messages: [expect.objectContaining({ code: 'ACCEPTED_NOT_ACTIVE' })],
    });
  });
});
