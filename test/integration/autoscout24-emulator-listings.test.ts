import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startAutoScout24Emulator,
  type AutoScout24Emulator,
} from '../../infra/local/emulators/autoscout24/server';
import sampleListing from '../fixtures/autoscout24/sample-listing.json';

const basic = (user: string) => `Basic ${Buffer.from(`${user}:secret`).toString('base64')}`;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const anyString = expect.any(String) as string;
const guid = expect.stringMatching(GUID) as string;

/** The LCA-NG listing and image routes of the AutoScout24 emulator over HTTP (platforms.md §3.2–3.4). */
describe('AutoScout24 emulator: listings', () => {
  let emulator: AutoScout24Emulator;
  let mapShaped: AutoScout24Emulator;
  let roll = 0.5;

  beforeAll(async () => {
    const users = [
      { user: 'provider@example.com', password: 'secret' },
      { user: 'other@example.com', password: 'secret' },
    ];
    const customers = [{ id: '2000001' }];
    emulator = await startAutoScout24Emulator({ users, customers, random: () => roll });
    mapShaped = await startAutoScout24Emulator({
      users,
      customers,
      errorShape: 'map',
      acceptImageUrls: true,
    });
  });
  afterAll(async () => {
    await Promise.all([emulator?.stop(), mapShaped?.stop()]);
  });
  beforeEach(() => {
    emulator.control.reset();
    roll = 0.5;
  });

  const call = async (
    path: string,
    init: { method?: string; body?: unknown; user?: string; raw?: { type: string; data: Buffer } } = {},
    on: AutoScout24Emulator = emulator,
  ) => {
    const response = await fetch(`${on.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: basic(init.user ?? 'provider@example.com'),
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.raw ? { 'content-type': init.raw.type } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      ...(init.raw ? { body: init.raw.data } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
  };
  const listings = '/customers/2000001/listings';
  const uploadImage = async () =>
    (
      await call('/customers/2000001/images', {
        method: 'POST',
        raw: { type: 'image/jpeg', data: Buffer.from('jpeg') },
      })
    ).body as { id: string };
  const validBody = async () => ({ ...sampleListing, images: [{ id: (await uploadImage()).id }] });

  it('creates a listing: 201 with a GUID id in the body and the Location', async () => {
    const created = await call(listings, { method: 'POST', body: await validBody() });
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    expect(id).toMatch(GUID);
    expect(created.headers.get('location')).toBe(`${listings}/${id}`);

    const one = await call(`${listings}/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id,
      offerReferenceId: 'STK-4711',
      images: [{ id: guid, md5: anyString, previewUrl: anyString }],
    });
  });

  it('lists summaries with the offerReferenceId, filterable by it', async () => {
    await call(listings, { method: 'POST', body: await validBody() });
    await call(listings, { method: 'POST', body: { ...(await validBody()), offerReferenceId: 'STK-4712' } });
    const all = (await call(listings)).body as { listings: { offerReferenceId: string }[] };
    expect(all.listings.map((listing) => listing.offerReferenceId)).toEqual(['STK-4711', 'STK-4712']);
    expect(all.listings[0]).toEqual({
      id: guid,
      createdAt: anyString,
      lastUpdatedAt: anyString,
      offerReferenceId: 'STK-4711',
      crossReferenceId: null,
      vinEnrichmentStatus: 'NotRequested',
      vinEnrichmentMissingFields: [],
    });
    const filtered = (await call(`${listings}?offerReferenceId=STK-4712`)).body as { listings: unknown[] };
    expect(filtered.listings).toHaveLength(1);
  });

  it('replaces the whole listing on PUT and deletes with 204, then 404', async () => {
    const { id } = (await call(listings, { method: 'POST', body: await validBody() })).body as { id: string };
    const { vin: _vin, ...withoutVin } = await validBody();
    const replaced = await call(`${listings}/${id}`, {
      method: 'PUT',
      body: { ...withoutVin, mileage: 46000 },
    });
    expect(replaced.status).toBe(200);
    const stored = emulator.control.listings('2000001')[0]!.body;
    expect(stored.mileage).toBe(46000);
    expect(stored).not.toHaveProperty('vin');

    expect((await call(`${listings}/${id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await call(`${listings}/${id}`, { method: 'DELETE' });
    expect(gone).toMatchObject({ status: 404, body: { errors: [{ code: 'listing-not-found' }] } });
    expect((await call(`${listings}/${id}`)).status).toBe(404);
    expect((await call(`${listings}/${id}`, { method: 'PUT', body: await validBody() })).status).toBe(404);
  });

  it('validates the §3.3 rules with 400 {"errors":[{code,message,field}]}', async () => {
    const { availability: _a, ...body } = sampleListing;
    const answer = await call(listings, {
      method: 'POST',
      body: {
        ...body,
        make: 'Audi',
        firstRegistrationDate: '03/2019',
        fuelCategory: 'Petrol',
        transmission: 'X',
        prices: { public: { price: 24990.5 } },
        images: [{ id: 'nope' }],
      },
    });
    expect(answer.status).toBe(400);
    expect((answer.body as { errors: { field: string; code: string }[] }).errors).toEqual([
      { field: 'availability.availabilityType', code: 'field-mandatory', message: anyString },
      { field: 'make', code: 'invalid-make', message: anyString },
      {
        field: 'firstRegistrationDate',
        code: 'invalid-value',
        message: 'Field firstRegistrationDate must be a month as YYYY-MM',
      },
      { field: 'fuelCategory', code: 'invalid-value', message: anyString },
      { field: 'transmission', code: 'invalid-value', message: anyString },
      { field: 'prices.public.price', code: 'invalid-value', message: anyString },
      { field: 'images[0]', code: 'image-not-found', message: anyString },
    ]);
    const mismatch = await call(listings, { method: 'POST', body: { ...(await validBody()), model: 2084 } });
    expect(mismatch.body).toEqual({
      errors: [
        {
          field: 'model',
          code: 'model-make-mismatch',
          message: 'Field model does not correspond to field make',
        },
      ],
    });
    expect(emulator.control.listings('2000001')).toEqual([]);
  });

  it('answers the map error shape when configured, and takes image URLs when told to', async () => {
    const answer = await call(
      listings,
      { method: 'POST', body: { ...sampleListing, mileage: -1 } },
      mapShaped,
    );
    expect(answer).toMatchObject({
      status: 400,
      body: {
        message: 'The listing is invalid',
        errors: { mileage: ['Field mileage must be an integer >= 0'] },
      },
    });
    expect((await call(listings, { method: 'POST', body: sampleListing }, mapShaped)).status).toBe(201);
    expect((await call(listings, { method: 'POST', body: sampleListing })).status).toBe(400);
  });

  it('takes one JPEG or PNG per upload', async () => {
    expect(await uploadImage()).toEqual({ id: guid });
    const text = await call('/customers/2000001/images', {
      method: 'POST',
      raw: { type: 'text/plain', data: Buffer.from('x') },
    });
    expect(text.status).toBe(415);
  });

  it('answers 401, 403 and 404 on listing routes (§3.4)', async () => {
    const wrong = await fetch(`${emulator.url}${listings}`, {
      headers: { authorization: basic('nobody@example.com') },
    });
    expect(wrong.status).toBe(401);
    expect(
      (await call(listings, { method: 'POST', body: sampleListing, user: 'other@example.com' })).status,
    ).toBe(403);
    expect((await call('/customers/9/listings/x', { method: 'DELETE' })).body).toEqual({
      errors: [{ code: 'customer-not-found', message: 'Unknown customer 9' }],
    });
  });

  it('faults listing calls and logs every call with method, path and status', async () => {
    emulator.control.setFaults({ share429: 0.5, retryAfterSeconds: 7 });
    roll = 0.1;
    const limited = await call(listings, { method: 'POST', body: sampleListing });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    roll = 0.9;
    await call(listings, { method: 'POST', body: await validBody() });
    expect(
      emulator.control.requests().map(({ method, path, status, fault }) => ({ method, path, status, fault })),
    ).toEqual([
      { method: 'POST', path: listings, status: 429, fault: 'status' },
      { method: 'POST', path: '/customers/2000001/images', status: 201, fault: null },
      { method: 'POST', path: listings, status: 201, fault: null },
    ]);
  });

  it("shows each customer's listings on the page", async () => {
    const { id } = (await call(listings, { method: 'POST', body: await validBody() })).body as { id: string };
    const html = await (await fetch(`${emulator.url}/`)).text();
    for (const text of ['Audi A4 A4 Avant 2.0 TFSI S tronic', '24990', 'STK-4711', id])
      expect(html).toContain(text);
  });
});
