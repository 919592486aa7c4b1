/**
 * HTTP hardening seen from a browser and a TLS client: Outlook's hosts may frame the pane and nobody else (checked in
 * Chromium with a framing page on each origin), HSTS in production only, no public source maps, no CBC suites.
 */
import type { AddressInfo } from "node:net";
import { connect } from "node:tls";
import express from "express";
import { chromium } from "playwright-core";
import { outlookFrameAncestors } from "../../server/http/frameAncestors";
import { securityHeaders } from "../../server/http/securityHeaders";
import type { EntraWorld } from "../simulators/world/entraWorld";
import { startEntraWorld } from "../simulators/world/entraWorld";
import { chromiumLaunchOptions, screenshotPath } from "../support/browser";
import { freePort } from "../support/ports";
import type { TestServer } from "../support/serverHarness";
import { startTestServer } from "../support/serverHarness";

jest.setTimeout(90_000);

describe("HTTP hardening", () => {
  let world: EntraWorld;
  let ts: TestServer;
  let url: string;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    url = `https://localhost:${port}`;
    world = await startEntraWorld(url);
    ts = await startTestServer({ store: "embedded", port, env: world.env });
  });
  afterAll(async () => {
    await ts?.dispose();
    await world?.entra.close();
  });

  it("Outlook on the web may frame the pane; another site's frame shows none of it (Chromium)", async () => {
    // The stand-in Outlook origin is "public" and the server is on loopback: Chromium's local-network checks would
    // refuse the frame for that reason alone, which is not what this test is about.
    const base = chromiumLaunchOptions();
    const browser = await chromium.launch({ ...base, args: [...(base.args ?? []), "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessForNavigations,PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests"] });
    try {
      const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 900, height: 500 } });
      // Stand-ins for the framing pages, served by the browser itself at the real origins.
      const framer = (title: string) => `<!doctype html><title>${title}</title><h1>${title}</h1><iframe id="pane" src="${url}/help.html" width="800" height="380"></iframe>`;
      await context.route("https://outlook.office.com/**", (r) => r.fulfill({ status: 200, contentType: "text/html", body: framer("Outlook") }));
      await context.route("https://attacker.example/**", (r) => r.fulfill({ status: 200, contentType: "text/html", body: framer("Attacker") }));
      const page = await context.newPage();
      const paneText = async () => {
        const frame = page.frames().find((f) => f !== page.mainFrame());
        return frame ? await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "") : "";
      };

      await page.goto("https://outlook.office.com/mail/");
      await page.waitForLoadState("load");
      expect(await paneText()).toContain("CRM Sync help");
      await page.screenshot({ path: screenshotPath("hardening", "framed-by-outlook") });

      await page.goto("https://attacker.example/");
      await page.waitForLoadState("load");
      // Chromium shows its own error page in the frame instead of ours.
      expect(await paneText()).not.toContain("CRM Sync help");
      await page.screenshot({ path: screenshotPath("hardening", "framed-by-attacker") });
    } finally {
      await browser.close();
    }
  });

  it("sends the CSP without X-Frame-Options, and no HSTS outside production", async () => {
    const res = await fetch(`${url}/healthz`);
    expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors 'self' https:\/\/outlook\.office\.com https:\/\/outlook\.office365\.com https:\/\/outlook\.live\.com https:\/\/\*\.outlook\.com/);
    expect(res.headers.get("x-frame-options")).toBeNull();
    expect(res.headers.get("strict-transport-security")).toBeNull();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("sends HSTS in production", async () => {
    const app = express();
    app.use(securityHeaders({ production: true, frameAncestors: outlookFrameAncestors }));
    app.get("/", (_req, res) => res.send("ok"));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(res.headers.get("strict-transport-security")).toMatch(/max-age=31536000/);
    } finally {
      server.close();
    }
  });

  it("does not serve source maps", async () => {
    expect((await fetch(`${url}/taskpane.js.map`)).status).toBe(404);
    expect((await fetch(`${url}/console.js.map`)).status).toBe(404);
  });

  it("refuses CBC cipher suites and accepts GCM ones over TLS 1.2", async () => {
    const handshake = (ciphers: string) =>
      new Promise<string>((resolve) => {
        const socket = connect({ host: "127.0.0.1", port, servername: "localhost", rejectUnauthorized: false, maxVersion: "TLSv1.2", ciphers }, () => {
          resolve(socket.getCipher().name);
          socket.end();
        });
        socket.once("error", (err) => resolve(`refused: ${err.message}`));
      });
    expect(await handshake("ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA:AES128-SHA")).toMatch(/^refused/);
    expect(await handshake("ECDHE-RSA-AES128-GCM-SHA256")).toBe("ECDHE-RSA-AES128-GCM-SHA256");
  });
});
