/**
 * `--delivery-deny-private`: webhook pushes may reach only public addresses.
 * The ranges are the IANA special-purpose registries' non-global blocks
 * (RFC 6890 and successors) that matter for a server-side request forgery:
 * loopback, private, link-local, CGNAT, unique-local, multicast, reserved.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

export type NonPublicKind =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'unique-local'
  | 'site-local'
  | 'multicast'
  | 'documentation'
  | 'benchmarking'
  | 'discard'
  | 'reserved'
  | 'not-an-address';

export interface NonPublicRange {
  kind: NonPublicKind;
  /** The block it falls in, e.g. `127.0.0.0/8`; empty for `not-an-address`. */
  cidr: string;
}

interface Block {
  cidr: string;
  kind: NonPublicKind;
  network: bigint;
  prefix: number;
}

function block(bits: 32 | 128, cidr: string, kind: NonPublicKind): Block {
  const [address, prefix] = cidr.split('/') as [string, string];
  return { cidr, kind, network: bits === 32 ? v4Bits(address) : v6Bits(address), prefix: Number(prefix) };
}

const V4_BLOCKS: readonly Block[] = (
  [
    ['0.0.0.0/8', 'unspecified'], // "this network", 0.0.0.0 included
    ['10.0.0.0/8', 'private'],
    ['100.64.0.0/10', 'shared'], // carrier-grade NAT, RFC 6598
    ['127.0.0.0/8', 'loopback'],
    ['169.254.0.0/16', 'link-local'], // cloud metadata services live here
    ['172.16.0.0/12', 'private'],
    ['192.0.0.0/24', 'reserved'], // IETF protocol assignments
    ['192.0.2.0/24', 'documentation'],
    ['192.88.99.0/24', 'reserved'], // deprecated 6to4 relay anycast
    ['192.168.0.0/16', 'private'],
    ['198.18.0.0/15', 'benchmarking'],
    ['198.51.100.0/24', 'documentation'],
    ['203.0.113.0/24', 'documentation'],
    ['224.0.0.0/4', 'multicast'],
    ['240.0.0.0/4', 'reserved'], // 255.255.255.255 included
  ] as const
).map(([cidr, kind]) => block(32, cidr, kind));

const V6_BLOCKS: readonly Block[] = (
  [
    ['::/128', 'unspecified'],
    ['::1/128', 'loopback'],
    // The rest of ::/8 (IPv4-compatible, SIIT, …) holds nothing global; the
    // IPv4-mapped ::ffff:0:0/96 is judged by its IPv4 address before this.
    ['::/8', 'reserved'],
    ['64:ff9b:1::/48', 'private'], // local-use NAT64, RFC 8215
    ['100::/64', 'discard'],
    ['2001:2::/48', 'benchmarking'],
    ['2001:db8::/32', 'documentation'],
    ['3fff::/20', 'documentation'], // RFC 9637
    ['fc00::/7', 'unique-local'],
    ['fe80::/10', 'link-local'],
    ['fec0::/10', 'site-local'], // deprecated, still routed by some stacks
    ['ff00::/8', 'multicast'],
  ] as const
).map(([cidr, kind]) => block(128, cidr, kind));

/** IPv6 blocks whose addresses carry an IPv4 address, judged by that address. */
const V6_EMBEDDING: readonly { block: Block; shift: bigint }[] = [
  { block: block(128, '::ffff:0:0/96', 'reserved'), shift: 0n }, // IPv4-mapped
  { block: block(128, '64:ff9b::/96', 'reserved'), shift: 0n }, // NAT64 well-known prefix
  { block: block(128, '2002::/16', 'reserved'), shift: 80n }, // 6to4: 2002:AABB:CCDD::
];

function v4Bits(address: string): bigint {
  return address.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

/** 128 bits of a valid IPv6 address (net.isIP has checked it), `::` and a dotted tail included. */
function v6Bits(address: string): bigint {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const text = dotted ? `${address.slice(0, dotted.index)}${(v4Bits(dotted[0]) >> 16n).toString(16)}:${(v4Bits(dotted[0]) & 0xffffn).toString(16)}` : address;
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const all = tail === undefined ? groups(head) : [...groups(head), ...Array<string>(8 - groups(head).length - groups(tail).length).fill('0'), ...groups(tail)];
  return all.reduce((n, group) => (n << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function within(bits: bigint, width: 32 | 128, b: Block): boolean {
  const shift = BigInt(width - b.prefix);
  return bits >> shift === b.network >> shift;
}

function v4Range(bits: bigint): NonPublicRange | null {
  const hit = V4_BLOCKS.find((b) => within(bits, 32, b));
  return hit ? { kind: hit.kind, cidr: hit.cidr } : null;
}

function v6Range(bits: bigint): NonPublicRange | null {
  const embedding = V6_EMBEDDING.find((e) => within(bits, 128, e.block));
  if (embedding) return v4Range((bits >> embedding.shift) & 0xffffffffn);
  const hit = V6_BLOCKS.find((b) => within(bits, 128, b));
  return hit ? { kind: hit.kind, cidr: hit.cidr } : null;
}

/**
 * The non-public block an IP address falls in, or null when it is public.
 * Accepts IPv4, IPv6 (brackets and a `%zone` are ignored); anything else is
 * `not-an-address`, so a caller that asks about a hostname fails closed.
 */
export function nonPublicRange(address: string): NonPublicRange | null {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  switch (isIP(bare)) {
    case 4:
      return v4Range(v4Bits(bare));
    case 6:
      return v6Range(v6Bits(bare.toLowerCase()));
    default:
      return { kind: 'not-an-address', cidr: '' };
  }
}

/** "a loopback address (127.0.0.0/8)", for an attempt's error line. */
export function describeRange(range: NonPublicRange): string {
  if (range.kind === 'not-an-address') return 'not an IP address';
  return `${range.kind === 'unspecified' ? 'an' : 'a'} ${range.kind} address (${range.cidr})`;
}

export type Resolver = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for net.connect that resolves every address of the host and
 * refuses the connection when any of them is not public; the socket then
 * connects to an address that was checked, so a second resolution (DNS
 * rebinding) cannot slip a private one in. IP literals never reach a lookup:
 * the caller checks those with `nonPublicRange`.
 */
export function publicOnlyLookup(resolve: Resolver = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { family: options.family, hints: options.hints, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      for (const { address } of addresses) {
        const range = nonPublicRange(address);
        if (range) {
          const refusal: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${address}, ${describeRange(range)}; private addresses are refused`);
          refusal.code = 'ENONPUBLIC';
          return callback(refusal, '');
        }
      }
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      if (options.all) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}
