import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ListingRejectedError, PlatformUnavailableError } from '../../../domain/errors';
import { isForbiddenAddress } from './forbidden-addresses';

/** All addresses of a host name (every A and AAAA answer, not just the first). */
export type ResolveHost = (hostname: string) => Promise<readonly string[]>;

export const resolveWithDns: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export interface TargetPolicy {
  /** false in AWS: https only, and no address that is not public (forbidden-addresses.ts). */
  readonly allowPrivateTargets: boolean;
  readonly resolve: ResolveHost;
}

/** A URL that may be called, with the addresses the connection must use (and only those). */
export interface CheckedTarget {
  readonly url: URL;
  readonly addresses: readonly string[];
}

/**
 * The SSRF guard. Resolves the host once and checks EVERY address: one private answer among
 * public ones is enough to refuse, since the connection could pick it. The caller connects to
 * exactly these addresses (transport.ts pins them), so a DNS answer that changes between this
 * check and the connection (rebinding) is never used.
 */
export async function checkWebhookTarget(rawUrl: string, policy: TargetPolicy): Promise<CheckedTarget> {
  const url = new URL(rawUrl);
  const allowedProtocols = policy.allowPrivateTargets ? ['https:', 'http:'] : ['https:'];
  if (!allowedProtocols.includes(url.protocol)) {
    throw forbidden(`The webhook URL must use https (${url.protocol.slice(0, -1)} is not allowed).`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = isIP(host) ? [host] : await resolveHost(host, policy.resolve);
  if (!policy.allowPrivateTargets && addresses.some(isForbiddenAddress)) {
    // The address itself is left out: the answer of our resolver must not map the inside of our network.
    throw forbidden(
      `The webhook host ${host} is or resolves to a private, loopback, link-local or reserved address; use a public address.`,
    );
  }
  return { url, addresses };
}

async function resolveHost(host: string, resolve: ResolveHost): Promise<readonly string[]> {
  let addresses: readonly string[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
    // NXDOMAIN is an answer (a typo in the URL); anything else may pass.
    if (code !== 'ENOTFOUND' && code !== 'ENODATA') {
      throw new PlatformUnavailableError(`The webhook host ${host} could not be resolved. Try again later.`);
    }
    addresses = [];
  }
  if (addresses.length === 0) {
    throw new ListingRejectedError(`The webhook host ${host} does not exist.`, [
      {
        severity: 'error',
        code: 'WEBHOOK_HOST_UNKNOWN',
        text: `The host ${host} has no address; check the URL.`,
      },
    ]);
  }
  return addresses;
}

function forbidden(text: string): ListingRejectedError {
  return new ListingRejectedError(text, [{ severity: 'error', code: 'WEBHOOK_TARGET_FORBIDDEN', text }]);
}
