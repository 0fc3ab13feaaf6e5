import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from '../../shared/adapters/connectors/platform-http';
import { PlatformProviderAccess } from '../../shared/adapters/connectors/provider-access';

describe('Retry-After', () => {
  const now = new Date('2026-11-27T09:00:00.000Z');
  it.each([
    ['120', 120],
    ['0', 0],
    ['Fri, 27 Nov 2026 09:00:30 GMT', 30],
    ['Fri, 27 Nov 2026 08:00:00 GMT', 0],
    ['soon', undefined],
    [null, undefined],
  ])('%s → %s s', (value, expected) => {
    const headers = new Headers(value === null ? {} : { 'retry-after': value });
    expect(retryAfterSeconds(headers, now)).toBe(expected);
  });
});

describe('PlatformProviderAccess', () => {
  it('asks the connector of the platform, and only that one', async () => {
    const asked: string[] = [];
    const access = new PlatformProviderAccess({
      'mobile.de': { verifyAccess: async (id) => (asked.push(`md:${id}`), 'linked') },
      AutoScout24: { verifyAccess: async (id) => (asked.push(`as:${id}`), 'missing') },
    });
    expect(await access.verifyAccess('AutoScout24', '2000001')).toBe('missing');
    expect(await access.verifyAccess('mobile.de', '1000001')).toBe('linked');
    expect(asked).toEqual(['as:2000001', 'md:1000001']);
  });
});
