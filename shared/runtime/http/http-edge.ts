import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../observability';
import { HttpError, toProblem } from './problem';

/** What a route handler returns; the edge turns it into the API Gateway response. */
export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer & {
  /** The parsed body (JSON value or CSV text), set by the edge before the handler runs. */
  parsedBody?: unknown;
};

export interface HttpEdgeOptions {
  /** Largest accepted body in bytes (API.md: 1 MiB, 10 MiB for imports). */
  readonly maxBodyBytes?: number;
  /** Accepted request media types; JSON ones are parsed, `text/*` kept as text. */
  readonly mediaTypes?: readonly string[];
}

const MiB = 1024 * 1024;

/**
 * The HTTP error edge: rejects bodies that are too large (413), of a media type the route does not
 * take (415) or not valid JSON (400) before any handler runs, and turns every thrown error into
 * problem+json with a stable code. Unexpected errors are logged and answered without their text.
 */
export function httpEdge(
  options: HttpEdgeOptions = {},
): MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> {
  const maxBodyBytes = options.maxBodyBytes ?? MiB;
  const mediaTypes = options.mediaTypes ?? ['application/json'];
  return {
    before: (request) => {
      request.event.parsedBody = parseBody(request.event, maxBodyBytes, mediaTypes);
    },
    after: (request) => {
      request.response = toResponse(request.response as unknown as HttpResult);
    },
    onError: (request) => {
      const { problem, expected } = toProblem(request.error);
      if (!expected)
        logger.error('request failed', { error: request.error as Error, routeKey: request.event.routeKey });
      request.response = {
        statusCode: problem.status,
        headers: { 'content-type': 'application/problem+json' },
        body: JSON.stringify(problem),
      };
    },
  };
}

function parseBody(event: HttpEvent, maxBodyBytes: number, mediaTypes: readonly string[]): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const bytes = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > maxBodyBytes) {
    throw new HttpError(413, 'BODY_TOO_LARGE', `The body exceeds ${maxBodyBytes} bytes.`);
  }
  const mediaType = (headerOf(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!mediaTypes.includes(mediaType)) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the body as ${mediaTypes.join(' or ')}.`);
  }
  const text = bytes.toString('utf8');
  if (!isJson(mediaType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'MALFORMED_JSON', 'The body is not valid JSON.');
  }
}

function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function headerOf(event: HttpEvent, name: string): string | undefined {
  // API Gateway v2 lower-cases header names; be lenient for hand-made events.
  const entry = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1];
}

function toResponse(result: HttpResult): APIGatewayProxyStructuredResultV2 {
  const hasBody = result.body !== undefined;
  return {
    statusCode: result.status,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...result.headers },
    ...(hasBody ? { body: JSON.stringify(result.body) } : {}),
  };
}
