import { DomainError } from '../../domain/errors';
import type { FeedTarget } from '../../domain/feed-target';

/** A rendered feed on local disk, ready to be sent. */
export interface FeedFile {
  /** Local file on disk. */
  readonly path: string;
  readonly bytes: number;
  readonly contentType: string;
}

/** Proof of a delivery: where the file now is (no credentials, no query string) and what it took. */
export interface DeliveryReceipt {
  readonly remotePath: string;
  readonly bytes: number;
  readonly attempts: number;
}

/**
 * Puts a feed file where the platform reads it. A platform never sees half a file: file servers
 * get it under a temporary name and a rename commits it; HTTP endpoints get it as one request.
 * Passing failures are retried a few times inside; what is left is thrown as FeedDeliveryError.
 */
export interface FeedDelivery {
  deliver(file: FeedFile, target: FeedTarget): Promise<DeliveryReceipt>;
}

/** Why a delivery failed, and whether trying again later can help. */
export const feedDeliveryErrorCodes = {
  /** The server refused the login (FTP 530, SSH authentication, HTTP 401/403). */
  FEED_AUTH_FAILED: false,
  /** The host name has no address. */
  FEED_HOST_UNKNOWN: false,
  /** The host is or resolves to an address we must not call (SSRF guard), or the URL is not https. */
  FEED_TARGET_FORBIDDEN: false,
  /** The server answered for good: no such directory, no permission, HTTP 4xx, a redirect. */
  FEED_REJECTED: false,
  /** The server's certificate could not be verified. */
  FEED_TLS_FAILED: false,
  /** The SFTP server presented another host key than the one in the settings. */
  FEED_HOST_KEY_MISMATCH: false,
  /** Connection refused, reset or lost; the resolver failed. */
  FEED_UNREACHABLE: true,
  /** Nothing moved within the timeout. */
  FEED_TIMEOUT: true,
  /** The server is busy or failing for now: FTP 4xx replies, HTTP 408, 429 and 5xx. */
  FEED_SERVER_UNAVAILABLE: true,
  /** The server holds another number of bytes than were sent. */
  FEED_INCOMPLETE: true,
  /** Anything else; retried, since the queue's attempts are bounded anyway. */
  FEED_FAILED: true,
} as const;
export type FeedDeliveryErrorCode = keyof typeof feedDeliveryErrorCodes;

/**
 * The message is fit for the dealer (it is recorded on the job and in the details) and never holds
 * a password or a header value; `retryable` follows from the code.
 */
export class FeedDeliveryError extends DomainError {
  override readonly name = 'FeedDeliveryError';
  readonly retryable: boolean;

  constructor(
    readonly code: FeedDeliveryErrorCode,
    message: string,
    readonly details: {
      /** Attempts made when the error was final; 1 while an attempt reports it. */
      readonly attempts?: number;
      /** The server's Retry-After (HTTP 429/503). */
      readonly retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
    this.retryable = feedDeliveryErrorCodes[code];
  }

  get attempts(): number {
    return this.details.attempts ?? 1;
  }

  withAttempts(attempts: number): FeedDeliveryError {
    return new FeedDeliveryError(this.code, this.message, { ...this.details, attempts });
  }
}
