import { Agent, request } from 'undici';
import { FeedDeliveryError } from '../../../application/feeds/feed-delivery';
import type { HttpTarget } from '../../../domain/feed-target';
import { retryAfterSeconds } from '../../connectors/platform-http';
import { countedSource, type AttemptOptions, type AttemptResult, type DeliveryAttempt } from './attempt';
import { capitalized, networkFailure, otherFailure, timedOut } from './failures';
import { checkedAddresses, pinnedLookup } from './target-address';

export const FEED_USER_AGENT = 'vehicle-export-feed/1';

/**
 * PUT or POST of the file as the request body, streamed from disk with its length announced.
 * There is no rename: the request is the commit. A receiver gets the whole body or a broken
 * request (length short of Content-Length), and answers 2xx only for a whole one.
 *
 * The connection goes to the addresses the SSRF guard checked (the agent's lookup answers with
 * them), TLS verifies the certificate for the URL's host, and redirects are not followed: a hop
 * would skip the guard.
 */
export function httpAttempt(options: AttemptOptions): DeliveryAttempt<HttpTarget> {
  return async (file, target, signal) => {
    // Checked when the dealer saved it; a broken one must not leave as a TypeError quoting the URL.
    if (!URL.canParse(target.url))
      throw new FeedDeliveryError('FEED_REJECTED', 'The delivery URL is not valid.');
    const url = new URL(target.url);
    const where = `the HTTP endpoint ${url.host}`;
    const allowed = options.allowPrivateTargets ? ['https:', 'http:'] : ['https:'];
    if (!allowed.includes(url.protocol)) {
      throw new FeedDeliveryError(
        'FEED_TARGET_FORBIDDEN',
        `The delivery URL must use https (${url.protocol}).`,
      );
    }
    const addresses = await checkedAddresses(url.hostname, options, where);
    const agent = new Agent({
      connect: { lookup: pinnedLookup(addresses), timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    const source = countedSource(options.openFile(file.path));
    try {
      const response = await request(url, {
        method: target.method,
        headers: {
          'user-agent': FEED_USER_AGENT,
          ...target.headers,
          'content-type': file.contentType,
          'content-length': String(file.bytes),
        },
        body: source.stream,
        dispatcher: agent,
        signal,
      });
      // Only the status counts; the body is read off so the connection can close cleanly.
      await response.body.dump({ limit: 64 * 1024 });
      const status = response.statusCode;
      if (status >= 200 && status < 300) {
        // Query and fragment may hold a token: the receipt names the endpoint without them.
        return { remotePath: `${url.origin}${url.pathname}`, bytes: source.bytes() } satisfies AttemptResult;
      }
      throw statusFailure(status, response.headers['retry-after'], where);
    } catch (error) {
      if (error instanceof FeedDeliveryError) throw error;
      if (signal.aborted) throw timedOut(where);
      throw networkFailure(error, where) ?? otherFailure(where);
    } finally {
      source.stream.destroy();
      await agent.destroy();
    }
  };
}

function statusFailure(status: number, retryAfter: string | string[] | undefined, where: string) {
  const text = `${capitalized(where)} answered HTTP ${status}`;
  if (status === 408 || status === 429 || status >= 500) {
    const headers = new Headers(typeof retryAfter === 'string' ? { 'retry-after': retryAfter } : {});
    return new FeedDeliveryError('FEED_SERVER_UNAVAILABLE', `${text}. Try again later.`, {
      retryAfterSeconds: retryAfterSeconds(headers),
    });
  }
  if (status === 401 || status === 403) {
    return new FeedDeliveryError('FEED_AUTH_FAILED', `${text}; check the headers of the delivery.`);
  }
  if (status >= 300 && status < 400) {
    return new FeedDeliveryError('FEED_REJECTED', `${text} (a redirect); put the final URL into the app.`);
  }
  // Retrying the same file cannot change the receiver's mind.
  return new FeedDeliveryError('FEED_REJECTED', `${text}: the feed was refused.`);
}
