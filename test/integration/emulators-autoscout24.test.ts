import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startAutoScout24Emulator,
  type AutoScout24Emulator,
} from '../../infra/local/emulators/autoscout24/server';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The AutoScout24 listing API (LCA-NG) emulator over HTTP. */
describe('AutoScout24 emulator', () => {
  let emulator: AutoScout24Emulator;
  let roll = 0.5;

  beforeAll(async () => {
    emulator = await startAutoScout24Emulator({
      users: [
        { user: 'provider@example.com', password: 'secret' },
        { user: 'disabled@example.com', password: 'secret', enabled: false },
        { user: 'other@example.com', password: 'secret' },
      ],
      customers: [{ id: '2000001', sellId: '77', companyName: 'Autohaus Demo' }],
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
    init: { user?: string; password?: string; method?: string; body?: unknown } = {},
  ) =>
    fetch(`${emulator.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(init.user ? { authorization: basic(init.user, init.password ?? 'secret') } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });

  it('lists the customers that authorised the calling data provider, and only those', async () => {
    const response = await call('/customers', { user: 'provider@example.com' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      customers: [
        {
          id: '2000001',
          sellId: '77',
          companyName: 'Autohaus Demo',
          externalId: null,
          canSetMiaRequestedTier: false,
          canUseSellOnline: true,
        },
      ],
    });
    expect(await (await call('/customers', { user: 'other@example.com' })).json()).toEqual({ customers: [] });
  });

  it('answers 401 for missing or wrong credentials and 403 for credentials not enabled', async () => {
    for (const response of [
      await call('/customers'),
      await call('/customers', { user: 'provider@example.com', password: 'x' }),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect(await response.json()).toEqual({
        errors: [{ code: 'unauthorized', message: 'Invalid data provider credentials' }],
      });
    }
    const forbidden = await call('/customers', { user: 'disabled@example.com' });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ errors: [{ code: 'forbidden' }] });
  });

  it('tells an unknown customer (404) from one without a mandate for the caller (403)', async () => {
    expect((await call('/customers/2000001/listings', { user: 'provider@example.com' })).status).toBe(200);
    expect((await call('/customers/2000001/listings', { user: 'other@example.com' })).status).toBe(403);
    expect((await call('/customers/9/listings', { user: 'provider@example.com' })).status).toBe(404);
  });

  it('authorises and revokes customers through the control API', async () => {
    expect((await call('/_emulator/customers', { method: 'POST', body: { id: '2000002' } })).status).toBe(
      201,
    );
    expect((await call('/_emulator/customers/2000001', { method: 'DELETE' })).status).toBe(204);

    const { customers } = (await (await call('/customers', { user: 'provider@example.com' })).json()) as {
      customers: { id: string }[];
    };
    expect(customers.map((customer) => customer.id)).toEqual(['2000002']);
    // The revoked customer is still known to AutoScout24: 403, not 404.
    expect((await call('/customers/2000001/listings', { user: 'provider@example.com' })).status).toBe(403);
    expect((await call('/_emulator/customers', { method: 'POST', body: { id: 'x1' } })).status).toBe(400);
  });

  it('injects 429 and 503 with Retry-After and logs them as faults', async () => {
    emulator.control.setFaults({ share429: 0.5, share503: 0.5, retryAfterSeconds: 3 });
    roll = 0.2;
    const limited = await call('/customers', { user: 'provider@example.com' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    roll = 0.9;
    const maintenance = await call('/customers', { user: 'provider@example.com' });
    expect(maintenance.status).toBe(503);
    expect(await maintenance.json()).toMatchObject({ errors: [{ code: 'service-unavailable' }] });

    const { requests } = (await (await call('/_emulator/requests')).json()) as {
      requests: { status: number; fault: string | null; user: string | null }[];
    };
    expect(requests).toEqual([
      expect.objectContaining({ status: 429, fault: 'status' }),
      expect.objectContaining({ status: 503, fault: 'status' }),
    ]);
  });

  it('resets to the start state and shows a human page', async () => {
    emulator.control.revokeCustomer('2000001');
    expect((await call('/_emulator/reset', { method: 'POST' })).status).toBe(204);
    expect(emulator.control.snapshot().customers).toEqual([
      expect.objectContaining({ id: '2000001', authorised: ['provider@example.com'] }),
    ]);
    const html = await (await call('/')).text();
    expect(html).toContain('2000001');
    expect(html).toContain('provider@example.com');
    expect(html).not.toContain('secret');
  });
});
