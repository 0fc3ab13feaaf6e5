import { Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes } from '@aws-lambda-powertools/logger/types';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';

/**
 * The one place where tracer, logger and metrics are made. Service name, namespace and log level
 * come from the POWERTOOLS_* environment set by the stack.
 */
export const tracer = new Tracer();
export const logger = new Logger();
// Its warnings (e.g. an invocation without metrics) go through the structured logger.
export const metrics = new Metrics({ logger });

/**
 * Middleware for every handler, in the order Powertools recommends: tracer, logger, metrics.
 * Functions that record no business metric (health, openapi) skip the metrics flush, which would
 * otherwise warn on every invocation.
 */
export function observability(options: { metrics?: boolean } = {}): MiddlewareObj[] {
  return [
    captureLambdaHandler(tracer, { captureResponse: false }),
    injectLambdaContext(logger, { resetKeys: true }),
    ...(options.metrics === false ? [] : [logMetrics(metrics, { captureColdStartMetric: true })]),
  ];
}

/** The Powertools logger behind the use cases' `Logger` port (ids as keys, never payloads). */
export const portLogger = {
  info: (message: string, data: LogAttributes = {}) => logger.info(message, data),
  warn: (message: string, data: LogAttributes = {}) => logger.warn(message, data),
};
