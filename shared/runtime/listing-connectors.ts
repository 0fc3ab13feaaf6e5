import * as z from 'zod';
import { createAutoScout24ListingConnector } from '../adapters/connectors/autoscout24/listing-connector';
import { createMobileDeListingConnector } from '../adapters/connectors/mobile-de/listing-connector';
import { createWebhookListingConnector } from '../adapters/connectors/webhook/webhook-connector';
import type { Connectors } from '../application/delta/resolve-target';
import { loadConfig } from './config';
import { platformCredentials } from './platform-credentials';

/**
 * Every listing connector of this deployment, for composition roots (once per cold start).
 * OUTBOUND_ALLOW_PRIVATE_TARGETS is set only by the local stack: in AWS, webhooks and image
 * downloads to loopback, private and link-local addresses are refused (SSRF).
 */
export async function createListingConnectors(): Promise<Connectors> {
  const config = loadConfig({
    OUTBOUND_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false'),
  });
  const allowPrivate = config.OUTBOUND_ALLOW_PRIVATE_TARGETS === 'true';
  const credentials = await platformCredentials();
  return {
    platforms: {
      'mobile.de': createMobileDeListingConnector(credentials.mobileDe, {
        allowPrivateImageHosts: allowPrivate,
      }),
      AutoScout24: createAutoScout24ListingConnector(credentials.autoScout24),
    },
    webhook: createWebhookListingConnector({
      allowPrivateTargets: allowPrivate,
    }),
  };
}
