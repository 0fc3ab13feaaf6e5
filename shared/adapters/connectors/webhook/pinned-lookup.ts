import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';

/**
 * A `lookup` for sockets that answers with the addresses the SSRF guard checked instead of asking
 * DNS again, so a second answer (DNS rebinding) can never reach a forbidden address.
 */
export function pinnedLookup(addresses: readonly string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }));
  return (_hostname, options, callback) => {
    const usable = entries.filter((entry) => !options.family || entry.family === options.family);
    const first = usable[0];
    if (!first) {
      callback(Object.assign(new Error('no checked address of that family'), { code: 'ENOTFOUND' }), '');
    } else if (options.all) {
      callback(null, usable);
    } else {
      callback(null, first.address, first.family);
    }
  };
}
