import type * as z from 'zod';
import { PlatformUnavailableError } from '../../domain/errors';

/** Our account on a platform as data service provider: where it is and how we log in. */
export interface PlatformAccount {
  readonly baseUrl: string;
  readonly user: string;
  readonly password: string;
}

export interface PlatformHttpOptions {
  /** Per call, body included (AbortSignal.timeout). Default 5 s: an activation waits for it. */
  readonly timeoutMs?: number;
  /** Injectable for tests of what a real server cannot be made to do. */
  readonly fetch?: typeof fetch;
}

export interface PlatformRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

export interface PlatformAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; undefined when empty or not JSON. */
  readonly body: unknown;
}

/**
 * The platform could not be asked. The message is fit for the dealer (it becomes the 502 detail);
 * `status` is the platform's HTTP status when there was one.
 */
export class PlatformCallError extends PlatformUnavailableError {
  constructor(
    message: string,
    readonly status?: number,
    retryAfterSeconds?: number,
  ) {
    super(message, retryAfterSeconds);
  }
}

export const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * HTTP Basic calls to one platform, the one HTTP layer of every connector. Redirects are returned,
 * never followed; timeouts and network failures become PlatformCallError; any HTTP status is
 * returned for the connector to interpret (its errors.ts).
 */
export class PlatformHttp {
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(
    private readonly platform: string,
    private readonly account: PlatformAccount,
    options: PlatformHttpOptions = {},
  ) {
    this.authorization = `Basic ${Buffer.from(`${account.user}:${account.password}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** A GET without a body (the activation check). */
  request(method: 'GET', path: string, headers: Readonly<Record<string, string>>): Promise<PlatformAnswer> {
    return this.send({ method, path, headers });
  }

  async send(request: PlatformRequest): Promise<PlatformAnswer> {
    const url = `${this.account.baseUrl.replace(/\/+$/, '')}${request.path}`;
    try {
      const response = await this.fetch(url, {
        method: request.method,
        headers: { ...request.headers, authorization: this.authorization },
        ...(request.body === undefined ? {} : { body: request.body }),
        // A redirect is an answer to interpret (mobile.de's 303), never followed blindly.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: parseJson(text) };
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        throw new PlatformCallError(
          `${this.platform} did not answer within ${this.timeoutMs / 1000} s. Try again later.`,
        );
      }
      throw new PlatformCallError(`${this.platform} could not be reached. Try again later.`);
    }
  }
}

/** The body through its schema, or PlatformCallError: an answer we cannot read is the platform's failure. */
export function parseAnswer<Schema extends z.ZodType>(
  platform: string,
  schema: Schema,
  answer: PlatformAnswer,
): z.infer<Schema> {
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) {
    throw new PlatformCallError(
      `${platform} gave an answer we could not read. Try again later.`,
      answer.status,
    );
  }
  return parsed.data;
}

/** `Retry-After` as seconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterSeconds(headers: Headers, now: Date = new Date()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
