import { PlatformCallError, type PlatformAccount, type PlatformAnswer } from '../platform-http';

export interface SellerApiHttpOptions {
  /** Per call, body included (AbortSignal.timeout). Default 10 s: a queue worker, not a person, waits. */
  readonly timeoutMs?: number;
  /** Injectable for tests of what the emulator cannot be made to do. */
  readonly fetch?: typeof fetch;
}

export interface SellerApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

export const LISTING_TIMEOUT_MS = 10_000;

/**
 * HTTP Basic calls with a body (PlatformHttp of platform-http.ts only GETs). Same rules: a
 * redirect is returned, never followed (§1.4 #4a: the 303 is the answer); timeouts and network
 * failures become PlatformCallError; every HTTP status goes back to the caller to interpret.
 */
export class SellerApiHttp {
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly baseUrl: string;

  constructor(account: PlatformAccount, options: SellerApiHttpOptions = {}) {
    this.authorization = `Basic ${Buffer.from(`${account.user}:${account.password}`).toString('base64')}`;
    this.baseUrl = account.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? LISTING_TIMEOUT_MS;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async send(request: SellerApiRequest): Promise<PlatformAnswer> {
    try {
      const response = await this.fetch(`${this.baseUrl}${request.path}`, {
        method: request.method,
        headers: { ...request.headers, authorization: this.authorization },
        ...(request.body === undefined ? {} : { body: request.body }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: parseJson(text) };
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        throw new PlatformCallError(
          `mobile.de did not answer within ${this.timeoutMs / 1000} s. Try again later.`,
        );
      }
      throw new PlatformCallError('mobile.de could not be reached. Try again later.');
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
