import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook from AWS must never reach: everything that is not a public unicast address
 * (IANA special-purpose registries). The ones that matter most are the instance metadata endpoints
 * (169.254.169.254, fd00:ec2::254) and whatever else lives inside the VPC.
 */
const ipv4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, metadata endpoint
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const ipv6: readonly (readonly [string, number])[] = [
  ['::', 96], // unspecified, loopback, IPv4-compatible (deprecated)
  ['64:ff9b::', 96], // NAT64: would carry an IPv4 target past the IPv4 rules
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments, Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 target
  ['fc00::', 7], // unique local (incl. the EC2 metadata endpoint fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const forbidden = new BlockList();
for (const [network, prefix] of ipv4) forbidden.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of ipv6) forbidden.addSubnet(network, prefix, 'ipv6');

/**
 * True for an IP address that is not public unicast. BlockList also applies the IPv4 rules to
 * IPv4-mapped IPv6 addresses (::ffff:127.0.0.1). Anything that is not an IP address is forbidden.
 */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return forbidden.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
