import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { DemoActivity } from "../../scripts/demo/demoActivity";
import { demoRouter } from "../../scripts/demo/demoRouter";
import { demoReps } from "../../scripts/demo/demoUsers";
import { loadConfig } from "../../server/config";
import { createHttpApp } from "../../server/http/app";
import { createLogger } from "../../server/logger";
import type { Database } from "../../server/store/database";
import type { SalesWorld } from "../simulators/world/salesWorld";
import { startSalesWorld } from "../simulators/world/salesWorld";

/**
 * The demo's pages exist only in demo mode: the same routes handed to the server are not mounted when it runs for a
 * real tenant, and nothing of the demo's build sits in the folder the server serves statically.
 */
jest.setTimeout(60_000);

const silent = createLogger("silent", new Writable({ write: (_c, _e, done) => done() }));
// Only /readyz reads the database; these tests never call it.
const noDatabase = { kind: "embedded", ping: async () => undefined } as unknown as Database;

describe("/demo and /demo/salesforce", () => {
  let world: SalesWorld;
  const dataDir = mkdtempSync(join(tmpdir(), "mailsync-demoroutes-"));
  const servers: Server[] = [];

  beforeAll(async () => {
    world = await startSalesWorld("https://localhost:3000");
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await world?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function serve(env: Record<string, string>): Promise<string> {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", ...env });
    const routes = demoRouter(world, new DemoActivity(world, demoReps), { activityMinutes: 0, keyField: "Sync_Key__c" });
    const server = createServer(createHttpApp({ config, db: noDatabase, logger: silent, demoRoutes: routes }));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const paths = ["/demo", "/demo/salesforce", "/demo/office.js", "/demo/broker.html", "/demo/api/world", "/demo/api/mailboxes/adele%40contoso.com/folders"];

  it("are not served when demo mode is off (a real tenant configured)", async () => {
    const url = await serve({ ENTRA_CLIENT_ID: "11111111-2222-3333-4444-555555555555", ENTRA_CLIENT_SECRET: "secret" });
    for (const path of paths) {
      const res = await fetch(`${url}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it("are served in demo mode: Salesforce's activities and the reps' mailboxes", async () => {
    const url = await serve({ ...world.env, DEMO_MODE: "true" });
    const sf = await fetch(`${url}/demo/salesforce`);
    expect(sf.status).toBe(200);
    expect(await sf.text()).toContain("Nothing has been logged yet");
    const folders = (await (await fetch(`${url}/demo/api/mailboxes/adele%40contoso.com/folders`)).json()) as { id: string; total: number }[];
    expect(folders.map((f) => f.id)).toEqual(["inbox", "sentitems", "calendar"]);
    expect(folders[0]?.total).toBeGreaterThan(0);
  });

  it("name the field a bad request got wrong", async () => {
    const url = await serve({ ...world.env, DEMO_MODE: "true" });
    const folder = await fetch(`${url}/demo/api/mailboxes/adele%40contoso.com/folders/junk/items`);
    expect(folder.status).toBe(400);
    expect(((await folder.json()) as { message: string }).message).toMatch(/^folder: /);
    const who = await fetch(`${url}/demo/api/mailboxes/nobody%40contoso.com/folders`);
    expect(who.status).toBe(404);
    expect(((await who.json()) as { message: string }).message).toMatch(/^email: /);
    const kind = await fetch(`${url}/demo/api/mailboxes/adele%40contoso.com/arrivals`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"kind":"fax"}' });
    expect(kind.status).toBe(400);
    expect(((await kind.json()) as { message: string }).message).toMatch(/^kind: /);
  });

  it("a customer's new email arrives in the rep's Inbox, newest first", async () => {
    const url = await serve({ ...world.env, DEMO_MODE: "true" });
    const arrived = await fetch(`${url}/demo/api/mailboxes/diego%40contoso.com/arrivals`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"kind":"message"}' });
    expect(arrived.status).toBe(201);
    const { subject, customer } = (await arrived.json()) as { subject: string; customer: { email: string } };
    const items = (await (await fetch(`${url}/demo/api/mailboxes/diego%40contoso.com/folders/inbox/items`)).json()) as { id: string; subject: string; from: { email: string } }[];
    expect(items[0]).toMatchObject({ subject, from: { email: customer.email } });
    const body = (await (await fetch(`${url}/demo/api/mailboxes/diego%40contoso.com/items/${encodeURIComponent(items[0]?.id ?? "")}/body`)).json()) as { body: string };
    expect(body.body).toContain(subject);
  });
});
