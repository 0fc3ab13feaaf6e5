import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMobileDeEmulator, type MobileDeEmulator } from '../../infra/local/emulators/mobile-de/server';

const MEDIA = 'application/vnd.de.mobile.api+json';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The mobile.de Seller-API emulator over HTTP, as a connector and a developer see it. */
describe('mobile.de emulator', () => {
  let emulator: MobileDeEmulator;
  let roll = 0.5;

  beforeAll(async () => {
    emulator = await startMobileDeEmulator({
      users: [
        { user: 'provider', password: 'secret' },
        { user: 'no-api', password: 'secret', sellerApi: false },
      ],
      sellers: [{ mobileSellerId: '1000001', companyName: 'Autohaus <Demo>' }],
      random: () => roll,
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
    path: string,
    init: { user?: string; password?: string; accept?: string | null; method?: string; body?: unknown } = {},
  ) => {
    const headers: Record<string, string> = {};
    if (init.user !== undefined) headers.authorization = basic(init.user, init.password ?? 'secret');
    if (init.accept !== null) headers.accept = init.accept ?? MEDIA;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${emulator.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  };

  it('lists the sellers linked to the calling API user, in the Seller-API media type', async () => {
    const response = await call('/seller-api/sellers', { user: 'provider' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(MEDIA);
    expect(await response.json()).toEqual({
      sellers: [
        {
          mobileSellerId: '1000001',
          customerNumber: 'K1000001',
          type: 'DEALER',
          siteId: 'GERMANY',
          readonly: false,
          companyName: 'Autohaus <Demo>',
        },
      ],
    });
  });

  it('answers 401 with a Basic challenge for missing or wrong credentials', async () => {
    for (const response of [
      await call('/seller-api/sellers'),
      await call('/seller-api/sellers', { user: 'provider', password: 'wrong' }),
      await call('/seller-api/sellers', { user: 'nobody' }),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect(await response.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it('answers 403 for a valid user without Seller-API permission', async () => {
    const response = await call('/seller-api/sellers', { user: 'no-api' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ status: 403, title: 'Forbidden' });
  });

  it.each([null, 'application/json', 'application/vnd.de.mobile.api+xml', '*/*'])(
    'answers 406 in the title/detail/status shape for Accept %s',
    async (accept) => {
      const response = await call('/seller-api/sellers', { user: 'provider', accept });
      expect(response.status).toBe(406);
      expect(await response.json()).toEqual({
        title: 'Not Acceptable',
        detail: `Acceptable representations: [${MEDIA}]`,
        status: 406,
      });
    },
  );

  it('accepts the media type within a list with parameters', async () => {
    const response = await call('/seller-api/sellers', {
      user: 'provider',
      accept: `application/json, ${MEDIA};q=0.9`,
    });
    expect(response.status).toBe(200);
  });

  it('answers 404 in the errors shape for the ads of a seller not linked to the user', async () => {
    const unlinked = await call('/seller-api/sellers/999/ads', { user: 'provider' });
    expect(unlinked.status).toBe(404);
    expect(await unlinked.json()).toEqual({
      errors: [
        {
          key: 'seller-not-found',
          message: 'Seller 999 is not linked to this API account',
          args: [{ key: 'mobileSellerId', value: '999' }],
        },
      ],
    });
    const linked = await call('/seller-api/sellers/1000001/ads', { user: 'provider' });
    expect(linked.status).toBe(200);
    expect(await linked.json()).toEqual({ ads: [] });
  });

  it('links and unlinks sellers through the control API, per API user', async () => {
    const linked = await call('/_emulator/sellers', { method: 'POST', body: { mobileSellerId: '1000002' } });
    expect(linked.status).toBe(201);
    const ids = async () =>
      (
        (await (await call('/seller-api/sellers', { user: 'provider' })).json()) as {
          sellers: { mobileSellerId: string }[];
        }
      ).sellers.map((seller) => seller.mobileSellerId);
    expect(await ids()).toEqual(['1000001', '1000002']);

    expect((await call('/_emulator/sellers/1000001', { method: 'DELETE' })).status).toBe(204);
    expect((await call('/_emulator/sellers/1000001', { method: 'DELETE' })).status).toBe(404);
    expect(await ids()).toEqual(['1000002']);
    expect((await call('/seller-api/sellers/1000001/ads', { user: 'provider' })).status).toBe(404);
  });

  it('refuses invalid control bodies with 400 and the field', async () => {
    const response = await call('/_emulator/sellers', { method: 'POST', body: { mobileSellerId: 'abc' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('mobileSellerId');
    const unknownUser = await call('/_emulator/sellers', {
      method: 'POST',
      body: { mobileSellerId: '1', apiUser: 'x' },
    });
    expect(unknownUser.status).toBe(400);
  });

  it('logs platform calls with user and headers but never the credentials, and not control calls', async () => {
    await call('/seller-api/sellers', { user: 'provider' });
    await call('/seller-api/sellers', { user: 'provider', password: 'wrong' });
    await call('/_emulator/faults');

    const { requests } = (await (await call('/_emulator/requests')).json()) as {
      requests: {
        method: string;
        path: string;
        user: string | null;
        status: number;
        headers: Record<string, string>;
      }[];
    };
    expect(requests.map(({ path, user, status }) => ({ path, user, status }))).toEqual([
      { path: '/seller-api/sellers', user: 'provider', status: 200 },
      { path: '/seller-api/sellers', user: 'provider', status: 401 },
    ]);
    expect(requests[0]!.headers).toEqual({ accept: MEDIA });
    expect(JSON.stringify(requests)).not.toMatch(/secret|wrong|Basic/);
  });

  it('injects 429 with Retry-After and 503 by share, in the errors shape, before authentication', async () => {
    await call('/_emulator/faults', {
      method: 'POST',
      body: { share429: 0.3, share503: 0.3, retryAfterSeconds: 7 },
    });

    roll = 0.1;
    const limited = await call('/seller-api/sellers');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toMatchObject({ errors: [{ key: 'too-many-requests' }] });

    roll = 0.5;
    expect((await call('/seller-api/sellers', { user: 'provider' })).status).toBe(503);
    roll = 0.7;
    expect((await call('/seller-api/sellers', { user: 'provider' })).status).toBe(200);
    expect(emulator.control.requests().map((request) => request.fault)).toEqual(['status', 'status', null]);
  });

  it('adds latency to platform calls only', async () => {
    emulator.control.setFaults({ latencyMs: 300 });
    const started = Date.now();
    await call('/seller-api/sellers', { user: 'provider' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const controlStarted = Date.now();
    await call('/_emulator/requests');
    expect(Date.now() - controlStarted).toBeLessThan(250);
  });

  it('refuses fault settings that cannot hold', async () => {
    const response = await call('/_emulator/faults', {
      method: 'POST',
      body: { share429: 0.8, share503: 0.8 },
    });
    expect(response.status).toBe(400);
    expect((await call('/_emulator/faults', { method: 'POST', body: { latencyMs: -1 } })).status).toBe(400);
  });

  it('resets to its start state: initial links, no faults, empty log', async () => {
    emulator.control.linkSeller({ mobileSellerId: '42' });
    emulator.control.unlinkSeller('1000001');
    emulator.control.setFaults({ share503: 1 });
    await call('/seller-api/sellers', { user: 'provider' });

    expect((await call('/_emulator/reset', { method: 'POST' })).status).toBe(204);

    expect(emulator.control.snapshot().links).toEqual([
      { apiUser: 'provider', sellers: [expect.objectContaining({ mobileSellerId: '1000001' })] },
    ]);
    expect(emulator.control.requests()).toEqual([]);
    expect((await call('/seller-api/sellers', { user: 'provider' })).status).toBe(200);
  });

  it('shows a human page with the linked sellers, HTML-escaped', async () => {
    const response = await call('/', { accept: 'text/html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('1000001');
    expect(html).toContain('Autohaus &lt;Demo&gt;');
    expect(html).not.toContain('secret');
  });

  it('answers unknown Seller-API paths with 404 after authentication', async () => {
    expect((await call('/seller-api/nothing', { user: 'provider' })).status).toBe(404);
    expect((await call('/seller-api/nothing')).status).toBe(401);
  });
});
