import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { createRateLimits } from "../../server/http/rateLimits";
import { migrate } from "../../server/store/migrate";
import type { TestDatabase } from "../support/databases";
import { createTestDatabase } from "../support/databases";

jest.setTimeout(60_000);

/**
 * Issue #14 item 5 with several web processes: on PostgreSQL the rate-limit counts live in the database, so two
 * processes (here two apps, each with its own limiters, as two processes have) together allow what one would. The
 * embedded store is one process: its counts stay in memory, as before.
 */
describe("rate limits shared by web processes on PostgreSQL", () => {
  let pgDb: TestDatabase;
  const servers: Server[] = [];

  beforeAll(async () => {
    pgDb = await createTestDatabase("postgres");
    await migrate(pgDb.db);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await pgDb?.dispose();
  });

  /** A web process's admin-consent start (20 per address in 10 minutes), with limiters of its own. */
  async function webProcess(db: TestDatabase["db"]): Promise<string> {
    const app = express();
    app.get("/api/connect/admin-consent", createRateLimits(db).adminConsentStart, (_req, res) => res.status(302).location("https://login.example/").end());
    const server = app.listen(0, "127.0.0.1");
    servers.push(server);
    await new Promise((r) => server.once("listening", r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/connect/admin-consent`;
  }

  it("two processes on one PostgreSQL allow 20 admin-consent starts together, then both answer 429 with Retry-After", async () => {
    const a = await webProcess(pgDb.db);
    const b = await webProcess(pgDb.db);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await fetch(i % 2 === 0 ? a : b, { redirect: "manual" })).status);
    expect(statuses.every((s) => s === 302)).toBe(true);
    for (const url of [a, b]) {
      const refused = await fetch(url, { redirect: "manual" });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(500);
      expect(retryAfter).toBeLessThanOrEqual(600);
      expect(((await refused.json()) as { message: string }).message).toBe(`Too many admin consents started from this address; try again in ${retryAfter} seconds.`);
    }
    const rows = await pgDb.db.query<{ key: string; hits: number }>("select key, hits from rate_limit_hits");
    expect(rows).toEqual([expect.objectContaining({ key: expect.stringMatching(/^admin_consent_start:/), hits: 22 })]);
  });

  it("a window that ended starts again at one", async () => {
    const a = await webProcess(pgDb.db);
    await pgDb.db.query("update rate_limit_hits set reset_at = now() - interval '1 second'");
    expect((await fetch(a, { redirect: "manual" })).status).toBe(302);
    expect((await pgDb.db.query<{ hits: number }>("select hits from rate_limit_hits"))[0]?.hits).toBe(1);
  });

  it("the embedded store (one process) counts in memory: each app has its own 20", async () => {
    const embedded = await createTestDatabase("embedded");
    try {
      const a = await webProcess(embedded.db);
      const b = await webProcess(embedded.db);
      for (let i = 0; i < 20; i++) expect((await fetch(a, { redirect: "manual" })).status).toBe(302);
      expect((await fetch(a, { redirect: "manual" })).status).toBe(429);
      expect((await fetch(b, { redirect: "manual" })).status).toBe(302);
    } finally {
      await embedded.dispose();
    }
  });
});
