import { BlockList, isIP } from "node:net";

/**
 * A list of networks in CIDR form (10.0.0.0/8, 127.0.0.1, ::1/128), for letting only some clients in. A bare address
 * is one host. IPv4 clients on a dual-stack socket arrive as ::ffff:a.b.c.d and are matched as IPv4.
 */
export class AddressList {
  private constructor(
    private readonly list: BlockList,
    /** The entries as written, for messages and logs. */
    readonly entries: readonly string[],
  ) {}

  /** Parses a comma- or space-separated list; throws an Error naming every entry that is not a network. */
  static parse(text: string): AddressList {
    const list = new BlockList();
    const entries = text.split(/[\s,]+/).filter((e) => e !== "");
    const bad: string[] = [];
    for (const entry of entries) {
      const [address = "", bits, ...rest] = entry.split("/");
      const family = isIP(address);
      const max = family === 4 ? 32 : 128;
      const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
      if (family === 0 || rest.length > 0 || !(prefix >= 0 && prefix <= max)) {
        bad.push(entry);
        continue;
      }
      list.addSubnet(address, prefix, family === 4 ? "ipv4" : "ipv6");
    }
    if (bad.length > 0) throw new Error(`${bad.map((b) => JSON.stringify(b)).join(", ")} ${bad.length === 1 ? "is not a network" : "are not networks"} (write an address or address/prefix, e.g. 10.0.0.0/8, ::1)`);
    if (entries.length === 0) throw new Error("is empty (write at least one network, e.g. 127.0.0.1/32)");
    return new AddressList(list, entries);
  }

  allows(address: string | undefined): boolean {
    if (!address) return false;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    const ip = mapped?.[1] ?? address;
    const family = isIP(ip);
    if (family === 0) return false;
    return this.list.check(ip, family === 4 ? "ipv4" : "ipv6");
  }
}
