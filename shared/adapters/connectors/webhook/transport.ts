import { Agent, request } from 'undici';
import { PlatformUnavailableError } from '../../../domain/errors';
import { pinnedLookup } from './pinned-lookup';
import type { CheckedTarget } from './target-guard';

export interface WebhookAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The body as text, cut at MAX_ANSWER_BYTES: only a message is read from it. */
  readonly text: string;
}

const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * One POST to a checked target, connected only to its checked addresses: the agent's lookup
 * answers with them instead of asking DNS again. TLS still verifies the certificate for the host
 * name (SNI and Host come from the URL). Redirects are not followed: undici's request does not, and
 * a hop would skip the guard. One agent per call, closed after it: calls are rare and the pin is
 * per target.
 */
export async function postPinned(
  target: CheckedTarget,
  headers: Readonly<Record<string, string>>,
  body: string,
  timeoutMs: number,
): Promise<WebhookAnswer> {
  const agent = new Agent({ connect: { lookup: pinnedLookup(target.addresses) } });
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await request(target.url, { method: 'POST', headers, body, dispatcher: agent, signal });
    const text = await readBounded(response.body);
    return { status: response.statusCode, headers: toHeaders(response.headers), text };
  } catch (error) {
    const host = target.url.host;
    if (signal.aborted) {
      throw new PlatformUnavailableError(
        `The webhook receiver at ${host} did not answer within ${timeoutMs / 1000} s. Try again later.`,
      );
    }
    const reason = error instanceof Error ? ` (${errorCode(error)})` : '';
    throw new PlatformUnavailableError(`The webhook receiver at ${host} could not be reached${reason}.`);
  } finally {
    await agent.destroy();
  }
}

async function readBounded(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_ANSWER_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      headers.append(name, item);
    }
  }
  return headers;
}

/** A short technical reason (ECONNREFUSED, UND_ERR_SOCKET), never a stack or an address dump. */
function errorCode(error: Error): string {
  const withCode = (value: unknown) =>
    value && typeof value === 'object' && 'code' in value && typeof value.code === 'string'
      ? value.code
      : undefined;
  return withCode(error) ?? withCode(error.cause) ?? error.name;
}
