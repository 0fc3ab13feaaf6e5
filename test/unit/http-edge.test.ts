import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/domain/errors';
import { httpEdge, type HttpEvent } from '../../shared/runtime/http/http-edge';
import { httpEvent, lambdaContext } from '../support/events';

/** A handler behind the edge that echoes the parsed body or throws what it is told to. */
function edgeWith(behaviour: (event: HttpEvent) => unknown, options?: Parameters<typeof httpEdge>[0]) {
  return middy<HttpEvent>()
    .use(httpEdge(options))
    .handler(async (event) => ({ status: 200, body: { received: behaviour(event) } }));
}

async function call(handler: ReturnType<typeof edgeWith>, event: HttpEvent) {
  const response = (await handler(event, lambdaContext())) as {
    statusCode: number;
    headers: Record<string, string>;
    body?: string;
  };
  return {
    ...response,
    json: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : undefined,
  };
}

describe('HTTP error edge', () => {
  const echo = edgeWith((event) => event.parsedBody);

  it('parses a JSON body and answers JSON', async () => {
    const response = await call(
      echo,
      httpEvent({ routeKey: 'POST /x', body: '{"a":1}', contentType: 'application/json; charset=utf-8' }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.json).toEqual({ received: { a: 1 } });
  });

  it.each([
    ['malformed JSON', { body: '{"a":', contentType: 'application/json' }, 400, 'MALFORMED_JSON'],
    [
      'a wrong media type',
      { body: 'a=1', contentType: 'application/x-www-form-urlencoded' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['no media type', { body: '{}' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'a body over 1 MiB',
      { body: JSON.stringify('x'.repeat(1024 * 1024)), contentType: 'application/json' },
      413,
      'BODY_TOO_LARGE',
    ],
  ])('answers %s with problem+json', async (_, input, status, code) => {
    const response = await call(echo, httpEvent({ routeKey: 'POST /x', ...input }));
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json).toMatchObject({ type: 'about:blank', status, code });
  });

  it('takes text bodies where the route accepts them, with its own size limit', async () => {
    const csv = edgeWith((event) => event.parsedBody, {
      mediaTypes: ['text/csv', 'application/json'],
      maxBodyBytes: 10 * 1024 * 1024,
    });
    const big = 'a;b\n'.repeat(400_000);
    const response = await call(csv, httpEvent({ routeKey: 'POST /x', body: big, contentType: 'text/csv' }));
    expect(response.statusCode).toBe(200);
    expect((response.json?.received as string).length).toBe(big.length);
  });

  it.each([
    [
      new ValidationError('VALIDATION_FAILED', 'bad', [{ path: 'settings.sellerId', message: 'Required' }]),
      422,
      'VALIDATION_FAILED',
    ],
    [new NotFoundError('vehicle'), 404, 'NOT_FOUND'],
    [new ConflictError('ALREADY_ACTIVE', 'already active'), 409, 'ALREADY_ACTIVE'],
  ])('translates %s by class', async (error, status, code) => {
    const failing = edgeWith(() => {
      throw error;
    });
    const response = await call(failing, httpEvent());
    expect(response.statusCode).toBe(status);
    expect(response.json).toMatchObject({ status, code, detail: error.message });
    if (error instanceof ValidationError) expect(response.json?.errors).toEqual(error.issues);
  });

  it('never shows the text of an unexpected error', async () => {
    const failing = edgeWith(() => {
      throw new Error('connection string postgres://secret@db');
    });
    const response = await call(failing, httpEvent());
    expect(response.statusCode).toBe(500);
    expect(response.json).toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(response.body).not.toContain('secret');
  });
});
