import { BlockList, isIP } from "node:net";

/**
 * Address ranges a user-named server must not resolve to unless the operator allows them: loopback, private,
 * link-local (cloud metadata lives at 169.254.169.254), carrier-grade NAT, unspecified, multicast and reserved.
 * Sources: RFC 6890 (special-purpose registries), RFC 4193 (fc00::/7), RFC 4291 (fe80::/10, ::1).
 */
const specialRanges: readonly (readonly [string, number, "ipv4" | "ipv6"])[] = [
  ["0.0.0.0", 8, "ipv4"],
  ["10.0.0.0", 8, "ipv4"],
  ["100.64.0.0", 10, "ipv4"],
  ["127.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.0.0.0", 24, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["198.18.0.0", 15, "ipv4"],
  ["224.0.0.0", 4, "ipv4"],
  ["240.0.0.0", 4, "ipv4"],
  ["::", 128, "ipv6"],
  ["::1", 128, "ipv6"],
  ["fc00::", 7, "ipv6"],
  ["fe80::", 10, "ipv6"],
  ["ff00::", 8, "ipv6"],
];

const special = new BlockList();
for (const [net, prefix, type] of specialRanges) special.addSubnet(net, prefix, type);

/** ::ffff:10.0.0.1 is 10.0.0.1: the fence judges the IPv4 address an IPv4-mapped one carries. */
export function canonicalAddress(ip: string): { readonly address: string; readonly type: "ipv4" | "ipv6" } {
  const bare = ip.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped?.[1]) return { address: mapped[1], type: "ipv4" };
  return { address: bare, type: isIP(bare) === 6 ? "ipv6" : "ipv4" };
}

export function isSpecialAddress(ip: string): boolean {
  const a = canonicalAddress(ip);
  return special.check(a.address, a.type);
}

/** The networks an operator opened for a company-internal deployment (ALLOWED_PRIVATE_NETWORKS). */
export class NetworkList {
  private readonly list = new BlockList();
  readonly cidrs: readonly string[];

  constructor(cidrs: readonly string[]) {
    this.cidrs = cidrs;
    for (const cidr of cidrs) {
      const parsed = parseCidr(cidr);
      if (!parsed) throw new Error(`"${cidr}" is not a network in CIDR notation (e.g. 10.0.0.0/8 or fd00::/8)`);
      this.list.addSubnet(parsed.address, parsed.prefix, parsed.type);
    }
  }

  contains(ip: string): boolean {
    const a = canonicalAddress(ip);
    return this.list.check(a.address, a.type);
  }
}

export function parseCidr(cidr: string): { readonly address: string; readonly prefix: number; readonly type: "ipv4" | "ipv6" } | null {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!m?.[1] || !m[2]) return null;
  const version = isIP(m[1]);
  const prefix = Number(m[2]);
  if (version === 0 || prefix > (version === 4 ? 32 : 128)) return null;
  return { address: m[1], prefix, type: version === 4 ? "ipv4" : "ipv6" };
}
