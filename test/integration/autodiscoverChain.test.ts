/**
 * Autodiscover for a rep's on-premises mailbox, in Microsoft's documented order, against a company network of several
 * named hosts (test/simulators/exchange/discovery): which host is asked when, which redirects are followed and which
 * refused, SRV answers, deadlines, and the network rule for servers a user names.
 */
import type { DiscoveryDeps, DiscoveryOutcome } from "../../server/mailbox/onprem/autodiscoverChain";
import { discoverMailbox } from "../../server/mailbox/onprem/autodiscoverChain";
import { createUserServerHttp } from "../../server/mailbox/onprem/userServerHttp";
import { NetworkList } from "../../server/net/addressRanges";
import { rootCertificates } from "node:tls";
import { readFileSync } from "node:fs";
import type { ExchangeSimulator } from "../simulators/exchange";
import { startExchangeSimulator } from "../simulators/exchange";
import type { DiscoveryNet } from "../simulators/exchange/discovery/discoveryNet";
import { startDiscoveryNet } from "../simulators/exchange/discovery/discoveryNet";

jest.setTimeout(60_000);

const ALICE = "alice@contoso.test";
const NAMES = ["contoso.test", "autodiscover.contoso.test", "mail.contoso.test", "ad2.contoso.test", "evil.example", "fabrikam.test", "autodiscover.fabrikam.test"];

let sim: ExchangeSimulator;
let net: DiscoveryNet;

const devCa = () => (process.env.NODE_EXTRA_CA_CERTS ? [readFileSync(process.env.NODE_EXTRA_CA_CERTS, "utf8")] : []);
const deps = (o: { allowed?: string[]; timeoutMs?: number; maxBytes?: number } = {}): DiscoveryDeps => ({
  http: createUserServerHttp({ resolver: net.resolver, fence: { allowedPrivate: new NetworkList(o.allowed ?? ["127.0.0.0/8"]) }, ca: [...rootCertificates, ...devCa(), net.caPem], maxBytes: o.maxBytes ?? 1_000_000 }),
  resolver: net.resolver,
  stepTimeoutMs: o.timeoutMs ?? 5000,
  maxHops: 10,
  onlineDomains: ["mail.onmicrosoft.com"],
});
const discover = (d: DiscoveryDeps, confirmedHosts: string[] = [], password = "Alice#1") => discoverMailbox(d, { email: ALICE, username: ALICE, password, confirmedHosts });
const serve = () => ({ kind: "autodiscover", simulatorUrl: sim.url }) as const;
const stepsAt = (o: DiscoveryOutcome) => o.steps.map((s) => s.at);

beforeAll(async () => {
  sim = await startExchangeSimulator({ mode: "onprem" });
  sim.control.createMailbox({ smtp: ALICE, displayName: "Alice Archer", account: { domain: "CONTOSO", username: "alice", password: "Alice#1" } });
  net = await startDiscoveryNet(NAMES);
});
afterAll(async () => {
  await net?.close();
  await sim?.close();
});
beforeEach(() => {
  for (const n of NAMES) for (const s of ["https", "http"] as const) net.setHost(n, s, null);
  net.setSrv("_autodiscover._tcp.contoso.test", []);
  net.resetCalls();
});

