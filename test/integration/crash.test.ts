import { spawn } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../server/paths";
import { generateDataKey } from "../../server/security/keyRing";
import type { SyncWorld } from "../support/syncWorld";
import { expectedActivities, startSyncWorld } from "../support/syncWorld";

jest.setTimeout(180_000);

/**
 * The process syncing a mailbox is killed (SIGKILL) while Salesforce has accepted part of a page and the cursor is not
 * saved; a new process takes over. The CRM must end with exactly the ground truth: nothing missing, nothing twice.
 * Over EWS (SyncFolderItems) and over Microsoft Graph (a delta page, its nextLink not yet saved).
 */
describe.each(["ews", "graph"] as const)("a sync worker killed mid-page (%s)", (transport) => {
  let w: SyncWorld;
  const key = generateDataKey();
  const keys = `${key.id}:${key.key.toString("base64")}`;

  beforeAll(async () => {
    w = await startSyncWorld("postgres", { messagesPerMailbox: 120, eventsPerMailbox: 10, env: { ENCRYPTION_KEYS: keys }, transport });
  });
  afterAll(() => w?.dispose());

  it("leaves no duplicate and no missing record after a restart", async () => {
    const id = await w.connect("megan");
    expect((await w.ts.server.services.mailboxes.getById(id))?.provider).toBe(transport);
    w.world.exchange.control.graph.resetCounters();
    const sf = w.world.salesforce.control;
    // Slow Salesforce so the kill lands between the CRM writes and the cursor save.
    sf.setLatency({ ms: 150 });
    const env = {
      ...process.env,
      ...w.world.env,
      PORT: "0",
      DATA_DIR: w.ts.config.dataDir,
      DATABASE_URL: w.ts.config.storage.kind === "postgres" ? w.ts.config.storage.url : "",
      ENCRYPTION_KEYS: keys,
      LOG_LEVEL: "silent",
    };
    // tsx's CommonJS hook, as the product itself runs compiled to CommonJS.
    const child = spawn(process.execPath, ["--require", join(projectRoot, "node_modules/tsx/dist/cjs/index.cjs"), join(projectRoot, "test/support/syncChild.ts"), id], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));

    const deadline = Date.now() + 60_000;
    while (sf.activities(w.world.salesforceOrgId).tasks.length === 0) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the child never wrote to Salesforce:\n${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGKILL");
    await exited;
    expect(out).not.toContain("done");
    // The killed process read the mailbox over the transport under test.
    const graphCalls = w.world.exchange.control.graph.callCounters("megan@contoso.com").messagesDelta ?? 0;
    if (transport === "graph") expect(graphCalls).toBeGreaterThan(0);
    else expect(graphCalls).toBe(0);
    const cursorRows = await w.ts.server.services.db.query<{ n: number }>("select count(*)::int as n from folder_cursors where mailbox_id = $1 and cursor is not null", [id]);
    const partial = sf.activities(w.world.salesforceOrgId).tasks.length;

    // The lease of the dead worker expires; a new process takes over.
    await w.ts.server.services.db.query("update mailboxes set lease_until = now() - interval '1 second' where id = $1", [id]);
    sf.setLatency({ ms: 0 });
    const result = await w.ts.server.services.runner.run(id, "retry");
    expect(result.outcome).toBe("ok");

    const expected = expectedActivities(w.world.exchange.control.listItems("megan@contoso.com"), new Set([...w.world.customers.contacts, ...w.world.customers.leads]));
    const { tasks, events } = sf.activities(w.world.salesforceOrgId);
    expect(partial).toBeGreaterThan(0);
    expect(cursorRows[0]?.n ?? 0).toBeLessThan(3);
    expect(tasks).toHaveLength(expected.emails.size);
    expect(events).toHaveLength(expected.meetings.size);
    expect(new Set(tasks.map((t) => t.fields.Sync_Key__c)).size).toBe(tasks.length);
    expect(new Set(events.map((e) => e.fields.Sync_Key__c)).size).toBe(events.length);
    const links = await w.ts.server.services.db.query<{ dedup_key: string }>("select dedup_key from activity_mailboxes where mailbox_id = $1", [id]);
    expect(new Set(links.map((l) => l.dedup_key))).toEqual(new Set([...[...expected.emails].map((k) => `msg:${k}`), ...[...expected.meetings].map((k) => `cal:${k}`)]));
  });
});
