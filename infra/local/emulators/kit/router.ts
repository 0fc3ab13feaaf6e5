import type { IncomingHttpHeaders } from 'node:http';

/** A request as an emulator route sees it: path parameters resolved, body still raw. */
export interface EmulatorRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What a route answers: an object is sent as JSON, a string as it is (HTML pages). */
export interface EmulatorResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export type RouteHandler<Context> = (
  request: EmulatorRequest,
  context: Context,
) => EmulatorResponse | Promise<EmulatorResponse>;

/** One row of a route table: `GET /seller-api/sellers/{sellerId}/ads`. */
export interface Route<Context> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly handle: RouteHandler<Context>;
}

export function route<Context>(key: string, handle: RouteHandler<Context>): Route<Context> {
  const [method, path] = key.split(' ') as [Route<Context>['method'], string];
  return { method, path, handle };
}

/** The route for a method and path, with its `{name}` parameters (URL-decoded). */
export function matchRoute<Context>(
  routes: readonly Route<Context>[],
  method: string,
  path: string,
): { route: Route<Context>; params: Record<string, string> } | undefined {
  const parts = path.split('/');
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const pattern = candidate.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((segment, index) => {
      const actual = parts[index]!;
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (name) {
        params[name] = decodeURIComponent(actual);
        return actual !== '';
      }
      return segment === actual;
    });
    if (matches) return { route: candidate, params };
  }
  return undefined;
}

/** The JSON body of a request, or undefined when it is empty or not JSON. */
export function jsonBody(request: EmulatorRequest): unknown {
  if (request.body.length === 0) return undefined;
  try {
    return JSON.parse(request.body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
