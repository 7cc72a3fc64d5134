/** Address ranges for IW_TRUSTED_PROXIES: parse "10.0.0.0/8, ::1" once, test addresses fast. */
import { BlockList, isIP } from 'node:net';

export interface Cidr {
  readonly text: string;
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** Parses addresses and CIDR ranges; throws an Error naming the first bad entry. */
export function parseCidrList(entries: readonly string[]): Cidr[] {
  return entries.map((entry) => {
    const [address = '', prefixText] = entry.split('/');
    const version = isIP(address);
    if (version === 0) throw new Error(`"${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8 or ::1)`);
    const max = version === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (prefixText !== undefined && !/^\d+$/.test(prefixText))) {
      throw new Error(`"${entry}" has an invalid prefix length (0–${max})`);
    }
    return { text: entry, address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
  });
}

/** Builds a matcher; IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match IPv4 ranges. */
export function addressMatcher(ranges: readonly Cidr[]): (address: string) => boolean {
  if (ranges.length === 0) return () => false;
  const list = new BlockList();
  for (const r of ranges) list.addSubnet(r.address, r.prefix, r.family);
  return (address) => {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    const plain = mapped?.[1] ?? address;
    const version = isIP(plain);
    return version !== 0 && list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
  };
}
