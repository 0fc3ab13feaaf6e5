import { describe, expect, it } from 'vitest';
import { ListingRejectedError, PlatformUnavailableError } from '../../shared/domain/errors';
import { isForbiddenAddress } from '../../shared/adapters/connectors/webhook/forbidden-addresses';
import { checkWebhookTarget, type ResolveHost } from '../../shared/adapters/connectors/webhook/target-guard';

describe('isForbiddenAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback /8'],
    ['10.1.2.3', 'private 10/8'],
    ['172.16.0.1', 'private 172.16/12, low end'],
    ['172.31.255.254', 'private 172.16/12, high end'],
    ['192.168.1.1', 'private 192.168/16'],
    ['169.254.169.254', 'metadata endpoint'],
    ['169.254.0.1', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.255', 'CGNAT, high end'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['198.18.0.1', 'benchmarking'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fd00:ec2::254', 'EC2 IPv6 metadata (ULA)'],
    ['fc00::1', 'ULA'],
    ['fe80::1', 'IPv6 link-local'],
    ['ff02::1', 'IPv6 multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata, hex form'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of the metadata endpoint'],
    ['2002:7f00:1::', '6to4 of loopback'],
    ['not-an-ip', 'not an address'],
  ])('%s is forbidden (%s)', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    ['93.184.215.14'],
    ['8.8.8.8'],
    ['172.15.255.255'],
    ['172.32.0.1'],
    ['100.63.255.255'],
    ['100.128.0.0'],
    ['2606:4700::6810:84e5'],
    ['::ffff:8.8.8.8'],
  ])('%s is public', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });
});

/** A resolver with fixed answers; names it does not know do not exist. */
function resolver(answers: Record<string, readonly string[]>): ResolveHost & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (host: string) => {
    asked.push(host);
    const found = answers[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found;
  };
  return Object.assign(resolve, { asked });
}

const dns = resolver({
  'hooks.dealer.example': ['93.184.215.14', '2606:4700::6810:84e5'],
  'rebind.dealer.example': ['93.184.215.14', '10.0.0.5'],
  'metadata.dealer.example': ['169.254.169.254'],
  'v6.dealer.example': ['2606:4700::6810:84e5', 'fd00:ec2::254'],
  localhost: ['127.0.0.1', '::1'],
  'empty.dealer.example': [],
});

async function refusal(url: string, allowPrivateTargets = false): Promise<ListingRejectedError> {
  const error = await checkWebhookTarget(url, { allowPrivateTargets, resolve: dns }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ListingRejectedError);
  return error as ListingRejectedError;
}

describe('checkWebhookTarget in AWS (private targets not allowed)', () => {
  it('passes a public https host with every address it resolves to, for the connection to use', async () => {
    const checked = await checkWebhookTarget('https://hooks.dealer.example/vehicles?x=1', {
      allowPrivateTargets: false,
      resolve: dns,
    });
    expect(checked.url.href).toBe('https://hooks.dealer.example/vehicles?x=1');
    expect(checked.addresses).toEqual(['93.184.215.14', '2606:4700::6810:84e5']);
  });

  it.each([
    ['https://127.0.0.1/hook', 'IPv4 loopback literal'],
    ['https://[::1]/hook', 'IPv6 loopback literal'],
    ['https://[::ffff:127.0.0.1]/hook', 'IPv4-mapped literal'],
    ['https://169.254.169.254/latest/meta-data/', 'metadata endpoint'],
    ['https://[fd00:ec2::254]/', 'IPv6 metadata endpoint'],
    ['https://0x7f.1/hook', 'hex IPv4 (the URL parser normalises it to 127.0.0.1)'],
    ['https://2130706433/hook', 'decimal IPv4'],
    ['https://10.0.0.1:8443/hook', 'private with a port'],
    ['https://metadata.dealer.example/', 'a name that resolves to the metadata endpoint'],
    ['https://rebind.dealer.example/', 'mixed public and private answers'],
    ['https://v6.dealer.example/', 'mixed public and ULA IPv6 answers'],
    ['https://localhost/', 'localhost'],
  ])('refuses %s (%s)', async (url) => {
    const error = await refusal(url);
    expect(error.messages).toEqual([
      expect.objectContaining({ severity: 'error', code: 'WEBHOOK_TARGET_FORBIDDEN' }),
    ]);
  });

  it('keeps the resolved addresses out of the text: they would map our DNS for the caller', async () => {
    const error = await refusal('https://rebind.dealer.example/');
    expect(error.messages[0]!.text).toContain('rebind.dealer.example');
    expect(error.messages[0]!.text).not.toContain('10.0.0.5');
  });

  it.each([['http://hooks.dealer.example/'], ['http://127.0.0.1:8080/'], ['ftp://hooks.dealer.example/']])(
    'refuses %s: https only',
    async (url) => {
      const error = await refusal(url);
      expect(error.messages[0]).toMatchObject({
        code: 'WEBHOOK_TARGET_FORBIDDEN',
        text: expect.stringContaining('https') as string,
      });
    },
  );

  it('does not even resolve a host whose scheme is refused', async () => {
    dns.asked.length = 0;
    await refusal('http://hooks.dealer.example/');
    expect(dns.asked).toEqual([]);
  });
});

describe('checkWebhookTarget locally (private targets allowed)', () => {
  it.each([
    ['http://127.0.0.1:4000/hook'],
    ['http://localhost:4000/hook'],
    ['https://rebind.dealer.example/'],
  ])('allows %s', async (url) => {
    const checked = await checkWebhookTarget(url, { allowPrivateTargets: true, resolve: dns });
    expect(checked.addresses.length).toBeGreaterThan(0);
  });

  it('still refuses other schemes', async () => {
    await refusal('ftp://127.0.0.1/', true);
  });
});

describe('checkWebhookTarget: hosts that do not resolve', () => {
  it.each([['https://nowhere.dealer.example/'], ['https://empty.dealer.example/']])(
    '%s is rejected as unknown (a typo does not get better by retrying)',
    async (url) => {
      const error = await refusal(url);
      expect(error.messages[0]).toMatchObject({ code: 'WEBHOOK_HOST_UNKNOWN' });
    },
  );

  it('a failing resolver is passing: retried', async () => {
    const flaky: ResolveHost = async () => {
      throw Object.assign(new Error('queryA EAI_AGAIN'), { code: 'EAI_AGAIN' });
    };
    await expect(
      checkWebhookTarget('https://hooks.dealer.example/', { allowPrivateTargets: false, resolve: flaky }),
    ).rejects.toBeInstanceOf(PlatformUnavailableError);
  });
});
