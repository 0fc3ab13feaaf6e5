import { FeedDeliveryError } from '../../../application/feeds/feed-delivery';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** Wait after the first failed attempt; doubles with each further one. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the attempts are used up. Only
 * FeedDeliveryErrors are judged; anything else is a bug and leaves at once. The final error carries
 * the number of attempts made.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
): Promise<{ readonly value: T; readonly attempts: number }> {
  for (let attempts = 1; ; attempts += 1) {
    try {
      return { value: await attempt(), attempts };
    } catch (error) {
      if (!(error instanceof FeedDeliveryError)) throw error;
      if (!error.retryable || attempts >= policy.maxAttempts) throw error.withAttempts(attempts);
      await policy.sleep(retryDelayMs(attempts, error, policy));
    }
  }
}

/**
 * base · 2^(n-1), ±20 % jitter so parallel feeds to one server do not come back in step, capped;
 * a server's Retry-After is honoured up to the cap.
 */
export function retryDelayMs(failedAttempts: number, error: FeedDeliveryError, policy: RetryPolicy): number {
  const exponential = policy.baseDelayMs * 2 ** (failedAttempts - 1) * (0.8 + 0.4 * policy.random());
  const asked = (error.details.retryAfterSeconds ?? 0) * 1000;
  return Math.round(Math.min(policy.maxDelayMs, Math.max(exponential, asked)));
}
