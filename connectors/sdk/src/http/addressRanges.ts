import { BlockList, isIP } from 'node:net';

/** What kind of destination an IP address is; only `public` is reachable by default. */
export type AddressClass = 'public' | 'loopback' | 'private' | 'linkLocal' | 'unspecified' | 'reserved';

type Range = readonly [network: string, prefix: number, family: 'ipv4' | 'ipv6'];

const ranges: Record<Exclude<AddressClass, 'public'>, readonly Range[]> = {
  unspecified: [
    ['0.0.0.0', 8, 'ipv4'],
    ['::', 128, 'ipv6'],
  ],
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  private: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['100.64.0.0', 10, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
    ['fec0::', 10, 'ipv6'],
  ],
  linkLocal: [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
  reserved: [
    ['192.0.0.0', 24, 'ipv4'],
    ['192.0.2.0', 24, 'ipv4'],
    ['198.18.0.0', 15, 'ipv4'],
    ['198.51.100.0', 24, 'ipv4'],
    ['203.0.113.0', 24, 'ipv4'],
    ['224.0.0.0', 4, 'ipv4'],
    ['240.0.0.0', 4, 'ipv4'],
    ['ff00::', 8, 'ipv6'],
    ['2001:db8::', 32, 'ipv6'],
    ['100::', 64, 'ipv6'],
  ],
};

const lists = Object.entries(ranges).map(([name, entries]) => {
  const list = new BlockList();
  for (const [network, prefix, family] of entries) list.addSubnet(network, prefix, family);
  return [name as AddressClass, list] as const;
});

function ipv6Groups(address: string): number[] {
  // The WHATWG URL parser canonicalises every IPv6 spelling (dotted tails, leading zeros, case).
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

const dotted = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * The IPv4 address hidden inside an IPv6 one (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`,
 * SIIT, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`), so it is judged as the IPv4 address it reaches.
 */
export function embeddedIPv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  if (g0 === 0x2002) return dotted(g1, g2);
  const zeroPrefix = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0;
  if (zeroPrefix && g4 === 0 && (g5 === 0xffff || (g5 === 0 && g6 !== 0))) return dotted(g6, g7);
  if (zeroPrefix && g4 === 0xffff && g5 === 0) return dotted(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return dotted(g6, g7);
  return undefined;
}

/**
 * Classifies an IP address literal. Anything unparseable (or with an IPv6 zone id) is `reserved`:
 * when unsure, refuse.
 *
 * @example
 * classifyAddress('169.254.169.254'); // 'linkLocal'
 */
export function classifyAddress(address: string): AddressClass {
  // Zone ids (`fe80::1%eth0`) only scope link-local addresses.
  if (address.includes('%')) return 'linkLocal';
  const family = isIP(address);
  if (family === 0) return 'reserved';
  if (family === 6) {
    const v4 = embeddedIPv4(address);
    if (v4 !== undefined) return classifyAddress(v4);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [name, list] of lists) if (list.check(address, type)) return name;
  return 'public';
}
