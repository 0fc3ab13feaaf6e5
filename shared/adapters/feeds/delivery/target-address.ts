import { isIP } from 'node:net';
import { FeedDeliveryError } from '../../../application/feeds/feed-delivery';
import { isForbiddenAddress } from '../../connectors/webhook/forbidden-addresses';
import type { ResolveHost } from '../../connectors/webhook/target-guard';

export interface AddressPolicy {
  /** false in AWS: only public unicast addresses (the webhook's SSRF rules, forbidden-addresses.ts). */
  readonly allowPrivateTargets: boolean;
  readonly resolve: ResolveHost;
}

/**
 * The SSRF guard for feed targets, the same rules as for webhooks: the host is resolved once, every
 * address is checked (one forbidden answer refuses the host), and the connection then goes to these
 * addresses only, so a DNS answer that changes in between (rebinding) is never used.
 */
export async function checkedAddresses(
  host: string,
  policy: AddressPolicy,
  where: string,
): Promise<readonly string[]> {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  let addresses: readonly string[];
  if (isIP(bare)) {
    addresses = [bare];
  } else {
    try {
      addresses = await policy.resolve(bare);
    } catch (error) {
      const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
      // NXDOMAIN is an answer (a typo in the settings); anything else of the resolver may pass.
      if (code !== 'ENOTFOUND' && code !== 'ENODATA') {
        throw new FeedDeliveryError('FEED_UNREACHABLE', `The host of ${where} could not be resolved.`);
      }
      addresses = [];
    }
  }
  if (addresses.length === 0) {
    throw new FeedDeliveryError(
      'FEED_HOST_UNKNOWN',
      `The host of ${where} does not exist; check the settings.`,
    );
  }
  if (!policy.allowPrivateTargets && addresses.some(isForbiddenAddress)) {
    // The addresses stay out of the message: our resolver's answers must not map our network.
    throw new FeedDeliveryError(
      'FEED_TARGET_FORBIDDEN',
      `The host of ${where} is or resolves to a private, loopback, link-local or reserved address; use a public one.`,
    );
  }
  return addresses;
}

export { pinnedLookup } from '../../connectors/webhook/pinned-lookup';
