import { lookup as dnsLookup, resolveSrv as dnsResolveSrv } from "node:dns/promises";

/** A socket address to connect to: what getaddrinfo(host, port) answers. */
export interface SocketAddress {
  readonly address: string;
  readonly port: number;
}

export interface SrvRecord {
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

/**
 * Name resolution for servers a user names. Production asks the system's DNS; the composition root may hand in another
 * resolver (a split-horizon DNS, or a test's own names), and nothing else changes.
 */
export interface HostResolver {
  /** Every address of `host`, for a connection to `port`; empty when the name does not exist. */
  lookup(host: string, port: number): Promise<SocketAddress[]>;
  /** SRV records of `name` (e.g. _autodiscover._tcp.contoso.com); empty when there are none. */
  resolveSrv(name: string): Promise<SrvRecord[]>;
}

const missing = new Set(["ENOTFOUND", "ENODATA", "ESERVFAIL", "EAI_AGAIN", "ENONAME"]);

export const systemResolver: HostResolver = {
  async lookup(host, port) {
    try {
      return (await dnsLookup(host, { all: true })).map((a) => ({ address: a.address, port }));
    } catch (err) {
      if (missing.has((err as NodeJS.ErrnoException).code ?? "")) return [];
      throw err;
    }
  },
  async resolveSrv(name) {
    try {
      return await dnsResolveSrv(name);
    } catch (err) {
      if (missing.has((err as NodeJS.ErrnoException).code ?? "")) return [];
      throw err;
    }
  },
};
