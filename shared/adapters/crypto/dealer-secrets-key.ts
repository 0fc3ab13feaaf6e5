import { readFileSync } from 'node:fs';
import { DecryptCommand, GenerateDataKeyWithoutPlaintextCommand, type KMSClient } from '@aws-sdk/client-kms';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/**
 * Where the 32-byte key that seals dealer secrets comes from.
 *
 * In AWS: a KMS data key (envelope encryption). Its encrypted form is kept in the Exports table
 * (pk `SYSTEM`, sk `DEALER_SECRETS_DATA_KEY`), created once by whichever function needs it first
 * (a conditional put: concurrent cold starts agree on one key), and decrypted by KMS at cold start.
 * The plaintext key lives only in the function's memory.
 *
 * Locally: a key file under DATA_DIR, made by the local stack on first start.
 */
const dataKeyItem = { pk: 'SYSTEM', sk: 'DEALER_SECRETS_DATA_KEY' };

export async function loadKmsDataKey(options: {
  kms: KMSClient;
  documents: DynamoDBDocumentClient;
  tableName: string;
  keyId: string;
}): Promise<Buffer> {
  const { kms, documents, tableName, keyId } = options;
  const read = async () =>
    (await documents.send(new GetCommand({ TableName: tableName, Key: dataKeyItem, ConsistentRead: true })))
      .Item as { ciphertext: string } | undefined;

  let stored = await read();
  if (!stored) {
    const { CiphertextBlob } = await kms.send(
      new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, KeySpec: 'AES_256' }),
    );
    if (!CiphertextBlob) throw new Error('KMS returned no data key');
    try {
      const item = { ...dataKeyItem, ciphertext: Buffer.from(CiphertextBlob).toString('base64') };
      await documents.send(
        new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      stored = item;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      stored = await read();
    }
  }
  if (!stored) throw new Error('the dealer secrets data key could not be stored');
  const { Plaintext } = await kms.send(
    new DecryptCommand({ CiphertextBlob: Buffer.from(stored.ciphertext, 'base64'), KeyId: keyId }),
  );
  if (!Plaintext || Plaintext.length !== 32) throw new Error('KMS returned no 32-byte data key');
  return Buffer.from(Plaintext);
}

/** A key file holds the key as base64 (44 characters). */
export function readKeyFile(path: string): Buffer {
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${path} does not hold a base64 32-byte key`);
  return key;
}
