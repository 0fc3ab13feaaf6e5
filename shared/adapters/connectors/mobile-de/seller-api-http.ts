import { PlatformHttp, type PlatformAccount, type PlatformRequest } from '../platform-http';

export interface SellerApiHttpOptions {
  /** Per call, body included. Default 10 s: a queue worker, not a person, waits. */
  readonly timeoutMs?: number;
  /** Injectable for tests of what the emulator cannot be made to do. */
  readonly fetch?: typeof fetch;
}

export type SellerApiRequest = PlatformRequest;

export const LISTING_TIMEOUT_MS = 10_000;

/** The Seller-API's listing calls: the platform HTTP layer with the listing timeout. */
export class SellerApiHttp extends PlatformHttp {
  constructor(account: PlatformAccount, options: SellerApiHttpOptions = {}) {
    super('mobile.de', account, { timeoutMs: options.timeoutMs ?? LISTING_TIMEOUT_MS, fetch: options.fetch });
  }
}
