import { transformSecrets } from '../domain/secrets';

/** Encrypts dealer secrets for storage and decrypts them for use. */
export interface SecretSealer {
  seal(plain: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

/** The value with every secret at `paths` encrypted (what is stored). */
export function sealSecrets<T>(value: T, paths: readonly string[], sealer: SecretSealer): Promise<T> {
  return transformSecrets(value, paths, (secret) => sealer.seal(secret));
}

/** The value with every secret at `paths` decrypted (what a connector or delivery uses). */
export function openSecrets<T>(value: T, paths: readonly string[], sealer: SecretSealer): Promise<T> {
  return transformSecrets(value, paths, (secret) => sealer.open(secret));
}