describe("the documented order", () => {
  it("asks the domain first, then autodiscover.<domain>, and stops at the first that answers", async () => {
    net.setHost("autodiscover.contoso.test", "https", serve());
    const o = await discover(deps());
    expect(o).toMatchObject({ kind: "onprem", ewsUrl: sim.ewsUrl });
    expect(stepsAt(o)).toEqual(["https://contoso.test/autodiscover/autodiscover.xml", "https://autodiscover.contoso.test/autodiscover/autodiscover.xml"]);
    expect(o.steps[0]?.result).toMatch(/^No Exchange server answered at https:\/\/contoso.test\./);
    expect(net.calls()).toEqual({ "https://autodiscover.contoso.test": 1 });
  });

  it("the domain's own host wins when it answers", async () => {
    net.setHost("contoso.test", "https", serve());
    net.setHost("autodiscover.contoso.test", "https", serve());
    expect(await discover(deps())).toMatchObject({ kind: "onprem", ewsUrl: sim.ewsUrl });
    expect(net.calls()).toEqual({ "https://contoso.test": 1 });
  });

  it("then the unauthenticated http probe, whose 302 leads to https within the domain", async () => {
    net.setHost("autodiscover.contoso.test", "http", { kind: "redirect", location: "https://mail.contoso.test/autodiscover/autodiscover.xml" });
    net.setHost("mail.contoso.test", "https", serve());
    const o = await discover(deps());
    expect(o).toMatchObject({ kind: "onprem", ewsUrl: sim.ewsUrl });
    expect(stepsAt(o)[2]).toBe("http://autodiscover.contoso.test/autodiscover/autodiscover.xml");
    expect(net.calls()).toEqual({ "http://autodiscover.contoso.test": 1, "https://mail.contoso.test": 1 });
  });

  it("then the SRV record _autodiscover._tcp.<domain>, lowest priority first", async () => {
    net.setHost("mail.contoso.test", "https", serve());
    net.setSrv("_autodiscover._tcp.contoso.test", [
      { name: "ad2.contoso.test", port: net.httpsPort, priority: 20, weight: 0 },
      { name: "mail.contoso.test", port: net.httpsPort, priority: 10, weight: 0 },
    ]);
    const o = await discover(deps());
    expect(o).toMatchObject({ kind: "onprem", ewsUrl: sim.ewsUrl });
    expect(stepsAt(o)).toContain("DNS SRV _autodiscover._tcp.contoso.test");
    expect(net.calls()).toEqual({ "https://mail.contoso.test": 1 });
  });

  it("a host that never answers costs one step's deadline, then the next is asked", async () => {
    net.setHost("contoso.test", "https", { kind: "hang" });
    net.setHost("autodiscover.contoso.test", "https", serve());
    const o = await discover(deps({ timeoutMs: 500 }));
    expect(o).toMatchObject({ kind: "onprem", ewsUrl: sim.ewsUrl });
    expect(o.steps[0]?.result).toMatch(/did not answer within 500 ms/);
  });

  it("a redirect to an address in Exchange Online says the mailbox is in the cloud", async () => {
    sim.control.setAutodiscoverRedirect({ address: ALICE, redirectAddress: "alice@contoso.mail.onmicrosoft.com" });
    net.setHost("autodiscover.contoso.test", "https", serve());
    try {
      expect(await discover(deps())).toMatchObject({ kind: "online" });
    } finally {
      sim.control.setAutodiscoverRedirect({ address: ALICE, clear: true });
    }
  });

  it("fails with one message naming every place tried and the EWS URL field to fill", async () => {
    const o = await discover(deps());
    expect(o).toMatchObject({ kind: "failed", field: "ewsUrl", unconfirmedHost: null });
    if (o.kind !== "failed") return;
    const tried = o.steps.map((s) => `${s.at}: ${s.result}`).join("\n");
    for (const at of ["https://contoso.test/", "https://autodiscover.contoso.test/", "http://autodiscover.contoso.test/", "_autodiscover._tcp.contoso.test"]) expect(tried).toContain(at);
    expect(o.message).toMatch(/could not find your Exchange server automatically.*EWS URL/);
  });

  it("a server that refuses the email address as the sign-in asks for DOMAIN\\username", async () => {
    net.setHost("autodiscover.contoso.test", "https", serve());
    const o = await discover(deps(), [], "wrong");
    expect(o).toMatchObject({ kind: "failed", field: "username" });
    if (o.kind === "failed") expect(o.message).toMatch(/DOMAIN\\username/);
  });
});

