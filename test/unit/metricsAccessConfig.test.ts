import { ConfigError, loadConfig } from "../../server/config";
import { AddressList } from "../../server/net/addressList";

const tenant = { ENTRA_CLIENT_ID: "11111111-2222-3333-4444-555555555555", ENTRA_CLIENT_SECRET: "s3cret-value" };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...tenant, ...env }, "/srv/app");
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("AddressList", () => {
  const list = AddressList.parse("10.0.0.0/8, 192.168.1.7 fd00::/8");

  it("lets in addresses inside its networks, IPv4 clients seen on a dual-stack socket included", () => {
    expect(list.allows("10.200.3.4")).toBe(true);
    expect(list.allows("::ffff:10.1.1.1")).toBe(true);
    expect(list.allows("192.168.1.7")).toBe(true);
    expect(list.allows("fd12:3456::1")).toBe(true);
  });

  it("keeps out everything else, and a missing or malformed address", () => {
    expect(list.allows("11.0.0.1")).toBe(false);
    expect(list.allows("192.168.1.8")).toBe(false);
    expect(list.allows("::1")).toBe(false);
    expect(list.allows(undefined)).toBe(false);
    expect(list.allows("not-an-ip")).toBe(false);
  });

  it("names every entry that is not a network", () => {
    expect(() => AddressList.parse("10.0.0.0/33, example.com, ::1/64")).toThrow(/"10\.0\.0\.0\/33", "example\.com" are not networks/);
  });
});

describe("metrics settings", () => {
  it("by default: /metrics on the main port, for this machine only", () => {
    const c = loadConfig(tenant, "/srv/app");
    expect(c.metrics.listener).toBeNull();
    expect(c.metrics.allow.allows("127.0.0.1")).toBe(true);
    expect(c.metrics.allow.allows("::1")).toBe(true);
    expect(c.metrics.allow.allows("10.0.0.5")).toBe(false);
  });

  it("METRICS_PORT gives /metrics a port of its own, on HOST unless METRICS_HOST says otherwise", () => {
    expect(loadConfig({ ...tenant, HOST: "0.0.0.0", METRICS_PORT: "9464" }).metrics.listener).toEqual({ host: "0.0.0.0", port: 9464 });
    expect(loadConfig({ ...tenant, METRICS_PORT: "9464", METRICS_HOST: "10.0.0.2" }).metrics.listener).toEqual({ host: "10.0.0.2", port: 9464 });
  });

  it("refuses a bad allow list, a bad port, the main port twice, and METRICS_HOST alone, naming each setting", () => {
    expect(problemsOf({ METRICS_ALLOW: "everyone" })).toEqual([expect.stringMatching(/^METRICS_ALLOW="everyone" "everyone" is not a network/)]);
    expect(problemsOf({ METRICS_PORT: "http" })).toEqual([expect.stringMatching(/^METRICS_PORT="http" must be a whole number/)]);
    expect(problemsOf({ PORT: "8443", METRICS_PORT: "8443" })).toEqual([expect.stringMatching(/^METRICS_PORT=8443 is the same as PORT/)]);
    expect(problemsOf({ METRICS_HOST: "10.0.0.2" })).toEqual([expect.stringMatching(/^METRICS_HOST is set without METRICS_PORT/)]);
  });
});
