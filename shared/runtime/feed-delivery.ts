import * as z from 'zod';
import { createFeedDelivery } from '../adapters/feeds/delivery/delivery-dispatcher';
import type { FeedDelivery } from '../application/feeds/feed-delivery';
import { loadConfig } from './config';

/**
 * The feed delivery of this deployment (once per cold start). OUTBOUND_ALLOW_PRIVATE_TARGETS is
 * set only by the local stack, whose FTP and SFTP servers live on loopback; AWS refuses those (SSRF).
 */
export function feedDelivery(): FeedDelivery {
  const config = loadConfig({
    OUTBOUND_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false'),
  });
  return createFeedDelivery({ allowPrivateTargets: config.OUTBOUND_ALLOW_PRIVATE_TARGETS === 'true' });
}
