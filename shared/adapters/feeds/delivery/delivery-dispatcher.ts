import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliveryReceipt, FeedDelivery, FeedFile } from '../../../application/feeds/feed-delivery';
import type { FeedTarget } from '../../../domain/feed-target';
import { resolveWithDns, type ResolveHost } from '../../connectors/webhook/target-guard';
import type { AttemptOptions, AttemptResult } from './attempt';
import { ftpAttempt } from './ftp-delivery';
import { httpAttempt } from './http-delivery';
import { withRetries, type RetryPolicy } from './retry';
import { sftpAttempt } from './sftp-delivery';

export interface FeedDeliveryOptions {
  /** false in AWS (SSRF guard: public addresses and https only); true locally and in tests. */
  readonly allowPrivateTargets: boolean;
  /** Connecting, and any silence on a connection. Default 30 s. */
  readonly timeoutMs?: number;
  /** One attempt in all, however slowly bytes move. Default 5 min. */
  readonly attemptTimeoutMs?: number;
  /** Attempts in all, the first included. Default 3. */
  readonly maxAttempts?: number;
  /** Wait after the first failure, doubling after each further one (±20 %). Default 2 s. */
  readonly baseDelayMs?: number;
  /** Cap of one wait, also of a server's Retry-After. Default 30 s. */
  readonly maxDelayMs?: number;
  /** Injected by tests (no real waiting). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** All addresses of a host; node's resolver by default. */
  readonly resolve?: ResolveHost;
  /** Opens the feed file; tests pass a stream they can hold mid-way. */
  readonly openFile?: (path: string) => Readable;
}

/**
 * The FeedDelivery port over FTP, FTPS, SFTP and HTTP: one attempt per protocol file, the retries
 * here. Passing failures (connection refused or lost, timeouts, FTP 4xx, HTTP 408/429/5xx) are tried
 * again a few times with exponential back-off; the rest fail at once. The few attempts keep a
 * delivery within one function run; the job decides what happens after that.
 */
export function createFeedDelivery(options: FeedDeliveryOptions): FeedDelivery {
  const attemptOptions: AttemptOptions = {
    allowPrivateTargets: options.allowPrivateTargets,
    resolve: options.resolve ?? resolveWithDns,
    timeoutMs: options.timeoutMs ?? 30_000,
    openFile: options.openFile ?? ((path) => createReadStream(path)),
  };
  const policy: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? 3,
    baseDelayMs: options.baseDelayMs ?? 2_000,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    sleep: options.sleep ?? ((ms) => sleep(ms)),
    random: options.random ?? Math.random,
  };
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 300_000;
  const ftp = ftpAttempt(attemptOptions);
  const sftp = sftpAttempt(attemptOptions);
  const http = httpAttempt(attemptOptions);

  function attempt(file: FeedFile, target: FeedTarget): Promise<AttemptResult> {
    const signal = AbortSignal.timeout(attemptTimeoutMs);
    switch (target.protocol) {
      case 'ftp':
      case 'ftps':
        return ftp(file, target, signal);
      case 'sftp':
        return sftp(file, target, signal);
      case 'http':
        return http(file, target, signal);
    }
  }

  return {
    async deliver(file: FeedFile, target: FeedTarget): Promise<DeliveryReceipt> {
      const { value, attempts } = await withRetries(() => attempt(file, target), policy);
      return { remotePath: value.remotePath, bytes: value.bytes, attempts };
    },
  };
}