describe("redirect validation", () => {
  it("refuses a redirect to plain http", async () => {
    net.setHost("autodiscover.contoso.test", "http", { kind: "redirect", location: "http://mail.contoso.test/autodiscover/autodiscover.xml" });
    net.setHost("mail.contoso.test", "http", serve());
    const o = await discover(deps());
    expect(o.kind).toBe("failed");
    expect(o.steps.map((s) => s.result)).toContain("a redirect to http://mail.contoso.test was refused: only https is followed");
    expect(net.calls()["http://mail.contoso.test"]).toBeUndefined();
  });

  it("refuses a loop", async () => {
    net.setHost("contoso.test", "https", { kind: "pox_redirect_url", url: "https://mail.contoso.test/autodiscover/autodiscover.xml" });
    net.setHost("mail.contoso.test", "https", { kind: "pox_redirect_url", url: "https://contoso.test/autodiscover/autodiscover.xml" });
    const o = await discover(deps());
    expect(o.kind).toBe("failed");
    expect(o.steps.map((s) => s.result)).toContain("the redirects loop back to https://contoso.test/autodiscover/autodiscover.xml");
  });

  it("stops after 10 redirects", async () => {
    // Each hop goes to a new URL (a query string), so only the hop count stops it.
    net.setHost("contoso.test", "https", { kind: "redirect", location: "https://contoso.test/autodiscover/autodiscover.xml?hop" });
    let hop = 0;
    const chained: DiscoveryDeps = deps();
    const http = chained.http;
    const o = await discoverMailbox(
      { ...chained, http: { request: async (r) => ({ ...(await http.request({ ...r, url: r.url.replace(/\?.*$/, "") })), headers: { location: `https://contoso.test/autodiscover/autodiscover.xml?hop=${++hop}` }, status: r.url.startsWith("https://contoso.test/") ? 302 : 404 }) } },
      { email: ALICE, username: ALICE, password: "Alice#1" },
    );
    expect(o.kind).toBe("failed");
    expect(o.steps.map((s) => s.result).join("\n")).toMatch(/more than 10 redirects/);
    expect(hop).toBe(11);
  });

  it("refuses another domain until the rep confirms it", async () => {
    net.setHost("contoso.test", "https", { kind: "redirect", location: "https://evil.example/autodiscover/autodiscover.xml" });
    net.setHost("evil.example", "https", serve());
    const refused = await discover(deps());
    expect(refused).toMatchObject({ kind: "failed", unconfirmedHost: "evil.example" });
    if (refused.kind === "failed") expect(refused.message).toMatch(/If evil.example is your company's Exchange server, confirm it/);
    expect(net.calls()["https://evil.example"]).toBeUndefined();

    net.resetCalls();
    expect(await discover(deps(), ["evil.example"])).toMatchObject({ kind: "onprem", ewsUrl: sim.ewsUrl });
    expect(net.calls()["https://evil.example"]).toBe(1);
  });
});

describe("the network rule for a server a user names", () => {
  it("refuses loopback unless the operator lists it", async () => {
    net.setHost("autodiscover.contoso.test", "https", serve());
    const o = await discover(deps({ allowed: [] }));
    expect(o.kind).toBe("failed");
    expect(o.steps[1]?.result).toMatch(/loopback, private or link-local .*ALLOWED_PRIVATE_NETWORKS/);
    expect(net.totalCalls()).toBe(0);
  });

  it("cuts off a gzip bomb at the size cap", async () => {
    net.setHost("contoso.test", "https", { kind: "gzip_bomb" });
    const o = await discover(deps({ maxBytes: 1_000_000 }));
    expect(o.steps[0]?.result).toMatch(/exceeded 1000000 bytes/);
  });

  it("never sends credentials over plain http", async () => {
    const http = deps().http;
    await expect(http.request({ url: "http://autodiscover.contoso.test/autodiscover/autodiscover.xml", method: "POST", body: "x", headers: { Authorization: "Basic eDp5" }, timeoutMs: 1000, plainProbe: true })).rejects.toThrow(/is not https/);
    await expect(http.request({ url: "http://mail.contoso.test/EWS/Exchange.asmx", method: "GET", timeoutMs: 1000 })).rejects.toThrow(/is not https/);
  });
});
