import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeedDeliveryError, type FeedFile } from '../../shared/application/feeds/feed-delivery';
import type { HttpTarget } from '../../shared/domain/feed-target';
import {
  createFeedDelivery,
  type FeedDeliveryOptions,
} from '../../shared/adapters/feeds/delivery/delivery-dispatcher';
import { freePort } from '../../infra/local/free-port';

/** The receiving end: records each request and answers with the next queued reply (default 204). */
interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}
type Reply = (response: ServerResponse) => void;

const received: Received[] = [];
const replies: Reply[] = [];
let server: Server;
let port: number;
let work: string;
let feedFile: FeedFile;

const content = Buffer.alloc(200_000, 0).map((_, index) => (index * 11 + 3) % 256);
const TOKEN = 'Bearer dealer-feed-token-0123456789';

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method!,
        url: request.url!,
        headers: request.headers,
        body: Buffer.concat(chunks),
      });
      (replies.shift() ?? ((answer: ServerResponse) => answer.writeHead(204).end()))(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  work = await mkdtemp(join(tmpdir(), 'feed-http-'));
  const path = join(work, 'feed.xml');
  await writeFile(path, content);
  feedFile = { path, bytes: content.length, contentType: 'application/xml; charset=utf-8' };
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(work, { recursive: true, force: true });
});

beforeEach(() => {
  received.length = 0;
  replies.length = 0;
});

function deliveryWith(sleeps: number[] = [], options: Partial<FeedDeliveryOptions> = {}) {
  return createFeedDelivery({
    allowPrivateTargets: true,
    timeoutMs: 5_000,
    baseDelayMs: 1_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
}

function target(overrides: Partial<HttpTarget> = {}): HttpTarget {
  return {
    protocol: 'http',
    url: `http://127.0.0.1:${port}/feeds/stock.xml?key=query-secret`,
    method: 'PUT',
    headers: { authorization: TOKEN, 'x-dealer': 'd1' },
    ...overrides,
  };
}

describe('feed delivery over HTTP', () => {
  it.each(['PUT', 'POST'] as const)(
    '%ss the file as the body with its type and the headers',
    async (method) => {
      const receipt = await deliveryWith().deliver(feedFile, target({ method }));

      expect(receipt).toEqual({
        remotePath: `http://127.0.0.1:${port}/feeds/stock.xml`,
        bytes: content.length,
        attempts: 1,
      });
      expect(received).toHaveLength(1);
      const [request] = received;
      expect(request).toMatchObject({ method, url: '/feeds/stock.xml?key=query-secret' });
      expect(request!.body.equals(content)).toBe(true);
      expect(request!.headers).toMatchObject({
        'content-type': 'application/xml; charset=utf-8',
        'content-length': String(content.length),
        authorization: TOKEN,
        'x-dealer': 'd1',
        'user-agent': 'vehicle-export-feed/1',
      });
    },
  );

  it('delivers after a retry when the receiver answers 503 first', async () => {
    const sleeps: number[] = [];
    replies.push((response) => response.writeHead(503).end('busy'));
    replies.push((response) => response.writeHead(200).end('ok'));

    const receipt = await deliveryWith(sleeps).deliver(feedFile, target());

    expect(receipt.attempts).toBe(2);
    expect(sleeps).toEqual([1_000]);
    expect(received).toHaveLength(2);
    expect(received[1]!.body.equals(content)).toBe(true);
  });

  it("waits as long as a 429's Retry-After asks, within the cap", async () => {
    const sleeps: number[] = [];
    replies.push((response) => response.writeHead(429, { 'retry-after': '7' }).end());
    replies.push((response) => response.writeHead(429, { 'retry-after': '3600' }).end());

    await deliveryWith(sleeps, { maxDelayMs: 20_000 }).deliver(feedFile, target());

    expect(sleeps).toEqual([7_000, 20_000]);
    expect(received).toHaveLength(3);
  });

  it('fails at once on 400, without a header value in the message', async () => {
    const sleeps: number[] = [];
    replies.push((response) => response.writeHead(400).end(`bad feed, you sent ${TOKEN}`));

    const error = await deliveryWith(sleeps)
      .deliver(feedFile, target())
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(FeedDeliveryError);
    expect(error).toMatchObject({ code: 'FEED_REJECTED', retryable: false, attempts: 1 });
    expect((error as Error).message).toContain('HTTP 400');
    expect((error as Error).message).not.toContain('dealer-feed-token');
    expect((error as Error).message).not.toContain('query-secret');
    expect(sleeps).toEqual([]);
  });

  it.each([
    [401, 'FEED_AUTH_FAILED'],
    [403, 'FEED_AUTH_FAILED'],
    [404, 'FEED_REJECTED'],
    [302, 'FEED_REJECTED'],
  ])('fails at once on %i (%s)', async (status, code) => {
    replies.push((response) => response.writeHead(status, { location: 'http://127.0.0.1:1/' }).end());

    const error = await deliveryWith()
      .deliver(feedFile, target())
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code, retryable: false, attempts: 1 });
    expect(received).toHaveLength(1);
  });

  it('gives up retryable after the last attempt when the receiver keeps failing', async () => {
    const sleeps: number[] = [];
    for (let i = 0; i < 3; i += 1) replies.push((response) => response.writeHead(502).end());

    const error = await deliveryWith(sleeps)
      .deliver(feedFile, target())
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'FEED_SERVER_UNAVAILABLE', retryable: true, attempts: 3 });
    expect(sleeps).toEqual([1_000, 2_000]);
  });

  it('retries a receiver that is down, then fails retryable', async () => {
    const sleeps: number[] = [];
    const closedPort = await freePort();

    const error = await deliveryWith(sleeps, { maxAttempts: 2 })
      .deliver(feedFile, target({ url: `http://127.0.0.1:${closedPort}/feed` }))
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'FEED_UNREACHABLE', retryable: true, attempts: 2 });
    expect(sleeps).toEqual([1_000]);
  });

  it('refuses plain http and private addresses when private targets are not allowed', async () => {
    const delivery = deliveryWith([], {
      allowPrivateTargets: false,
      resolve: async () => ['10.1.2.3'],
    });

    const plain = await delivery.deliver(feedFile, target()).catch((caught: unknown) => caught);
    const internal = await delivery
      .deliver(feedFile, target({ url: 'https://feeds.internal.example/upload' }))
      .catch((caught: unknown) => caught);

    expect(plain).toMatchObject({ code: 'FEED_TARGET_FORBIDDEN', retryable: false });
    expect(internal).toMatchObject({ code: 'FEED_TARGET_FORBIDDEN', retryable: false });
    expect(received).toEqual([]);
  });
});
