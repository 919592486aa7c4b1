/**
 * The Exchange simulator refuses what Exchange Online refuses, so the product cannot come to depend on laxness: a token
 * whose issuer is not exactly its tenant's v1 issuer, an EWS request that is not text/xml; and it compresses answers
 * when the client asks, as Exchange Online does.
 */
import type { IncomingMessage } from "node:http";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { gunzipSync } from "node:zlib";
import type { ExchangeSimulator } from "./index";
import { startExchangeSimulator } from "./index";
import { NS_M, bearer, envelope, post, textOf } from "./testing/rawSoap";
import type { TokenIssuer } from "./testing/tokenIssuer";
import { startTokenIssuer } from "./testing/tokenIssuer";

const TENANT = "5b2c7d1e-3f4a-4b5c-8d6e-7f8091a2b3c4";
const ALICE = "alice@contoso.com";
const getFolder = envelope('<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>');

let issuer: TokenIssuer;
/** Trusts the issuer's keys without an issuer prefix, as the sales world's Exchange does. */
let sim: ExchangeSimulator;

beforeAll(async () => {
  issuer = await startTokenIssuer();
  sim = await startExchangeSimulator({ mode: "online", trust: { jwksUri: issuer.jwksUri } });
  sim.control.createTenant({ tenantId: TENANT, domains: ["contoso.com"] });
  sim.control.createMailbox({ smtp: ALICE, tenantId: TENANT });
});
afterAll(async () => {
  await sim?.close();
  await issuer?.close();
});

const anchored = { "x-anchormailbox": ALICE };

describe("the Exchange simulator is as strict as Exchange Online", () => {
  it("accepts the tenant's own v1 issuer", async () => {
    const token = await issuer.delegated(ALICE, { tenantId: TENANT });
    const r = await post(sim.ewsUrl, getFolder, { ...bearer(token), ...anchored });
    expect(r.status).toBe(200);
    expect(textOf(r.doc, NS_M, "ResponseCode")).toBe("NoError");
  });

  it.each([
    ["an issuer that only contains the tenant id", `https://evil.example/${TENANT}/extra/`],
    ["another tenant's issuer with this tenant's id in its path", `https://sts.windows.net/00000000-1111-2222-3333-444444444444/${TENANT}/`],
    ["a v2 issuer", `https://login.microsoftonline.com/${TENANT}/v2.0`],
  ])("refuses %s with a 401", async (_what, iss) => {
    const token = await issuer.delegated(ALICE, { tenantId: TENANT, issuer: iss });
    const r = await post(sim.ewsUrl, getFolder, { ...bearer(token), ...anchored });
    expect(r.status).toBe(401);
    // The challenge's WWW-Authenticate always names trusted_issuers; why this token was refused is in x-ms-diagnostics.
    expect(r.headers.get("x-ms-diagnostics")).toMatch(/error_category="invalid_issuer"/);
  });

  it.each(["application/json", "application/soap+xml; charset=utf-8", "text/plain"])("answers an EWS request sent as %s with 415", async (contentType) => {
    const token = await issuer.delegated(ALICE, { tenantId: TENANT });
    const r = await post(sim.ewsUrl, getFolder, { ...bearer(token), ...anchored, "content-type": contentType });
    expect(r.status).toBe(415);
  });

  it("compresses the answer with gzip when the client asks, and not when it does not", async () => {
    const token = await issuer.delegated(ALICE, { tenantId: TENANT });
    const headers = { ...bearer(token), ...anchored, "content-type": "text/xml; charset=utf-8" };
    const zipped = await fetch(sim.ewsUrl, { method: "POST", headers: { ...headers, "accept-encoding": "gzip" }, body: getFolder });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    // fetch inflates by itself; the bytes on the wire are checked through a client that does not.
    const raw = await rawBody(sim.ewsUrl, { ...headers, "accept-encoding": "gzip" }, getFolder);
    expect(gunzipSync(raw).toString("utf8")).toContain("NoError");
    const plain = await fetch(sim.ewsUrl, { method: "POST", headers: { ...headers, "accept-encoding": "identity" }, body: getFolder });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toContain("NoError");
  });
});

async function rawBody(url: string, headers: Record<string, string>, body: string): Promise<Buffer> {
  const request = url.startsWith("https:") ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve(Buffer.concat(chunks)));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
