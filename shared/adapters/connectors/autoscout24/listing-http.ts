import { PlatformHttp, type PlatformAccount, type PlatformAnswer } from '../platform-http';

export interface ListingHttpOptions {
  /** Per call, body included. Default 10 s, the client timeout the LCA-NG docs advise (platforms.md §3.2). */
  readonly timeoutMs?: number;
  /** Prefix before `/customers/…`, should the real API sit under a versioned path (§5.7: spec unread). */
  readonly basePath?: string;
  /** Sends `X-Testmode: true`: test listings are never visible and cost nothing (§3.1). */
  readonly testMode?: boolean;
  /** Injectable for tests of what a real server cannot be made to do. */
  readonly fetch?: typeof fetch;
}

export type RequestBody =
  { readonly json: unknown } | { readonly contentType: string; readonly data: Uint8Array };

const platform = 'AutoScout24';

/**
 * LCA-NG calls: JSON or binary bodies, the configurable base path and test mode, over the
 * platform HTTP layer (timeouts and network failures become PlatformCallError; every status is
 * returned for listing-errors.ts to interpret).
 */
export class ListingHttp {
  private readonly http: PlatformHttp;

  constructor(
    account: PlatformAccount,
    private readonly options: ListingHttpOptions = {},
  ) {
    const root = `${account.baseUrl.replace(/\/+$/, '')}${(options.basePath ?? '').replace(/\/+$/, '')}`;
    this.http = new PlatformHttp(
      platform,
      { ...account, baseUrl: root },
      {
        timeoutMs: options.timeoutMs ?? 10_000,
        fetch: options.fetch,
      },
    );
  }

  send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: RequestBody): Promise<PlatformAnswer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.testMode) headers['x-testmode'] = 'true';
    if (!body) return this.http.send({ method, path, headers });
    if ('json' in body) {
      return this.http.send({
        method,
        path,
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body.json),
      });
    }
    return this.http.send({
      method,
      path,
      headers: { ...headers, 'content-type': body.contentType },
      body: body.data,
    });
  }
}
