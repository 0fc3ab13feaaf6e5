import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startAutoScout24Emulator,
  type AutoScout24Emulator,
} from '../../infra/local/emulators/autoscout24/server';
import { freePort } from '../../infra/local/free-port';
import { AutoScout24Client } from '../../shared/adapters/connectors/autoscout24/client';
import { PlatformCallError } from '../../shared/adapters/connectors/platform-http';

/** The AutoScout24 connector against the LCA-NG emulator over HTTP. */
describe('AutoScout24 connector', () => {
  let emulator: AutoScout24Emulator;
  const account = () => ({ baseUrl: emulator.url, user: 'provider@example.com', password: 'secret' });

  beforeAll(async () => {
    emulator = await startAutoScout24Emulator({
      users: [
        { user: 'provider@example.com', password: 'secret' },
        { user: 'disabled@example.com', password: 'secret', enabled: false },
      ],
      customers: [{ id: '2000001', sellId: '77' }],
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
    return error as PlatformCallError;
  };

  it('finds an authorising customer by its id, not by the dealer-visible sellId', async () => {
    const client = new AutoScout24Client(account());
    expect(await client.verifyAccess('2000001')).toBe('linked');
    expect(await client.verifyAccess('77')).toBe('missing');
    expect(await client.verifyAccess('2000002')).toBe('missing');
    expect(emulator.control.requests()[0]).toMatchObject({
      path: '/customers',
      user: 'provider@example.com',
      headers: { accept: 'application/json' },
    });
  });

  it('misses a customer that revoked the mandate', async () => {
    emulator.control.revokeCustomer('2000001');
    expect(await new AutoScout24Client(account()).verifyAccess('2000001')).toBe('missing');
  });

  it.each([
    ['wrong credentials', { password: 'wrong' }, 401],
    ['credentials not enabled', { user: 'disabled@example.com' }, 403],
  ])('treats %s as unavailable (HTTP %s)', async (_, override, status) => {
    const error = await failureOf(
      new AutoScout24Client({ ...account(), ...override }).verifyAccess('2000001'),
    );
    expect(error.status).toBe(status);
    expect(error.message).toBe(`AutoScout24 refused our data provider access (HTTP ${status}).`);
  });

  it('reports 429 with its Retry-After and 503 as maintenance', async () => {
    emulator.control.setFaults({ share429: 1, retryAfterSeconds: 4 });
    const limited = await failureOf(new AutoScout24Client(account()).verifyAccess('2000001'));
    expect([limited.status, limited.retryAfterSeconds]).toEqual([429, 4]);

    emulator.control.setFaults({ share503: 1 });
    const maintenance = await failureOf(new AutoScout24Client(account()).verifyAccess('2000001'));
    expect(maintenance.status).toBe(503);
    expect(maintenance.message).toBe('AutoScout24 is down for maintenance (HTTP 503). Try again later.');
  });

  it('gives up after its timeout and reports an unreachable host', async () => {
    emulator.control.setFaults({ latencyMs: 1_000 });
    const slow = await failureOf(
      new AutoScout24Client(account(), { timeoutMs: 100 }).verifyAccess('2000001'),
    );
    expect(slow.message).toBe('AutoScout24 did not answer within 0.1 s. Try again later.');

    const closed = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await failureOf(
      new AutoScout24Client({ ...account(), baseUrl: closed }).verifyAccess('1'),
    );
    expect(unreachable.message).toBe('AutoScout24 could not be reached. Try again later.');
  });

  it('reports an answer it cannot read as unavailable', async () => {
    const client = new AutoScout24Client(account(), { fetch: async () => Response.json({ items: [] }) });
    await failureOf(client.verifyAccess('2000001'));
  });
});
