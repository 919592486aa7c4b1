import { BlockList, isIP } from "node:net";

/**
 * The rule for servers a user names (a rep's EWS URL, an Autodiscover target): https only, and no loopback, private,
 * link-local or otherwise internal address unless the operator listed its network. Checked on the resolved address, the
 * one we then connect to, so a name cannot be re-pointed between the check and the call.
 *
 * Interim home of the rule while the shared one (server/net, issue #14) lands; callers depend only on `UserServerHttp`.
 */
const internal = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) internal.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const) internal.addSubnet(net, bits, "ipv6");

/** CIDR list, e.g. ["127.0.0.0/8", "10.20.0.0/16"]; throws naming the bad entry. */
export function parseNetworks(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net = "", bitsText = ""] = cidr.trim().split("/");
    const family = isIP(net);
    const bits = Number(bitsText);
    if (!family || !Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) throw new Error(`"${cidr}" is not a CIDR network such as 10.0.0.0/8`);
    list.addSubnet(net, bits, family === 4 ? "ipv4" : "ipv6");
  }
  return list;
}

/** An IPv4-mapped IPv6 address is judged as the IPv4 address it carries. */
function unmapped(address: string): { address: string; family: "ipv4" | "ipv6" } {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m?.[1]) return { address: m[1], family: "ipv4" };
  return { address, family: isIP(address) === 6 ? "ipv6" : "ipv4" };
}

export function addressAllowed(address: string, allowed: BlockList): boolean {
  const a = unmapped(address);
  return !internal.check(a.address, a.family) || allowed.check(a.address, a.family);
}
