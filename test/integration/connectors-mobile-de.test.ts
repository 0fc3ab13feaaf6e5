import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/free-port';
import { startMobileDeEmulator, type MobileDeEmulator } from '../../infra/local/emulators/mobile-de/server';
import { MobileDeClient } from '../../shared/adapters/connectors/mobile-de/client';
import { PlatformCallError } from '../../shared/adapters/connectors/platform-http';
import { PlatformUnavailableError } from '../../shared/domain/errors';

/** The mobile.de connector against the Seller-API emulator over HTTP. */
describe('mobile.de connector', () => {
  let emulator: MobileDeEmulator;
  const account = () => ({ baseUrl: emulator.url, user: 'provider', password: 'secret' });

  beforeAll(async () => {
    emulator = await startMobileDeEmulator({
      users: [
        { user: 'provider', password: 'secret' },
        { user: 'no-api', password: 'secret', sellerApi: false },
      ],
      sellers: [{ mobileSellerId: '1000001' }],
      random: () => 0,
    });
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  beforeEach(() => emulator.control.reset());

  const failureOf = async (promise: Promise<unknown>): Promise<PlatformCallError> => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PlatformCallError);
    expect(error).toBeInstanceOf(PlatformUnavailableError);
    return error as PlatformCallError;
  };

  it('finds a linked seller and misses an unlinked one, with Basic auth and the vnd Accept', async () => {
    const client = new MobileDeClient(account());

    expect(await client.verifyAccess('1000001')).toBe('linked');
    expect(await client.verifyAccess('1000002')).toBe('missing');

    const [request] = emulator.control.requests();
    expect(request).toMatchObject({
      method: 'GET',
      path: '/seller-api/sellers',
      user: 'provider',
      status: 200,
      headers: { accept: 'application/vnd.de.mobile.api+json' },
    });
  });

  it('sees a seller once the dealer links us, and no longer once unlinked', async () => {
    const client = new MobileDeClient(account());
    emulator.control.linkSeller({ mobileSellerId: '1000002' });
    expect(await client.verifyAccess('1000002')).toBe('linked');
    emulator.control.unlinkSeller('1000002');
    expect(await client.verifyAccess('1000002')).toBe('missing');
  });

  it('treats 401 (wrong password) and 403 (no Seller-API permission) as our side: unavailable', async () => {
    const wrong = await failureOf(
      new MobileDeClient({ ...account(), password: 'wrong' }).verifyAccess('1000001'),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.message).toBe('mobile.de refused our data service provider access (HTTP 401).');

    const forbidden = await failureOf(
      new MobileDeClient({ ...account(), user: 'no-api' }).verifyAccess('1000001'),
    );
    expect(forbidden.status).toBe(403);
  });

  it('passes the Retry-After of a 429 on', async () => {
    emulator.control.setFaults({ share429: 1, retryAfterSeconds: 12 });
    const error = await failureOf(new MobileDeClient(account()).verifyAccess('1000001'));
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(12);
  });

  it('reports a 503 as unavailable', async () => {
    emulator.control.setFaults({ share503: 1 });
    const error = await failureOf(new MobileDeClient(account()).verifyAccess('1000001'));
    expect(error.status).toBe(503);
    expect(error.message).toBe('mobile.de is unavailable (HTTP 503). Try again later.');
  });

  it('gives up after its timeout', async () => {
    emulator.control.setFaults({ latencyMs: 1_000 });
    const started = Date.now();
    const error = await failureOf(new MobileDeClient(account(), { timeoutMs: 150 }).verifyAccess('1000001'));
    expect(Date.now() - started).toBeLessThan(900);
    expect(error.status).toBeUndefined();
    expect(error.message).toBe('mobile.de did not answer within 0.15 s. Try again later.');
  });

  it('reports a platform that cannot be reached', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const error = await failureOf(
      new MobileDeClient({ ...account(), baseUrl: closed }).verifyAccess('1000001'),
    );
    expect(error.message).toBe('mobile.de could not be reached. Try again later.');
  });

  // Answers the emulator cannot be made to give: a stub fetch.
  it.each([
    ['an HTML page', new Response('<html>maintenance</html>', { status: 200 })],
    ['sellers without ids', Response.json({ sellers: [{ companyName: 'x' }] })],
    ['a redirect', new Response(null, { status: 302, headers: { location: '/login' } })],
  ])('reports %s as unavailable, never as a missing registration', async (_, response) => {
    const client = new MobileDeClient(account(), { fetch: async () => response });
    await failureOf(client.verifyAccess('1000001'));
  });

  it('accepts numeric seller ids and extra fields in the answer', async () => {
    const client = new MobileDeClient(account(), {
      fetch: async () =>
        Response.json({ sellers: [{ mobileSellerId: 1000001, settings: { maxImages: 30 } }] }),
    });
    expect(await client.verifyAccess('1000001')).toBe('linked');
  });
});
