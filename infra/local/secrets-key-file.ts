import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The local stand-in for the KMS data key that seals dealer secrets: 32 random bytes (base64) in
 * `DATA_DIR/dealer-secrets.key`, made once and kept, so secrets stored before a restart still
 * open after it. Without a data dir (tests), a throwaway file.
 */
export function ensureSecretsKeyFile(dataDir: string | undefined): string {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'vehicle-export-key-'));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'dealer-secrets.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  return file;
}
