import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from '../../shared/adapters/sqs/backoff';
import { ImagesDelayedError, RemovalSettlingError } from '../../shared/application/delta/sync-listing';
import { PlatformUnavailableError } from '../../shared/domain/errors';

describe('retry back-off of queue messages', () => {
  const middle = () => 0.5;

  it.each([
    [1, 5],
    [2, 10],
    [3, 20],
    [5, 80],
    [9, 900],
    [30, 900],
  ])('receive %i waits %i s (before jitter)', (receiveCount, seconds) => {
    expect(retryDelaySeconds(receiveCount, new Error('x'), middle)).toBe(seconds);
  });

  it('spreads retries by ±20 %', () => {
    expect(retryDelaySeconds(3, new Error('x'), () => 0)).toBe(16);
    expect(retryDelaySeconds(3, new Error('x'), () => 0.999)).toBe(24);
  });

  it("follows the platform's Retry-After, within SQS's limits", () => {
    expect(retryDelaySeconds(1, new PlatformUnavailableError('429', 42), middle)).toBe(42);
    expect(retryDelaySeconds(1, new PlatformUnavailableError('429', 0.2), middle)).toBe(1);
    expect(retryDelaySeconds(1, new PlatformUnavailableError('429', 86_400), middle)).toBe(900);
  });

  it('waits as long as the worker asks: a settling removal, delayed images', () => {
    expect(retryDelaySeconds(1, new RemovalSettlingError(12), middle)).toBe(12);
    expect(retryDelaySeconds(4, new ImagesDelayedError(240), middle)).toBe(240);
  });
});
