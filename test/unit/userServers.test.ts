/**
 * The network rule for servers users name (server/net): https only, no credentials in URLs, no loopback, private or
 * link-local addresses unless the operator opened the network, the address checked at connect time (DNS rebinding),
 * and answers capped as sent and once decompressed.
 */
import type { LookupAddress } from "node:dns";
import type { lookup as dnsLookup } from "node:dns";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { ConfigError, loadConfig } from "../../server/config";
import { createTransport } from "../../server/mailbox/ews/ewsTransport";
import { AnswerTooLargeError, answerCaps, decodeCapped } from "../../server/net/answerCaps";
import { NetworkList } from "../../server/net/addressRanges";
import type { ServerFence } from "../../server/net/userServers";
import { checkServerUrl, fencedLookup, ServerRefusedError } from "../../server/net/userServers";
import { listen } from "../simulators/shared/listen";

const closed: ServerFence = { allowedPrivate: new NetworkList([]) };
const loopbackOpen: ServerFence = { allowedPrivate: new NetworkList(["127.0.0.0/8", "::1/128"]) };

/** A resolver that answers each call with the next list, as a rebinding DNS server would. */
const resolverOf = (...answers: LookupAddress[][]): typeof dnsLookup => {
  let call = 0;
  const fake = (_host: string, _options: unknown, cb: (err: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) => {
    const answer = answers[Math.min(call++, answers.length - 1)] ?? [];
    queueMicrotask(() => cb(null, answer));
  };
  return fake as unknown as typeof dnsLookup;
};

const lookupOnce = (lookup: ReturnType<typeof fencedLookup>, host: string) =>
  new Promise<string>((resolve, reject) => lookup(host, { all: false }, (err, address) => (err ? reject(err) : resolve(address as string))));

describe("servers users name", () => {
  it.each([
    ["http://mail.contoso.com/EWS/Exchange.asmx", /https:\/\//],
    ["file:///etc/passwd", /https:\/\//],
    ["ftp://mail.contoso.com/", /https:\/\//],
    ["https://svc:secret@mail.contoso.com/EWS/Exchange.asmx", /user name or password/],
    ["https://127.0.0.1/EWS/Exchange.asmx", /ALLOWED_PRIVATE_NETWORKS/],
    ["https://10.20.30.40/EWS/Exchange.asmx", /ALLOWED_PRIVATE_NETWORKS/],
    ["https://192.168.1.10/EWS/Exchange.asmx", /ALLOWED_PRIVATE_NETWORKS/],
    ["https://169.254.169.254/latest/meta-data", /ALLOWED_PRIVATE_NETWORKS/],
    ["https://[::1]/EWS/Exchange.asmx", /ALLOWED_PRIVATE_NETWORKS/],
    ["https://[::ffff:10.0.0.1]/EWS/Exchange.asmx", /ALLOWED_PRIVATE_NETWORKS/],
    ["https://[fd00::5]/EWS/Exchange.asmx", /ALLOWED_PRIVATE_NETWORKS/],
    ["not a url", /https:\/\//],
  ])("refuses %s, naming the field", (url, why) => {
    let caught: unknown;
    try {
      checkServerUrl(url, "ewsUrl", closed);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ServerRefusedError);
    expect((caught as ServerRefusedError).field).toBe("ewsUrl");
    expect((caught as Error).message).toMatch(/^ewsUrl: /);
    expect((caught as Error).message).toMatch(why);
  });

  it("accepts a public https server, and a private one only when the operator listed its network", () => {
    expect(checkServerUrl("https://mail.contoso.com/EWS/Exchange.asmx", "ewsUrl", closed).hostname).toBe("mail.contoso.com");
    expect(checkServerUrl("https://127.0.0.1:8443/EWS/Exchange.asmx", "ewsUrl", loopbackOpen).port).toBe("8443");
    expect(() => checkServerUrl("https://10.0.0.1/EWS/Exchange.asmx", "ewsUrl", loopbackOpen)).toThrow(ServerRefusedError);
    expect(checkServerUrl("https://10.0.0.1/EWS/Exchange.asmx", "ewsUrl", { allowedPrivate: new NetworkList(["10.0.0.0/8"]) }).hostname).toBe("10.0.0.1");
  });

  it("checks the address the socket connects to, so a name that rebinds to a private address is refused", async () => {
    const lookup = fencedLookup(closed, resolverOf([{ address: "52.96.1.1", family: 4 }], [{ address: "127.0.0.1", family: 4 }]));
    await expect(lookupOnce(lookup, "mail.attacker.example")).resolves.toBe("52.96.1.1");
    await expect(lookupOnce(lookup, "mail.attacker.example")).rejects.toMatchObject({ code: "EADDRFENCED" });
  });

  it("refuses a name when any of its addresses is private", async () => {
    const lookup = fencedLookup(closed, resolverOf([{ address: "52.96.1.1", family: 4 }, { address: "10.0.0.7", family: 4 }]));
    await expect(lookupOnce(lookup, "mixed.attacker.example")).rejects.toMatchObject({ code: "EADDRFENCED" });
  });

  it("a gzip answer that inflates past the cap is refused instead of filling memory", () => {
    const bomb = gzipSync(Buffer.alloc(answerCaps.maxDecodedBytes + 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(() => decodeCapped(bomb, "gzip")).toThrow(AnswerTooLargeError);
    expect(decodeCapped(gzipSync(Buffer.from("<ok/>")), "gzip").toString()).toBe("<ok/>");
  });

  it("the EWS transport to a named server refuses an answer that decompresses past the cap", async () => {
    const bomb = gzipSync(Buffer.alloc(answerCaps.maxDecodedBytes + 1024));
    const server = await listen((_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { "content-type": "text/xml", "content-encoding": "gzip" });
      res.end(bomb);
    });
    try {
      const transport = createTransport({ url: `${server.url}/EWS/Exchange.asmx`, auth: { kind: "basic", username: "u", password: "p" }, headers: {}, timeoutMs: 10_000, fence: loopbackOpen });
      await expect(transport.post("<x/>")).rejects.toBeInstanceOf(AnswerTooLargeError);
    } finally {
      await server.close();
    }
  });

  it("the EWS transport sends nothing to a named server outside the rule", async () => {
    let requests = 0;
    const server = await listen(
      (_req: IncomingMessage, res: ServerResponse) => {
        requests += 1;
        res.end();
      },
      { protocol: "http" },
    );
    try {
      const transport = createTransport({ url: `${server.url}/EWS/Exchange.asmx`, auth: { kind: "basic", username: "u", password: "p" }, headers: {}, timeoutMs: 10_000, fence: loopbackOpen });
      await expect(transport.post("<x/>")).rejects.toBeInstanceOf(ServerRefusedError);
      expect(requests).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("ALLOWED_PRIVATE_NETWORKS takes CIDR networks and names a bad one", () => {
    const base = { ENTRA_CLIENT_ID: "11111111-2222-3333-4444-555555555555", ENTRA_CLIENT_SECRET: "s" };
    expect(loadConfig({ ...base, ALLOWED_PRIVATE_NETWORKS: "10.0.0.0/8, fd00::/8" }).allowedPrivateNetworks).toEqual(["10.0.0.0/8", "fd00::/8"]);
    expect(loadConfig(base).allowedPrivateNetworks).toEqual([]);
    expect(() => loadConfig({ ...base, ALLOWED_PRIVATE_NETWORKS: "10.0.0.0/33" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ALLOWED_PRIVATE_NETWORKS: "intranet" })).toThrow(/ALLOWED_PRIVATE_NETWORKS/);
  });
});
