import { randomUUID } from "node:crypto";
import { scrape } from "../support/metricsText";
import type { TestServer } from "../support/serverHarness";
import { startTestServer } from "../support/serverHarness";

jest.setTimeout(60_000);

// Enough configuration to start; nothing here reaches Microsoft.
const baseEnv = { ENTRA_CLIENT_ID: randomUUID(), ENTRA_CLIENT_SECRET: "unused-in-this-test" };

const start = (env: Record<string, string>) => startTestServer({ store: "embedded", env: { ...baseEnv, ...env } });

describe("who may read /metrics (no token; METRICS_ALLOW and METRICS_PORT)", () => {
  describe("on the main port, default allow list (this machine)", () => {
    let ts: TestServer;
    beforeAll(async () => {
      ts = await start({});
    });
    afterAll(() => ts?.dispose());

    it("a client on this machine reads it without a token", async () => {
      const m = await scrape(`${ts.server.url}/metrics`);
      expect(m.families).toContain("mailsync_sync_runs_total");
      expect(m.value("mailsync_store_scrape_ok")).toBe(1);
    });

    it("a request relayed by a proxy on this machine for an outside client is refused", async () => {
      const res = await fetch(`${ts.server.url}/metrics`, { headers: { "X-Forwarded-For": "203.0.113.9" } });
      expect(res.status).toBe(403);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe("forbidden");
      expect(body.message).toContain("METRICS_ALLOW");
      expect(body.message).toContain("203.0.113.9");
    });

    it("/healthz stays liveness and /readyz is open to all", async () => {
      expect((await fetch(`${ts.server.url}/healthz`, { headers: { "X-Forwarded-For": "203.0.113.9" } })).status).toBe(200);
      expect((await fetch(`${ts.server.url}/readyz`, { headers: { "X-Forwarded-For": "203.0.113.9" } })).status).toBe(200);
    });
  });

  describe("on a port of its own (METRICS_PORT), listening on IPv4 and IPv6, open to 127.0.0.0/8 only", () => {
    let ts: TestServer;
    beforeAll(async () => {
      ts = await start({ METRICS_PORT: "0", METRICS_HOST: "::", METRICS_ALLOW: "127.0.0.0/8" });
    });
    afterAll(() => ts?.dispose());

    it("serves /metrics there in plain HTTP to an allowed client (IPv4 on a dual-stack socket), and not on the main port", async () => {
      const port = ts.server.metricsPort;
      expect(port).not.toBeNull();
      const m = await scrape(`http://127.0.0.1:${port}/metrics`);
      expect(m.families).toContain("mailsync_mailboxes_due");
      expect((await fetch(`${ts.server.url}/metrics`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(404);
    });

    it("refuses a client outside the list with 403 naming the setting; a forwarded address claims nothing on that port", async () => {
      const url = `http://[::1]:${ts.server.metricsPort}/metrics`;
      const res = await fetch(url);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toMatch(/METRICS_ALLOW \(127\.0\.0\.0\/8\); ::1 is not among them/);
      expect((await fetch(url, { headers: { "X-Forwarded-For": "127.0.0.1" } })).status).toBe(403);
    });
  });
});
