import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ListingTarget } from '../../shared/application/delta/listing-connector';
import { ListingRejectedError, PlatformUnavailableError } from '../../shared/domain/errors';
import { createWebhookListingConnector } from '../../shared/adapters/connectors/webhook/webhook-connector';
import { aVehicle } from '../support/fakes';

/** The dealer's system: records each request and answers as the test says. */
interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}
type Reply = (response: ServerResponse) => void;
const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;

const received: Received[] = [];
let reply: Reply = (response) => response.writeHead(204).end();
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      reply(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  reply = (response) => response.writeHead(204).end();
});

const SECRET = 'a-dealer-secret-of-32-characters';
const now = new Date('2026-11-27T09:00:00.000Z');
const connector = createWebhookListingConnector({
  allowPrivateTargets: true,
  timeoutMs: 1_000,
  now: () => now,
});

function target(url = `http://127.0.0.1:${port}/hooks/vehicles?token=t`): ListingTarget {
  return {
    exportId: 'exp_1',
    vehicleId: 'veh_1',
    settings: {
      format: { type: 'json' },
      delivery: { type: 'webhook', url, secret: SECRET },
      fields: [
        { target: 'title', source: { template: '{{make}} {{model}}' } },
        { target: 'price', source: { field: 'price.gross' } },
      ],
    },
  };
}

const payload = () =>
  connector.toPayload(aVehicle(), {
    settings: target().settings,
    contactEmail: null,
    maxImages: 30,
    bookings: [],
  });

