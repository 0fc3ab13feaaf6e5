import { randomBytes } from 'node:crypto';

/**
 * Sortable unique ids: `prefix_` + 10 chars of time + 16 of randomness (Crockford base32, like
 * ULID), so ids made later sort later and carry their kind.
 */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newId(prefix: string, now: Date = new Date()): string {
  let time = now.getTime();
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = alphabet[time % 32]! + timePart;
    time = Math.floor(time / 32);
  }
  const random = [...randomBytes(16)].map((byte) => alphabet[byte % 32]).join('');
  return `${prefix}_${timePart}${random}`;
}
