import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AesGcmSealer } from '../../shared/adapters/crypto/aes-gcm-sealer';
import { openSecrets, sealSecrets } from '../../shared/application/secret-sealer';
import { ValidationError } from '../../shared/domain/errors';
import { SECRET_MASK, keepStoredSecrets, maskSecrets } from '../../shared/domain/secrets';

const paths = ['delivery.password', 'webhook.secret'];
const settings = { customerNumber: '123', delivery: { host: 'ftp.example', password: 'hunter2' } };

describe('dealer secrets', () => {
  it('masks present secrets and leaves the rest alone', () => {
    expect(maskSecrets(settings, paths)).toEqual({
      customerNumber: '123',
      delivery: { host: 'ftp.example', password: SECRET_MASK },
    });
    expect(settings.delivery.password).toBe('hunter2');
  });

  it('keeps the stored secret when the mask comes back, takes a new one otherwise', () => {
    const masked = { ...settings, delivery: { host: 'ftp2.example', password: SECRET_MASK } };
    expect(keepStoredSecrets(masked, settings, paths).delivery).toEqual({
      host: 'ftp2.example',
      password: 'hunter2',
    });
    const changed = { ...settings, delivery: { host: 'ftp.example', password: 'new-one' } };
    expect(keepStoredSecrets(changed, settings, paths).delivery.password).toBe('new-one');
  });

  it('refuses a mask with no secret stored behind it', () => {
    const masked = { delivery: { password: SECRET_MASK } };
    expect(() => keepStoredSecrets(masked, undefined, paths)).toThrow(ValidationError);
  });

  it('seals with AES-256-GCM so that only the same key opens, and any value round-trips', async () => {
    const sealer = new AesGcmSealer(randomBytes(32));
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (secret) => {
        const sealed = await sealer.seal(secret);
        expect(sealed).not.toContain(secret.length > 3 ? secret : '\u0000never');
        expect(await sealer.open(sealed)).toBe(secret);
      }),
      { numRuns: 300 },
    );
    const sealed = await sealer.seal('hunter2');
    expect(await sealer.seal('hunter2')).not.toBe(sealed); // a fresh IV each time
    await expect(new AesGcmSealer(randomBytes(32)).open(sealed)).rejects.toThrow();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    await expect(sealer.open(tampered)).rejects.toThrow();
  });

  it('seals and opens every secret path of a settings document', async () => {
    const sealer = new AesGcmSealer(randomBytes(32));
    const stored = await sealSecrets(settings, paths, sealer);
    expect(stored.delivery.password).toMatch(/^aes256gcm\.v1\./);
    expect(stored.customerNumber).toBe('123');
    expect(await openSecrets(stored, paths, sealer)).toEqual(settings);
  });
});
