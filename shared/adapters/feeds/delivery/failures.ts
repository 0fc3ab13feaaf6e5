import { FeedDeliveryError } from '../../../application/feeds/feed-delivery';

/** The first string `code` of an error or its cause (ECONNREFUSED, UND_ERR_SOCKET, ...). */
export function errorCodeOf(error: unknown): string | undefined {
  const codeOf = (value: unknown) =>
    value && typeof value === 'object' && 'code' in value && typeof value.code === 'string'
      ? value.code
      : undefined;
  return codeOf(error) ?? (error instanceof Error ? codeOf(error.cause) : undefined);
}

const unreachable = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const timeouts = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const tlsFailure = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

/** Socket-level failures every protocol shares; undefined when the error is not one of them. */
export function networkFailure(error: unknown, where: string): FeedDeliveryError | undefined {
  const code = errorCodeOf(error);
  if (code === undefined) return undefined;
  if (unreachable.has(code)) {
    return new FeedDeliveryError('FEED_UNREACHABLE', `${capitalized(where)} could not be reached (${code}).`);
  }
  if (timeouts.has(code)) return timedOut(where);
  if (code === 'ENOTFOUND') {
    return new FeedDeliveryError(
      'FEED_HOST_UNKNOWN',
      `The host of ${where} does not exist; check the settings.`,
    );
  }
  if (tlsFailure.test(code)) {
    return new FeedDeliveryError(
      'FEED_TLS_FAILED',
      `The certificate of ${where} could not be verified (${code}); the server needs a valid certificate for its host name.`,
    );
  }
  return undefined;
}

export function timedOut(where: string): FeedDeliveryError {
  return new FeedDeliveryError('FEED_TIMEOUT', `${capitalized(where)} did not answer in time.`);
}

/** Anything unrecognised: a fixed text, since a raw message might carry what it should not. */
export function otherFailure(where: string): FeedDeliveryError {
  return new FeedDeliveryError('FEED_FAILED', `The feed could not be delivered to ${where}.`);
}

/**
 * A server's reply text for a message: one line, short, and with every secret of the target
 * masked, in case a server echoes what it was sent.
 */
export function replyText(text: string, secrets: readonly string[]): string {
  let line = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  for (const secret of secrets) {
    if (secret.length > 0) line = line.split(secret).join('********');
  }
  return line;
}

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
