import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIRST_AD_ID } from '../../infra/local/emulators/mobile-de/ad-store';
import { startMobileDeEmulator, type MobileDeEmulator } from '../../infra/local/emulators/mobile-de/server';

const MEDIA = 'application/vnd.de.mobile.api+json';
const AUTH = `Basic ${Buffer.from('provider:secret').toString('base64')}`;
const JPEG = readFileSync(new URL('../fixtures/mobile-de/car.jpg', import.meta.url));
const SELLER = '/seller-api/sellers/1000001';

/** A valid used-car ad as platforms.md §1.6 shows it (images added per test). */
const ad = (changes: Record<string, unknown> = {}): Record<string, unknown> => ({
  vehicleClass: 'Car',
  category: 'EstateCar',
  make: 'AUDI',
  model: 'A4',
  modelDescription: 'A4 Avant 2.0 TFSI multitronic',
  condition: 'USED',
  firstRegistration: '201903',
  mileage: 45000,
  power: 140,
  fuel: 'PETROL',
  gearbox: 'AUTOMATIC_GEAR',
  exteriorColor: 'BLACK',
  damageUnrepaired: false,
  internalNumber: 'STK-4711',
  price: { consumerPriceGross: '24990.00', vatRate: '19.00', type: 'FIXED', currency: 'EUR' },
  ...changes,
});

