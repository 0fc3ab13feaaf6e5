import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A small real JPEG (16 × 16) for image uploads. */
export const TEST_JPEG = readFileSync(new URL('../fixtures/mobile-de/car.jpg', import.meta.url));

export interface ImageServer {
  readonly url: string;
  /** Requests per path, to prove an image was fetched once. */
  readonly hits: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * A dealer's image host on loopback: `/car.jpg` and `/car-2.jpg` (JPEG), `/missing.jpg` (404),
 * `/not-a-jpeg.jpg` (text), `/slow.jpg` (answers after 2 s), `/moved.jpg` (302 to `/car.jpg`).
 */
export async function startImageServer(): Promise<ImageServer> {
  const hits = new Map<string, number>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://images').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/car.jpg' || path === '/car-2.jpg') {
      response.writeHead(200, { 'content-type': 'image/jpeg' }).end(TEST_JPEG);
    } else if (path === '/not-a-jpeg.jpg') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('not an image');
    } else if (path === '/moved.jpg') {
      response.writeHead(302, { location: '/car.jpg' }).end();
    } else if (path === '/slow.jpg') {
      const timer = setTimeout(() => response.writeHead(200).end(TEST_JPEG), 2_000);
      response.on('close', () => clearTimeout(timer));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
