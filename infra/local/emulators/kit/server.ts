import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Faults } from './faults';
import type { RequestLog } from './request-log';
import { matchRoute, type EmulatorRequest, type EmulatorResponse, type Route } from './router';

/** Who is calling, or the platform's refusal (401, 403, 406) with the user name if one was given. */
export type Authentication<Context> =
  | { readonly ok: true; readonly user: string; readonly context: Context }
  | { readonly ok: false; readonly user: string | null; readonly response: EmulatorResponse };

export interface EmulatorServerOptions<Context> {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The platform's API: faults apply, every call is logged. */
  readonly api: readonly Route<Context>[];
  /** `GET /` and `/_emulator/*`: never faulted, never logged, no credentials. */
  readonly control: readonly Route<void>[];
  readonly authenticate: (request: EmulatorRequest) => Authentication<Context>;
  readonly faults: Faults;
  readonly log: RequestLog;
  /** The platform's answer to an injected 429 or 503 (each platform has its own error shape). */
  readonly faultAnswer: (status: 429 | 503, retryAfterSeconds: number) => EmulatorResponse;
  readonly notFound: (request: EmulatorRequest) => EmulatorResponse;
  /** Content type of JSON answers, e.g. `application/vnd.de.mobile.api+json`. */
  readonly mediaType: string;
}

export interface EmulatorServer {
  readonly url: string;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A loopback HTTP server that routes platform calls and control calls of one emulator. */
export async function startEmulatorServer<Context>(
  options: EmulatorServerOptions<Context>,
): Promise<EmulatorServer> {
  const stopping = new AbortController();

  async function answer(request: EmulatorRequest): Promise<EmulatorResponse> {
    const control = matchRoute(options.control, request.method, request.path);
    if (control) return control.route.handle({ ...request, params: control.params }, undefined);

    const startedAt = Date.now();
    let user: string | null = null;
    let fault = false;
    const response = await (async (): Promise<EmulatorResponse> => {
      const { latencyMs, retryAfterSeconds } = options.faults.current();
      if (latencyMs > 0) await sleep(latencyMs, undefined, { signal: stopping.signal });
      const failure = options.faults.draw();
      if (failure) {
        fault = true;
        return options.faultAnswer(failure, retryAfterSeconds);
      }
      const auth = options.authenticate(request);
      user = auth.user;
      if (!auth.ok) return auth.response;
      const matched = matchRoute(options.api, request.method, request.path);
      if (!matched) return options.notFound(request);
      return matched.route.handle({ ...request, params: matched.params }, auth.context);
    })();
    options.log.record(request, { status: response.status, user, fault, startedAt });
    return response;
  }

  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch((error: unknown) => {
      if (stopping.signal.aborted) return;
      if (!outgoing.headersSent)
        write(outgoing, { status: 500, body: { message: String(error) } }, options.mediaType);
    });
  });

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const url = new URL(incoming.url ?? '/', 'http://emulator');
    const body = await readBody(incoming);
    if (!body)
      return write(outgoing, { status: 413, body: { message: 'Request too large' } }, options.mediaType);
    const request: EmulatorRequest = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      params: {},
      query: url.searchParams,
      headers: incoming.headers,
      body,
    };
    write(outgoing, await answer(request), options.mediaType);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${options.host}:${port}`,
    stop: async () => {
      stopping.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(incoming: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function write(outgoing: ServerResponse, response: EmulatorResponse, mediaType: string): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (typeof response.body === 'string') {
    payload = response.body;
    headers['content-type'] ??= 'text/html; charset=utf-8';
  } else if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['content-type'] ??= mediaType;
  }
  outgoing.writeHead(response.status, headers);
  outgoing.end(payload);
}
