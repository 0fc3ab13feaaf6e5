import { KMSClient } from '@aws-sdk/client-kms';
import * as z from 'zod';
import type { SecretSealer } from '../application/secret-sealer';
import { AesGcmSealer } from '../adapters/crypto/aes-gcm-sealer';
import { loadKmsDataKey, readKeyFile } from '../adapters/crypto/dealer-secrets-key';
import { dynamoDocumentClient, tracedClient } from './aws-clients';
import { loadConfig } from './config';

/**
 * The sealer for dealer secrets, for composition roots: `await createDealerSecretSealer()` at
 * module scope (cold start). Exactly one key source must be configured: a KMS key (AWS) or a
 * key file (local stack).
 */
let sealer: Promise<SecretSealer> | undefined;

export function createDealerSecretSealer(): Promise<SecretSealer> {
  sealer ??= load();
  return sealer;
}

async function load(): Promise<SecretSealer> {
  const config = loadConfig({
    DEALER_SECRETS_KMS_KEY_ID: z.string().min(1).optional(),
    DEALER_SECRETS_KEY_FILE: z.string().min(1).optional(),
    EXPORTS_TABLE_NAME: z.string().min(1).optional(),
  });
  if (config.DEALER_SECRETS_KMS_KEY_ID) {
    if (!config.EXPORTS_TABLE_NAME) throw new Error('DEALER_SECRETS_KMS_KEY_ID needs EXPORTS_TABLE_NAME');
    const key = await loadKmsDataKey({
      kms: tracedClient(new KMSClient({})),
      documents: dynamoDocumentClient(),
      tableName: config.EXPORTS_TABLE_NAME,
      keyId: config.DEALER_SECRETS_KMS_KEY_ID,
    });
    return new AesGcmSealer(key);
  }
  if (config.DEALER_SECRETS_KEY_FILE) return new AesGcmSealer(readKeyFile(config.DEALER_SECRETS_KEY_FILE));
  throw new Error(
    'invalid configuration: set DEALER_SECRETS_KMS_KEY_ID (AWS) or DEALER_SECRETS_KEY_FILE (local)',
  );
}
