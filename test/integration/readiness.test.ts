import { randomUUID } from "node:crypto";
import pg from "pg";
import { adminUrl } from "../support/databases";
import type { TestServer } from "../support/serverHarness";
import { startTestServer } from "../support/serverHarness";

jest.setTimeout(60_000);

const env = { ENTRA_CLIENT_ID: randomUUID(), ENTRA_CLIENT_SECRET: "unused-in-this-test" };

interface ReadyBody {
  status: string;
  problem?: string;
  pendingMigrations?: number[];
}

async function readyz(ts: TestServer): Promise<{ status: number; body: ReadyBody }> {
  const res = await fetch(`${ts.server.url}/readyz`);
  return { status: res.status, body: (await res.json()) as ReadyBody };
}

describe("GET /readyz: database reachable and migrations current", () => {
  describe("embedded store", () => {
    let ts: TestServer;
    beforeAll(async () => {
      ts = await startTestServer({ store: "embedded", env });
    });
    afterAll(() => ts?.dispose());

    it("is ready once the server has started", async () => {
      expect(await readyz(ts)).toEqual({ status: 200, body: expect.objectContaining({ status: "ready", store: "embedded" }) });
    });

    it("answers 503 naming the migration that is missing, and is ready again once it is applied", async () => {
      const db = ts.server.services.db;
      const [newest] = await db.query<{ version: number; name: string }>("select version, name from schema_migrations order by version desc limit 1");
      if (!newest) throw new Error("no migrations recorded");
      await db.query("delete from schema_migrations where version = $1", [newest.version]);
      const behind = await readyz(ts);
      expect(behind.status).toBe(503);
      expect(behind.body.status).toBe("unavailable");
      expect(behind.body.pendingMigrations).toEqual([newest.version]);
      expect(behind.body.problem).toContain(`migration ${newest.version} not applied`);
      // Liveness is another question: the process still answers.
      expect((await fetch(`${ts.server.url}/healthz`)).status).toBe(200);
      await db.query("insert into schema_migrations (version, name) values ($1, $2)", [newest.version, newest.name]);
      expect((await readyz(ts)).status).toBe(200);
    });
  });

  describe("PostgreSQL", () => {
    let ts: TestServer;
    beforeAll(async () => {
      ts = await startTestServer({ store: "postgres", env });
    });
    afterAll(() => ts?.dispose());

    it("is ready, then answers 503 once its database is gone", async () => {
      expect((await readyz(ts)).body).toMatchObject({ status: "ready", store: "postgres" });
      const storage = ts.config.storage;
      if (storage.kind !== "postgres") throw new Error("expected PostgreSQL");
      const name = new URL(storage.url).pathname.slice(1);
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database ${name} with (force)`).finally(() => admin.end());
      const gone = await readyz(ts);
      expect(gone).toEqual({ status: 503, body: { status: "unavailable", problem: "the database does not answer" } });
      expect((await fetch(`${ts.server.url}/healthz`)).status).toBe(200);
    });
  });
});
