import { PlatformCallError, type PlatformAccount, type PlatformAnswer } from '../platform-http';

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
 * HTTP Basic calls with a body (platform-http.ts's PlatformHttp only GETs, for the activation
 * check). Timeouts and network failures become PlatformCallError; every status is returned for
 * listing-errors.ts to interpret.
 */
export class ListingHttp {
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly root: string;

  constructor(
    account: PlatformAccount,
    private readonly options: ListingHttpOptions = {},
  ) {
    this.authorization = `Basic ${Buffer.from(`${account.user}:${account.password}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.root = `${account.baseUrl.replace(/\/+$/, '')}${(options.basePath ?? '').replace(/\/+$/, '')}`;
  }

  async send(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: RequestBody,
  ): Promise<PlatformAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: this.authorization };
    if (this.options.testMode) headers['x-testmode'] = 'true';
    let payload: string | Uint8Array | undefined;
    if (body && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body) {
      headers['content-type'] = body.contentType;
      payload = body.data;
    }
    try {
      const response = await this.fetch(`${this.root}${path}`, {
        method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: parseJson(text) };
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        throw new PlatformCallError(
          `${platform} did not answer within ${this.timeoutMs / 1000} s. Try again later.`,
        );
      }
      throw new PlatformCallError(`${platform} could not be reached. Try again later.`);
    }
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
