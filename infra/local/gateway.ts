import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FunctionKey, HttpRoute } from '../topology';
import { verifyDevToken } from './dev-token';
import { matchRoute, toGatewayEvent } from './gateway-event';
import type { LambdaHost } from './lambda-host';
import type { LocalLog } from './log';

/** A route of the local stack itself (`/_local/*`): never deployed, no token needed. */
export type LocalRoute = (request: {
  params: Record<string, string>;
  body: unknown;
}) => Promise<{ status: number; body?: unknown }>;

export interface GatewayOptions {
  readonly port: number;
  /** The routes to serve and the function behind each (the topology's, in the local stack). */
  readonly routes: readonly (HttpRoute & { readonly function: FunctionKey })[];
  readonly jwtSecret: string;
  readonly functions: LambdaHost;
  readonly localRoutes: Readonly<Record<string, LocalRoute>>;
  readonly log: LocalLog;
}

export interface Gateway {
  readonly url: string;
  /** Route keys of the functions served (not the `/_local/*` ones). */
  readonly routes: string[];
  close(): Promise<void>;
}

/** API Gateway's own payload limit; the functions enforce the contract's smaller limits. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024 + 64 * 1024;

/**
 * The local API Gateway: serves the topology's routes by invoking their functions with payload
 * 2.0 events, verifies HS256 dev tokens on `jwt` routes as the JWT authorizer would, and serves
 * the `/_local/*` routes. Listens on loopback only.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { routes } = options;
  const localRoutes = Object.entries(options.localRoutes).map(([key, handler]) => {
    const [method, path] = key.split(' ') as [string, string];
    return { route: { method: method as 'GET', path, auth: 'none' as const }, handler };
  });

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log.error('gateway failure', { error: String(error) });
      if (!response.headersSent) send(response, 500, { message: 'Internal Server Error' });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const body = await readBody(request);
    if (body === undefined) return sendProblem(response, 413, 'BODY_TOO_LARGE', 'Request too large.');

    const local = localRoutes.find(({ route }) => matchRoute([route], method, url.pathname));
    if (local) {
      const matched = matchRoute([local.route], method, url.pathname)!;
      let parsed: unknown;
      try {
        parsed = body.length > 0 ? (JSON.parse(body.toString('utf8')) as unknown) : undefined;
      } catch {
        return sendProblem(response, 400, 'MALFORMED_JSON', 'The body is not valid JSON.');
      }
      const result = await local.handler({ params: matched.pathParameters, body: parsed });
      return send(response, result.status, result.body);
    }

    const matched = matchRoute(routes, method, url.pathname);
    if (!matched) return sendProblem(response, 404, 'ROUTE_NOT_FOUND', `No route ${method} ${url.pathname}.`);
    let claims: Awaited<ReturnType<typeof verifyDevToken>>;
    if (matched.route.auth === 'jwt') {
      claims = await verifyDevToken(options.jwtSecret, request.headers.authorization);
      if (!claims) return sendProblem(response, 401, 'UNAUTHORIZED', 'A valid bearer token is required.');
    }
    const functionKey = (matched.route as (typeof routes)[number]).function;
    const event = toGatewayEvent(request, url, body, matched, claims);
    const started = Date.now();
    let result: unknown;
    try {
      result = await options.functions.invoke(functionKey, event);
    } catch (error) {
      options.log.error('function failed', { function: functionKey, error: String(error) });
      return send(response, 500, { message: 'Internal Server Error' });
    }
    const structured = toStructured(result);
    options.log.info(`${method} ${url.pathname} → ${structured.statusCode}`, { ms: Date.now() - started });
    response.writeHead(structured.statusCode ?? 200, structured.headers as Record<string, string>);
    response.end(
      structured.body === undefined
        ? undefined
        : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8'),
    );
  }

  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes: routes.map((route) => `${route.method} ${route.path}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Payload 2.0: a result without `statusCode` is a 200 JSON body, as API Gateway infers it. */
function toStructured(result: unknown): APIGatewayProxyStructuredResultV2 {
  if (result && typeof result === 'object' && 'statusCode' in result)
    return result as APIGatewayProxyStructuredResultV2;
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
}

/** The gateway's own refusals, in the API's problem+json shape. */
function sendProblem(response: ServerResponse, status: number, code: string, detail: string): void {
  const title =
    { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 413: 'Content Too Large' }[status] ??
    'Error';
  send(response, status, { type: 'about:blank', title, status, code, detail }, 'application/problem+json');
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
): void {
  response.writeHead(status, body === undefined ? {} : { 'content-type': contentType });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}
