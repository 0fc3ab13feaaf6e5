import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretSealer } from '../../application/secret-sealer';

const PREFIX = 'aes256gcm.v1';

/**
 * AES-256-GCM with a fresh 96-bit IV per value: `aes256gcm.v1.<iv>.<tag>.<ciphertext>` (base64url).
 * The tag authenticates the value, so a tampered or foreign value fails to open instead of
 * decrypting to garbage.
 */
export class AesGcmSealer implements SecretSealer {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the dealer secrets key must be 32 bytes');
  }

  async seal(plain: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [PREFIX, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  async open(sealed: string): Promise<string> {
    const parts = sealed.split('.');
    if (parts.length !== 5 || `${parts[0]}.${parts[1]}` !== PREFIX) throw new Error('not a sealed secret');
    const [iv, tag, ciphertext] = parts.slice(2).map((part) => Buffer.from(part, 'base64url')) as [
      Buffer,
      Buffer,
      Buffer,
    ];
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  }
}