/** The ad routes of the mobile.de emulator (platforms.md §1.4–§1.9, §1.12) over HTTP. */
describe('mobile.de emulator: ads and images', () => {
  let emulator: MobileDeEmulator;
  let roll = 0.5;

  beforeAll(async () => {
    emulator = await startMobileDeEmulator({
      users: [{ user: 'provider', password: 'secret' }],
      sellers: [{ mobileSellerId: '1000001', companyName: 'Autohaus Demo' }, { mobileSellerId: '1000002' }],
      random: () => roll,
      now: () => new Date('2026-11-27T09:00:00Z'),
    });
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  beforeEach(() => {
    emulator.control.reset();
    roll = 0.5;
  });

  const call = (
    method: string,
    path: string,
    init: { body?: unknown; insertionId?: string; contentType?: string; auth?: boolean } = {},
  ) => {
    const headers: Record<string, string> = { accept: MEDIA };
    if (init.auth !== false) headers.authorization = AUTH;
    if (init.insertionId) headers['x-mobile-insertion-request-id'] = init.insertionId;
    let body: string | Buffer | undefined;
    if (Buffer.isBuffer(init.body)) {
      headers['content-type'] = init.contentType ?? 'image/jpeg';
      body = init.body;
    } else if (init.body !== undefined) {
      headers['content-type'] = init.contentType ?? MEDIA;
      body = JSON.stringify(init.body);
    }
    return fetch(`${emulator.url}${path}`, { method, headers, body, redirect: 'manual' });
  };
  const json = async (response: Response): Promise<Record<string, unknown>> =>
    (await response.json()) as Record<string, unknown>;
  const uploadImage = async (): Promise<string> =>
    ((await json(await call('POST', '/seller-api/images', { body: JPEG }))) as { ref: string }).ref;

  it('creates an ad: 201, Location with a numeric ad id, warnings in the body', async () => {
    const ref = await uploadImage();
    const response = await call('POST', `${SELLER}/ads`, {
      body: ad({ exteriorColor: undefined, images: [{ ref }] }),
      insertionId: 'exp-1:veh-1',
    });

    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`${emulator.url}${SELLER}/ads/${FIRST_AD_ID}`);
    expect(await json(response)).toEqual({
      warnings: [
        {
          key: 'missing-field',
          message: 'exteriorColor is recommended',
          args: [{ key: 'path', value: 'ad.vehicle.exteriorColor' }],
        },
      ],
    });
    const stored = await json(await call('GET', `${SELLER}/ads/${FIRST_AD_ID}`));
    expect(stored).toMatchObject({
      mobileAdId: String(FIRST_AD_ID),
      mobileSellerId: '1000001',
      make: 'AUDI',
      images: [{ ref }],
      creationDate: '2026-11-27T09:00:00+00:00',
    });
  });

  it('answers a repeated insertion id with 303 to the existing ad and creates no second ad', async () => {
    const first = await call('POST', `${SELLER}/ads`, { body: ad(), insertionId: 'key-1' });
    const again = await call('POST', `${SELLER}/ads`, {
      body: ad({ mileage: 46000 }),
      insertionId: 'key-1',
    });
    const otherKey = await call('POST', `${SELLER}/ads`, { body: ad(), insertionId: 'key-2' });

    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(otherKey.status).toBe(201);
    expect(emulator.control.ads('1000001').map((stored) => stored.mileage)).toEqual([45000, 45000]);
    // The id belongs to the seller: the same id for another seller is a new ad.
    expect(
      (await call('POST', '/seller-api/sellers/1000002/ads', { body: ad(), insertionId: 'key-1' })).status,
    ).toBe(201);
  });

  it('lists all ads with full details, honouring page.size and page.number when given', async () => {
    for (const internalNumber of ['A', 'B', 'C'])
      await call('POST', `${SELLER}/ads`, { body: ad({ internalNumber }) });

    const all = (await json(await call('GET', `${SELLER}/ads`))) as { ads: { internalNumber: string }[] };
    const second = (await json(await call('GET', `${SELLER}/ads?page.size=2&page.number=2`))) as {
      ads: { internalNumber: string }[];
    };

    expect(all.ads.map((stored) => stored.internalNumber)).toEqual(['A', 'B', 'C']);
    expect(all.ads[0]).toMatchObject({ price: { consumerPriceGross: '24990.00' }, mileage: 45000 });
    expect(second.ads.map((stored) => stored.internalNumber)).toEqual(['C']);
  });

  it('replaces an ad on PUT (200 with the ad), keeps images when the body has none, 404 when unknown', async () => {
    const ref = await uploadImage();
    await call('POST', `${SELLER}/ads`, { body: ad({ images: [{ ref }], vin: 'WAUZZZ8K9KA000001' }) });

    const replaced = await call('PUT', `${SELLER}/ads/${FIRST_AD_ID}`, {
      body: ad({ mileage: 47000, price: { consumerPriceGross: '23990.00', type: 'FIXED', currency: 'EUR' } }),
    });

    expect(replaced.status).toBe(200);
    const body = await json(replaced);
    expect(body).toMatchObject({
      mobileAdId: String(FIRST_AD_ID),
      mileage: 47000,
      images: [{ ref }],
      price: { consumerPriceGross: '23990.00' },
      warnings: [],
    });
    expect(body).not.toHaveProperty('vin');
    expect(body).not.toHaveProperty('price.vatRate');
    expect((await call('PUT', `${SELLER}/ads/1`, { body: ad() })).status).toBe(404);
    const invalid = await call('PUT', `${SELLER}/ads/${FIRST_AD_ID}`, { body: ad({ model: '' }) });
    expect(invalid.status).toBe(400);
  });

  it('deletes with 204, then 404; a deleted ad frees its insertion id', async () => {
    await call('POST', `${SELLER}/ads`, { body: ad(), insertionId: 'key-1' });

    expect((await call('DELETE', `${SELLER}/ads/${FIRST_AD_ID}`)).status).toBe(204);
    const gone = await call('DELETE', `${SELLER}/ads/${FIRST_AD_ID}`);
    expect(gone.status).toBe(404);
    expect(await json(gone)).toMatchObject({ errors: [{ key: 'ad-not-found' }] });
    expect((await call('GET', `${SELLER}/ads/${FIRST_AD_ID}`)).status).toBe(404);
    expect((await call('POST', `${SELLER}/ads`, { body: ad(), insertionId: 'key-1' })).status).toBe(201);
  });

  it('answers 404 seller-not-found on every ad route of a seller not linked to the user', async () => {
    emulator.control.unlinkSeller('1000002');
    for (const [method, path] of [
      ['GET', '/seller-api/sellers/1000002/ads'],
      ['POST', '/seller-api/sellers/1000002/ads'],
      ['GET', `/seller-api/sellers/1000002/ads/${FIRST_AD_ID}`],
      ['PUT', `/seller-api/sellers/1000002/ads/${FIRST_AD_ID}`],
      ['DELETE', `/seller-api/sellers/1000002/ads/${FIRST_AD_ID}`],
    ] as const) {
      const response = await call(method, path, method === 'POST' || method === 'PUT' ? { body: ad() } : {});
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await json(response)).toMatchObject({ errors: [{ key: 'seller-not-found' }] });
    }
  });

  it('takes JPEG images up to 2 MB and refuses other media', async () => {
    const created = await call('POST', '/seller-api/images', { body: JPEG });
    expect(created.status).toBe(201);
    expect(await json(created)).toEqual({ ref: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown });

    expect((await call('POST', '/seller-api/images', { body: JPEG, contentType: 'image/png' })).status).toBe(
      415,
    );
    const notJpeg = await call('POST', '/seller-api/images', { body: Buffer.from('GIF89a...') });
    expect(notJpeg.status).toBe(400);
    expect(await json(notJpeg)).toMatchObject({ errors: [{ key: 'invalid-image' }] });
    const large = Buffer.concat([JPEG, Buffer.alloc(2 * 1024 * 1024)]);
    const tooLarge = await call('POST', '/seller-api/images', { body: large });
    expect(tooLarge.status).toBe(400);
    expect(await json(tooLarge)).toMatchObject({ errors: [{ key: 'image-too-large' }] });
  });

  it('refuses an ad body in another media type with 415', async () => {
    const response = await call('POST', `${SELLER}/ads`, { body: ad(), contentType: 'application/json' });
    expect(response.status).toBe(415);
    const versioned = await call('POST', `${SELLER}/ads`, {
      body: ad(),
      contentType: `${MEDIA};version=1.0.0`,
    });
    expect(versioned.status).toBe(201);
  });

  it.each([
    [
      'a make that is no refdata key',
      { make: 'Volkswagen' },
      'invalid-reference-data-value',
      'ad.vehicle.make',
    ],
    ['a model in the wrong case', { model: 'a4' }, 'invalid-reference-data-value', 'ad.vehicle.model'],
    ['a model of another make', { model: 'Golf' }, 'make-model-mismatch', 'ad.vehicle.model'],
    ['an empty model', { model: '' }, 'model-empty', 'ad.vehicle.model'],
    [
      'a title over 48 characters',
      { modelDescription: 'x'.repeat(49) },
      'field-too-long',
      'ad.vehicle.model-description',
    ],
    [
      'an e-mail in the title',
      { modelDescription: 'A4 info@haus.de' },
      'modeldescription-contains-email',
      'ad.vehicle.model-description',
    ],
    [
      'a phone number in the title',
      { modelDescription: 'A4 Tel 0171 2345678' },
      'modeldescription-contains-phone',
      'ad.vehicle.model-description',
    ],
    [
      'no damageUnrepaired',
      { damageUnrepaired: undefined },
      'damageunrepaired-empty',
      'ad.vehicle.damageUnrepaired',
    ],
    [
      'a price as a number',
      { price: { consumerPriceGross: 24990, type: 'FIXED', currency: 'EUR' } },
      'invalid-value',
      'ad.price.consumer-price-gross',
    ],
    [
      'a price with one decimal',
      { price: { consumerPriceGross: '24990.0', type: 'FIXED', currency: 'EUR' } },
      'invalid-value',
      'ad.price.consumer-price-gross',
    ],
    [
      'firstRegistration as YYYY-MM',
      { firstRegistration: '2019-03' },
      'invalid-value',
      'ad.vehicle.first-registration',
    ],
    [
      'firstRegistration in the future',
      { firstRegistration: '202701' },
      'first-registration-in-future',
      'ad.vehicle.first-registration',
    ],
    [
      'no firstRegistration for USED',
      { firstRegistration: undefined },
      'missing-field',
      'ad.vehicle.first-registration',
    ],
    ['no mileage for USED', { mileage: undefined }, 'missing-field', 'ad.vehicle.mileage'],
    ['an unknown fuel', { fuel: 'GASOLINE' }, 'invalid-reference-data-value', 'ad.vehicle.fuel'],
    [
      'an unknown colour',
      { exteriorColor: 'ANTHRACITE' },
      'invalid-reference-data-value',
      'ad.vehicle.exteriorColor',
    ],
    ['an unknown image ref', { images: [{ ref: 'nope' }] }, 'invalid-value', 'ad.images[0].ref'],
    [
      'a NEW car without country version',
      { condition: 'NEW', consumptions: {} },
      'countryversion-missing',
      'ad.vehicle.countryVersion',
    ],
  ])('answers 400 in the errors shape for %s', async (_, changes, key, path) => {
    const response = await call('POST', `${SELLER}/ads`, { body: ad(changes) });

    expect(response.status).toBe(400);
    const body = (await json(response)) as { errors: { key: string; message: string; args: unknown[] }[] };
    expect(body.errors).toContainEqual({
      key,
      message: expect.any(String) as unknown,
      args: expect.arrayContaining([{ key: 'path', value: path }]) as unknown,
    });
    expect(emulator.control.ads('1000001')).toEqual([]);
  });

  it('names the rejected value in the args', async () => {
    const response = await call('POST', `${SELLER}/ads`, { body: ad({ model: 'GOLF', make: 'VW' }) });
    expect(await json(response)).toEqual({
      errors: [
        {
          key: 'invalid-reference-data-value',
          message: "Value 'GOLF' is not valid",
          args: [
            { key: 'path', value: 'ad.vehicle.model' },
            { key: 'value', value: 'GOLF' },
          ],
        },
      ],
    });
  });

  it('applies injected faults and latency to the ad and image routes too', async () => {
    emulator.control.setFaults({ share429: 0.5, share503: 0.5, retryAfterSeconds: 9 });
    roll = 0.1;
    const limited = await call('POST', `${SELLER}/ads`, { body: ad(), insertionId: 'key-1' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('9');
    roll = 0.9;
    expect((await call('POST', '/seller-api/images', { body: JPEG })).status).toBe(503);
    expect(emulator.control.ads('1000001')).toEqual([]);

    emulator.control.setFaults({ latencyMs: 200 });
    const started = Date.now();
    expect((await call('DELETE', `${SELLER}/ads/1`)).status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('logs every call with method, path, insertion id and status', async () => {
    await call('POST', '/seller-api/images', { body: JPEG });
    await call('POST', `${SELLER}/ads`, { body: ad(), insertionId: 'key-1' });
    await call('POST', `${SELLER}/ads`, { body: ad(), insertionId: 'key-1' });
    await call('PUT', `${SELLER}/ads/${FIRST_AD_ID}`, { body: ad() });
    await call('DELETE', `${SELLER}/ads/${FIRST_AD_ID}`);

    expect(
      emulator.control.requests().map((request) => ({
        method: request.method,
        path: request.path,
        insertionId: request.headers['x-mobile-insertion-request-id'],
        status: request.status,
      })),
    ).toEqual([
      { method: 'POST', path: '/seller-api/images', insertionId: undefined, status: 201 },
      { method: 'POST', path: `${SELLER}/ads`, insertionId: 'key-1', status: 201 },
      { method: 'POST', path: `${SELLER}/ads`, insertionId: 'key-1', status: 303 },
      { method: 'PUT', path: `${SELLER}/ads/${FIRST_AD_ID}`, insertionId: undefined, status: 200 },
      { method: 'DELETE', path: `${SELLER}/ads/${FIRST_AD_ID}`, insertionId: undefined, status: 204 },
    ]);
    expect(emulator.control.requests()[1]!.body).toMatchObject({ internalNumber: 'STK-4711' });
  });

  it('shows each seller’s ads on the human page: title, price, internal number, ad id', async () => {
    await call('POST', `${SELLER}/ads`, { body: ad({ modelDescription: 'A4 <Avant>' }) });

    const html = await (await fetch(`${emulator.url}/`)).text();

    expect(html).toContain(String(FIRST_AD_ID));
    expect(html).toContain('AUDI · A4 · A4 &lt;Avant&gt;');
    expect(html).toContain('24990.00 EUR (VAT 19.00 %)');
    expect(html).toContain('STK-4711');
  });

  it('forgets the ads on reset', async () => {
    await call('POST', `${SELLER}/ads`, { body: ad(), insertionId: 'key-1' });
    emulator.control.reset();
    expect(emulator.control.ads('1000001')).toEqual([]);
    const again = await call('POST', `${SELLER}/ads`, { body: ad(), insertionId: 'key-1' });
    expect(again.headers.get('location')).toMatch(new RegExp(`/ads/${FIRST_AD_ID}$`));
  });
});
