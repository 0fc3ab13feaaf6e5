/**
 * Typed domain errors. Each has a literal `name` and a stable UPPER_SNAKE `code`; the edges
 * (HTTP, batch) translate them once, by class.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** Well-formed input that breaks a rule (HTTP 422). */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  constructor(
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}

/** Unknown resource, or one of another dealer: the two are never told apart (HTTP 404). */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
  constructor(readonly resource: string) {
    super(`${resource} not found`);
  }
}

/** The resource is in a state that forbids the request (HTTP 409). */
export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A precondition outside our system is not met, e.g. a platform registration (HTTP 424). */
export class PreconditionFailedError extends DomainError {
  override readonly name = 'PreconditionFailedError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The marketplace failed for a passing reason: retry later (HTTP 502; queues retry). */
export class PlatformUnavailableError extends DomainError {
  override readonly name = 'PlatformUnavailableError';
  readonly code = 'PLATFORM_UNAVAILABLE';
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The marketplace rejected the listing for good: record it, do not retry. */
export class ListingRejectedError extends DomainError {
  override readonly name = 'ListingRejectedError';
  readonly code = 'LISTING_REJECTED';
  constructor(
    message: string,
    readonly messages: readonly { severity: 'error' | 'warning'; code: string; text: string }[],
  ) {
    super(message);
  }
}
