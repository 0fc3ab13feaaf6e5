import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { isPassingImageStatus } from '../../../domain/image-problems';

export interface ImageDownloadOptions {
  /** Per image, body included. */
  readonly timeoutMs: number;
  /** §1.7: mobile.de takes JPEGs of at most 2 MB. */
  readonly maxBytes: number;
  /** Loopback and private addresses are refused (the URL is the dealer's: SSRF) unless set (local stack, tests). */
  readonly allowPrivateHosts: boolean;
  readonly fetch: typeof fetch;
}

/** Why an image was not taken: a note for the dealer, and whether a later try may succeed. */
export interface ImageProblem {
  readonly problem: string;
  readonly passing?: boolean;
}

const MAX_REDIRECTS = 3;

/** Downloads one image from the dealer's URL: http(s) only, JPEG only, within size and time. */
export async function downloadJpeg(
  url: string,
  options: ImageDownloadOptions,
): Promise<Uint8Array | ImageProblem> {
  let current = url;
  try {
    const signal = AbortSignal.timeout(options.timeoutMs);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const target = new URL(current);
      if (target.protocol !== 'http:' && target.protocol !== 'https:')
        return { problem: 'only http(s) URLs are loaded' };
      if (!options.allowPrivateHosts && (await isPrivateHost(target.hostname)))
        return { problem: 'the host is not public' };
      // Redirects are followed by hand so that every hop passes the host check.
      const response = await options.fetch(target, { redirect: 'manual', signal });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        current = new URL(location, target).toString();
        continue;
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        return {
          problem: `the image server answered HTTP ${response.status}`,
          passing: isPassingImageStatus(response.status),
        };
      }
      if (Number(response.headers.get('content-length') ?? 0) > options.maxBytes) {
        await response.body?.cancel();
        return { problem: 'larger than 2 MB' };
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.length > options.maxBytes) return { problem: 'larger than 2 MB' };
      if (!(bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff))
        return { problem: 'not a JPEG image' };
      return bytes;
    }
    return { problem: 'too many redirects' };
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
      return { problem: `no answer within ${options.timeoutMs / 1000} s`, passing: true };
    return { problem: 'the image could not be loaded', passing: true };
  }
}

const privateRanges = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  privateRanges.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['::ffff:0:0', 96],
] as const) {
  privateRanges.addSubnet(network, prefix, 'ipv6');
}

/** True when the host is or resolves to a loopback, private or link-local address. */
async function isPrivateHost(hostname: string): Promise<boolean> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  return addresses.some(({ address, family }) =>
    privateRanges.check(address, family === 6 ? 'ipv6' : 'ipv4'),
  );
}