/** What a dealer's developer writes, from the README, with node:crypto only. */
function verify(request: Received, secret: string): boolean {
  const timestamp = String(request.headers['x-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
  const given = String(request.headers['x-signature']);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

async function failure(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('webhook deliveries to a real receiver', () => {
  it('create: one signed JSON POST with the envelope and the mapped data', async () => {
    const outcome = await connector.create(target(), payload(), 'ins_1');

    expect(outcome).toEqual({ listingRef: 'exp_1:veh_1', messages: [] });
    expect(received).toHaveLength(1);
    const [request] = received as [Received];
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/hooks/vehicles?token=t');
    expect(JSON.parse(request.body)).toEqual({
      event: 'listing.upserted',
      exportId: 'exp_1',
      vehicleId: 'veh_1',
      listingRef: 'exp_1:veh_1',
      data: { title: 'Skoda Enyaq', price: '52900.00' },
    });
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'vehicle-export-webhook/1',
      'x-webhook-event': 'listing.upserted',
      'x-timestamp': String(now.getTime() / 1000),
      'x-signature': matching(/^sha256=[0-9a-f]{64}$/),
      'x-idempotency-key': matching(/^[A-Za-z0-9_-]{43}$/),
      'x-webhook-id': matching(/^[0-9a-f-]{36}$/),
    });
    expect(verify(request, SECRET)).toBe(true);
    expect(verify(request, 'another-secret-of-some-length')).toBe(false);
    expect(verify({ ...request, body: request.body.replace('52900.00', '1.00') }, SECRET)).toBe(false);
  });

  it('a repeated delivery is the same body and key, with a new delivery id', async () => {
    await connector.create(target(), payload(), 'ins_1');
    await connector.update(target(), 'exp_1:veh_1', payload());

    const [first, second] = received as [Received, Received];
    expect(second.body).toBe(first.body);
    expect(second.headers['x-idempotency-key']).toBe(first.headers['x-idempotency-key']);
    expect(second.headers['x-webhook-id']).not.toBe(first.headers['x-webhook-id']);
  });

  it('remove: the removal event without data', async () => {
    const outcome = await connector.remove(target(), 'exp_1:veh_1');

    expect(outcome).toEqual({ listingRef: 'exp_1:veh_1', messages: [] });
    const [request] = received as [Received];
    expect(JSON.parse(request.body)).toEqual({
      event: 'listing.removed',
      exportId: 'exp_1',
      vehicleId: 'veh_1',
      listingRef: 'exp_1:veh_1',
    });
    expect(request.headers['x-webhook-event']).toBe('listing.removed');
    expect(verify(request, SECRET)).toBe(true);
  });

  it('2xx with warnings: accepted, the warnings become outcome messages', async () => {
    reply = (response) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ warnings: [{ code: 'NO_IMAGES', text: 'no images' }] }));

    const outcome = await connector.update(target(), 'exp_1:veh_1', payload());

    expect(outcome.messages).toEqual([{ severity: 'warning', code: 'NO_IMAGES', text: 'no images' }]);
  });

  it('410 on a removal: already gone', async () => {
    reply = (response) => response.writeHead(410).end();
    await expect(connector.remove(target(), 'exp_1:veh_1')).resolves.toEqual({
      listingRef: 'exp_1:veh_1',
      messages: [],
    });
  });

  it.each([400, 422])('%s: rejected with the receiver’s reason', async (status) => {
    reply = (response) =>
      response
        .writeHead(status, { 'content-type': 'application/problem+json' })
        .end(JSON.stringify({ title: 'Invalid', detail: 'price must be below 50000' }));

    const error = await failure(connector.create(target(), payload(), 'ins_1'));

    expect(error).toBeInstanceOf(ListingRejectedError);
    expect((error as ListingRejectedError).messages).toEqual([
      { severity: 'error', code: 'WEBHOOK_REJECTED', text: 'price must be below 50000' },
    ]);
  });

  it('429 with Retry-After: passing, retried after that wait', async () => {
    reply = (response) => response.writeHead(429, { 'retry-after': '17' }).end();
    const error = await failure(connector.update(target(), 'exp_1:veh_1', payload()));
    expect(error).toBeInstanceOf(PlatformUnavailableError);
    expect((error as PlatformUnavailableError).retryAfterSeconds).toBe(17);
    expect(received).toHaveLength(1);
  });

  it('503: passing, and the connector itself makes one attempt only', async () => {
    reply = (response) => response.writeHead(503).end('maintenance');
    await expect(connector.update(target(), 'exp_1:veh_1', payload())).rejects.toBeInstanceOf(
      PlatformUnavailableError,
    );
    expect(received).toHaveLength(1);
  });

  it('a receiver that does not answer in time: passing', async () => {
    reply = () => undefined;
    const impatient = createWebhookListingConnector({ allowPrivateTargets: true, timeoutMs: 250 });
    const started = Date.now();
    const error = await failure(impatient.update(target(), 'exp_1:veh_1', payload()));
    expect(error).toBeInstanceOf(PlatformUnavailableError);
    expect((error as Error).message).toContain('did not answer within 0.25 s');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a redirect is not followed: rejected, the URL needs editing', async () => {
    reply = (response) => response.writeHead(307, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
    const error = await failure(connector.create(target(), payload(), 'ins_1'));
    expect(error).toBeInstanceOf(ListingRejectedError);
    expect((error as ListingRejectedError).messages[0]).toMatchObject({ code: 'WEBHOOK_REDIRECT' });
    expect(received.map((request) => request.url)).toEqual(['/hooks/vehicles?token=t']);
  });

  it('nobody listening: passing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await failure(
      connector.create(target(`http://127.0.0.1:${closedPort}/`), payload(), 'ins_1'),
    );
    expect(error).toBeInstanceOf(PlatformUnavailableError);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});

describe('webhook address pinning', () => {
  it('connects to the checked address of a name, not to what DNS would say later', async () => {
    const asked: string[] = [];
    const pinned = createWebhookListingConnector({
      allowPrivateTargets: true,
      resolve: async (host) => (asked.push(host), ['127.0.0.1']),
    });

    await pinned.create(target(`http://receiver.invalid:${port}/hook`), payload(), 'ins_1');

    // The name does not exist anywhere: the request arrived only because the checked address was used.
    expect(asked).toEqual(['receiver.invalid']);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers.host).toBe(`receiver.invalid:${port}`);
  });

  it('in AWS, refuses before sending anything when the name resolves to a private address', async () => {
    const guarded = createWebhookListingConnector({
      allowPrivateTargets: false,
      resolve: async () => ['127.0.0.1'],
    });

    const error = await failure(
      guarded.create(target(`https://receiver.invalid:${port}/hook`), payload(), 'ins_1'),
    );

    expect(error).toBeInstanceOf(ListingRejectedError);
    expect((error as ListingRejectedError).messages[0]).toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN' });
    expect(received).toEqual([]);
  });

  it('in AWS, refuses the plain-http local receiver', async () => {
    const guarded = createWebhookListingConnector({ allowPrivateTargets: false });
    const error = await failure(guarded.remove(target(), 'exp_1:veh_1'));
    expect((error as ListingRejectedError).messages[0]).toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN' });
    expect(received).toEqual([]);
  });
});
