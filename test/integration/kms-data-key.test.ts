import { randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyWithoutPlaintextCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../infra/topology';
import { loadKmsDataKey } from '../../shared/adapters/crypto/dealer-secrets-key';
import { startTestDynamo, type TestDynamo } from '../support/local-services';

/**
 * KMS cannot run locally, so it is mocked (a fake envelope: the "ciphertext" names a plaintext);
 * the stored data key item goes through the real DynamoDB Local.
 */
describe('KMS data key for dealer secrets', () => {
  let dynamo: TestDynamo;
  beforeAll(async () => {
    dynamo = await startTestDynamo();
  });
  afterAll(async () => {
    await dynamo?.server.stop();
  });

  function fakeKms() {
    const keys = new Map<string, Buffer>();
    const kms = mockClient(KMSClient);
    kms.on(GenerateDataKeyWithoutPlaintextCommand).callsFake(() => {
      const id = randomBytes(8).toString('hex');
      keys.set(id, randomBytes(32));
      return { CiphertextBlob: Buffer.from(`wrapped:${id}`) };
    });
    kms.on(DecryptCommand).callsFake((input: { CiphertextBlob: Uint8Array }) => {
      const id = Buffer.from(input.CiphertextBlob).toString().replace('wrapped:', '');
      return { Plaintext: keys.get(id) };
    });
    return kms;
  }

  it('creates the data key once; every cold start after that, concurrent ones too, gets the same key', async () => {
    const kms = fakeKms();
    const options = {
      kms: new KMSClient({}),
      documents: dynamo.documents,
      tableName: tables.exports.name,
      keyId: 'key-1',
    };

    const concurrent = await Promise.all([
      loadKmsDataKey(options),
      loadKmsDataKey(options),
      loadKmsDataKey(options),
    ]);
    const later = await loadKmsDataKey(options);

    expect(concurrent[0]).toHaveLength(32);
    for (const key of [...concurrent, later]) expect(key.equals(concurrent[0])).toBe(true);
    kms.restore();
  });
});
