/**
 * The console's API against the simulated world: roles from the token, tenant isolation, mass activation with app-only
 * access (Exchange Online), the mailbox actions and the audit log they leave. On both stores.
 */
import type { ActivationJobView, AuditListResponse, ConnectionTestResult, ConsoleMe, ConsoleOverview, MailboxActionResponse, MailboxDetail, MailboxListResponse } from "../../server/api/consoleContract";
import type { StoreKind } from "../support/databases";
import { storeKinds } from "../support/databases";
import { apiToken } from "../support/signIn";
import type { SyncWorld } from "../support/syncWorld";
import { startSyncWorld } from "../support/syncWorld";

jest.setTimeout(180_000);

describe.each(storeKinds)("the console API (%s store)", (store: StoreKind) => {
  let w: SyncWorld;
  const tokens: Record<"admin" | "support" | "rep" | "otherAdmin", string> = { admin: "", support: "", rep: "", otherAdmin: "" };
  let adeleMailbox: string;

  const call = async <T>(who: keyof typeof tokens, path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T; headers: Headers }> => {
    const res = await fetch(`${w.url}/api${path}`, {
      method: init.method ?? (init.body ? "POST" : "GET"),
      headers: { authorization: `Bearer ${tokens[who]}`, ...(init.body ? { "content-type": "application/json" } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text) as T, headers: res.headers };
  };

  const waitForJob = async (id: string): Promise<ActivationJobView> => {
    await w.ts.server.services.activations.idle();
    return (await call<ActivationJobView>("admin", `/console/activations/${id}`)).body;
  };

  /** Activates Contoso mailboxes with app-only access, as its admin does in the console; returns their ids. */
  const activated = async (...rows: { email: string; displayName?: string }[]): Promise<string[]> => {
    const started = await call<ActivationJobView>("admin", "/console/activations", { body: { access: { kind: "app_only" }, rows } });
    expect(started.status).toBe(202);
    expect((await waitForJob(started.body.id)).counts).toMatchObject({ activated: rows.length });
    return Promise.all(rows.map(async (r) => (await w.ts.server.services.mailboxes.findByEmail(w.world.contoso.tenantId, r.email))?.id ?? ""));
  };
  const rosterEmails = ["roster1@contoso.com", "roster2@contoso.com", "roster3@contoso.com", "roster4@contoso.com"];

  beforeAll(async () => {
    w = await startSyncWorld(store, { messagesPerMailbox: 10, eventsPerMailbox: 2 });
    const { entra, contoso, fabrikam, app, users } = w.world;
    // Contoso's Global Administrator consented for the tenant: app-only EWS access (full_access_as_app) works.
    entra.control.grantAdminConsent({ tenant: contoso.tenantId, clientId: app.clientId });
    await w.ts.server.services.tenants.recordAdminConsent(contoso.tenantId, true);
    // Fabrikam's admin has the Sync.Admin role there, but gave the app no application permissions.
    void fabrikam;
    entra.control.assignAppRole({ user: users.fabrikamAdmin.objectId, resource: app.clientId, role: "Sync.Admin" });
    for (let i = 0; i < 6; i++) w.world.exchange.control.createMailbox({ smtp: `seller${i}@contoso.com`, displayName: `Seller ${i}`, tenantId: contoso.tenantId });
    // Each test that needs activated mailboxes activates its own, so no test depends on another having run.
    for (const smtp of [...rosterEmails, "troubled@contoso.com", "pausable@contoso.com", "audited@contoso.com", "export1@contoso.com", "export2@contoso.com"]) {
      w.world.exchange.control.createMailbox({ smtp, displayName: smtp.split("@")[0]!, tenantId: contoso.tenantId });
    }
    tokens.admin = await apiToken(w.world, users.megan, w.url);
    tokens.support = await apiToken(w.world, users.grady, w.url);
    tokens.rep = await apiToken(w.world, users.adele, w.url);
    tokens.otherAdmin = await apiToken(w.world, users.fabrikamAdmin, w.url);
    adeleMailbox = await w.connect("adele");
  });
  afterAll(() => w?.dispose());

  it("says who is signed in and which role they hold", async () => {
    expect((await call<ConsoleMe>("admin", "/console/me")).body).toMatchObject({ tenantId: w.world.contoso.tenantId, roles: ["Sync.Admin"], isAdmin: true });
    expect((await call<ConsoleMe>("support", "/console/me")).body).toMatchObject({ roles: ["Sync.Support"], isAdmin: false });
  });

  it("a sales rep's token gets 403 on every console and admin route, with the role to ask for", async () => {
    for (const [method, path] of [
      ["GET", "/console/me"],
      ["GET", "/console/overview"],
      ["GET", "/console/mailboxes"],
      ["GET", `/console/mailboxes/${adeleMailbox}`],
      ["POST", `/console/mailboxes/${adeleMailbox}/sync-now`],
      ["GET", "/console/audit"],
      ["POST", "/console/activations"],
      ["GET", "/console/service-accounts"],
    ] as const) {
      const res = await call<{ error: string; message: string }>("rep", path, { method, body: method === "POST" ? {} : undefined });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(res.body.message).toMatch(/Sync\.(Admin|Support) role/);
    }
    const anonymous = await fetch(`${w.url}/api/console/mailboxes`);
    expect(anonymous.status).toBe(401);
  });

  it("support may read and retry but not run admin actions", async () => {
    expect((await call("support", `/console/mailboxes/${adeleMailbox}`)).status).toBe(200);
    expect((await call("support", `/console/mailboxes/${adeleMailbox}/pause`, { method: "POST" })).status).toBe(403);
    expect((await call("support", `/console/mailboxes/${adeleMailbox}/deactivate`, { method: "POST" })).status).toBe(403);
    expect((await call("support", "/console/activations", { body: { access: { kind: "app_only" }, rows: [{ email: "seller0@contoso.com" }] } })).status).toBe(403);
  });

  it("mass activation with app-only access: good rows activated, each bad row explained by its line, nothing stops the rest", async () => {
    w.world.exchange.control.injectFault({ fault: { kind: "impersonateUserDenied" }, mailbox: "seller3@contoso.com", count: 1 });
    const csv = [
      "email,display_name",
      "seller0@contoso.com,Seller Zero",
      "SELLER1@contoso.com,Seller One",
      "not-an-address,Nobody",
      "seller2@contoso.com,Seller Two,extra",
      "ghost@contoso.com,Ghost",
      "seller1@contoso.com,Seller One again",
      "seller3@contoso.com,Seller Three",
      "adele@contoso.com,Adele",
      "",
      "seller4@contoso.com,Seller Four",
    ].join("\r\n");
    const started = await call<ActivationJobView>("admin", "/console/activations", { body: { access: { kind: "app_only" }, csv, fileName: "team.csv" } });
    expect(started.status).toBe(202);
    expect(started.body.total).toBe(9);
    const job = await waitForJob(started.body.id);
    expect(job.status).toBe("done");
    expect(job.done).toBe(9);
    expect(job.counts).toMatchObject({ activated: 3, already_active: 1, invalid: 3, mailbox_not_found: 1, impersonation_denied: 1, queued: 0 });
    expect(job.problems.map((p) => [p.line, p.outcome])).toEqual([
      [4, "invalid"],
      [5, "invalid"],
      [6, "mailbox_not_found"],
      [7, "invalid"],
      [8, "impersonation_denied"],
    ]);
    expect(job.problems.find((p) => p.line === 4)?.message).toMatch(/"not-an-address" is not an email address/);
    expect(job.problems.find((p) => p.line === 5)?.message).toMatch(/3 fields but the header has 2/);
    expect(job.problems.find((p) => p.line === 7)?.message).toMatch(/already on line 3/);
    expect(job.problems.find((p) => p.line === 6)?.message).toMatch(/no mailbox at this address/);
    expect(job.problems.find((p) => p.line === 8)?.message).toMatch(/ApplicationImpersonation/);

    const seller1 = await w.ts.server.services.mailboxes.findByEmail(w.world.contoso.tenantId, "seller1@contoso.com");
    expect(seller1).toMatchObject({ access: "app_only", displayName: "Seller One", state: { status: "active" } });
    expect(await w.ts.server.services.mailboxes.findByEmail(w.world.contoso.tenantId, "ghost@contoso.com")).toBeNull();
    // adele set up sync herself: left as it is.
    expect(await w.ts.server.services.mailboxes.findByEmail(w.world.contoso.tenantId, "adele@contoso.com")).toMatchObject({ access: "delegated" });

    // The activated mailbox syncs through app-only impersonation on its turn.
    const run = await w.ts.server.services.runner.run(seller1?.id ?? "", "schedule");
    expect(run.outcome).toBe("ok");
  });

  it("a mass-activated rep opening the sidebar sees 'managed by your admin'", async () => {
    await w.ts.server.services.mailboxes.ensureTenant(w.world.contoso.tenantId);
    const diegoToken = await apiToken(w.world, w.world.users.diego, w.url);
    const job = await call<ActivationJobView>("admin", "/console/activations", { body: { access: { kind: "app_only" }, rows: [{ email: "diego@contoso.com", displayName: "Diego" }] } });
    expect((await waitForJob(job.body.id)).counts.activated).toBe(1);
    const me = await fetch(`${w.url}/api/me/mailbox`, { headers: { authorization: `Bearer ${diegoToken}` } });
    const view = (await me.json()) as { mailbox: { managedByAdmin: boolean; status: string } };
    expect(view.mailbox).toMatchObject({ managedByAdmin: true, status: "active" });
  });

  it("refuses a file without an email column and app-only access without admin consent, saying what to fix", async () => {
    const noHeader = await call<{ message: string }>("admin", "/console/activations", { body: { access: { kind: "app_only" }, csv: "name,phone\nSeller,123" } });
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.message).toMatch(/header row needs an "email" column/);
    const noConsent = await call<{ message: string }>("otherAdmin", "/console/activations", { body: { access: { kind: "app_only" }, rows: [{ email: "alex@fabrikam.com" }] } });
    expect(noConsent.status).toBe(409);
    expect(noConsent.body.message).toMatch(/admin consent link/);
    const noAccount = await call<{ message: string }>("otherAdmin", "/console/activations", {
      body: { access: { kind: "onprem_service_account", serviceAccountId: "00000000-0000-4000-8000-000000000000" }, rows: [{ email: "alex@fabrikam.com" }] },
    });
    expect(noAccount.status).toBe(404);
    expect(noAccount.body.message).toMatch(/Service accounts/);
    expect((await call<{ items: unknown[] }>("otherAdmin", "/console/activations")).body.items).toEqual([]);
  });

  it("lists, filters, searches, sorts and pages the tenant's mailboxes", async () => {
    const names = ["Roster One", "Roster Two", "Roster Three", "Roster Four"];
    await activated(...rosterEmails.map((email, i) => ({ email, displayName: names[i] })));
    // The search keeps to this test's mailboxes, whatever other tests activated.
    const all = await call<MailboxListResponse>("support", "/console/mailboxes?q=roster&pageSize=2&sort=email");
    expect(all.body.total).toBe(4);
    expect(all.body.items.map((m) => m.email)).toEqual(["roster1@contoso.com", "roster2@contoso.com"]);
    const page2 = await call<MailboxListResponse>("support", "/console/mailboxes?q=roster&pageSize=2&page=2&sort=email");
    expect(page2.body.items.map((m) => m.email)).toEqual(["roster3@contoso.com", "roster4@contoso.com"]);
    const desc = await call<MailboxListResponse>("support", "/console/mailboxes?q=roster&sort=email&dir=desc&pageSize=1");
    expect(desc.body.items[0]?.email).toBe("roster4@contoso.com");
    const search = await call<MailboxListResponse>("support", "/console/mailboxes?q=ROSTER%20o");
    expect(search.body.items.map((m) => m.email)).toEqual(["roster1@contoso.com"]);
    // Adele set up sync herself; every other mailbox here is activated by an admin.
    const delegated = await call<MailboxListResponse>("support", "/console/mailboxes?access=delegated");
    expect(delegated.body.items.map((m) => m.email)).toEqual(["adele@contoso.com"]);
    const bad = await call<{ message: string }>("support", "/console/mailboxes?status=sleeping&pageSize=1000");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/status/);
    expect(bad.body.message).toMatch(/pageSize/);
    const wildcard = await call<MailboxListResponse>("support", "/console/mailboxes?q=%25");
    expect(wildcard.body.total).toBe(0);
  });

  it("support of one tenant never sees another tenant's mailboxes", async () => {
    const theirs = await call<MailboxListResponse>("otherAdmin", "/console/mailboxes");
    expect(theirs.body.total).toBe(0);
    expect((await call("otherAdmin", `/console/mailboxes/${adeleMailbox}`)).status).toBe(404);
    expect((await call("otherAdmin", `/console/mailboxes/${adeleMailbox}/sync-now`, { method: "POST" })).status).toBe(404);
    expect((await call("otherAdmin", `/console/mailboxes/not-a-uuid`)).status).toBe(404);
    const jobs = await call<{ items: ActivationJobView[] }>("otherAdmin", "/console/activations");
    expect(jobs.body.items).toEqual([]);
    const audit = await call<AuditListResponse>("otherAdmin", "/console/audit");
    expect(audit.body.items.every((e) => e.mailboxEmail === null || e.mailboxEmail.endsWith("@fabrikam.com"))).toBe(true);
    const overview = await call<ConsoleOverview>("otherAdmin", "/console/overview");
    expect(overview.body.total).toBe(0);
  });

  it("a mailbox needing attention: support reads the raw error and remedy, tests the connection, retries", async () => {
    const { runner } = w.ts.server.services;
    const [id = ""] = await activated({ email: "troubled@contoso.com" });
    w.world.exchange.control.injectFault({ fault: { kind: "nonExistentMailbox" }, mailbox: "troubled@contoso.com", count: 1 });
    expect((await runner.run(id, "schedule")).verdict).toMatchObject({ kind: "attention", reason: "mailbox_not_found" });

    const attention = await call<MailboxListResponse>("support", "/console/mailboxes?status=attention");
    expect(attention.body.items.map((m) => [m.email, m.reason])).toEqual([["troubled@contoso.com", "mailbox_not_found"]]);
    const detail = await call<MailboxDetail>("support", `/console/mailboxes/${id}`);
    expect(detail.body.remedy?.title).toBe("Mailbox not found");
    expect(detail.body.remedy?.text).toMatch(/ErrorNonExistentMailbox/);
    expect(detail.body.lastError).toMatch(/mailbox_not_found/);
    expect(detail.body.runs[0]).toMatchObject({ outcome: "failed", trigger: "schedule" });
    expect(detail.body.cursors).toEqual([]);

    const overview = await call<ConsoleOverview>("support", "/console/overview");
    expect(overview.body.byStatus.attention).toBe(1);
    expect(overview.body.byReason).toEqual({ mailbox_not_found: 1 });
    expect(overview.body.lastHour.failed).toBeGreaterThanOrEqual(1);
    expect(overview.body.trend).toHaveLength(24);
    expect(overview.body.tenant).toMatchObject({ adminConsented: true });

    const test = await call<ConnectionTestResult>("support", `/console/mailboxes/${id}/test-connection`, { method: "POST" });
    expect(test.body).toMatchObject({ ok: true });

    const retry = await call<MailboxActionResponse>("support", `/console/mailboxes/${id}/sync-now`, { method: "POST" });
    expect(retry.status).toBe(200);
    expect(retry.body.mailbox).toMatchObject({ status: "active", reason: null });
    expect(retry.body.message).toMatch(/starts within a minute/);
    // The retry waits in the queue (this test server runs no worker loop; the answer does not wait for the queue's
    // write): once it is there, one pass takes it, as a worker would.
    for (let i = 0; i < 100 && (await w.ts.server.services.queue.depth()).queued === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await w.ts.server.services.scheduler.tick();
    await w.ts.server.services.scheduler.pool.idle();
    const after = await call<MailboxDetail>("support", `/console/mailboxes/${id}`);
    expect(after.body.runs[0]).toMatchObject({ outcome: "ok", trigger: "retry" });
    // An empty mailbox's first pass is on record too: the next turn asks only for changes.
    expect(after.body.cursors.map((c) => [c.folder, c.hasCursor, c.initialDone])).toEqual([
      ["calendar", true, true],
      ["inbox", true, true],
      ["sentitems", true, true],
    ]);
  });

  it("reset cursor resyncs every folder without logging anything twice", async () => {
    const { runner, scheduler } = w.ts.server.services;
    // Everything due syncs first, so the count below changes only if the resync logs something twice.
    await runner.run(adeleMailbox, "schedule");
    await scheduler.tick();
    await scheduler.pool.idle();
    const count = () => {
      const a = w.world.salesforce.control.activities(w.world.salesforceOrgId);
      return a.tasks.length + a.events.length;
    };
    const before = count();
    expect(before).toBeGreaterThan(0);
    const reset = await call<MailboxActionResponse>("support", `/console/mailboxes/${adeleMailbox}/reset-cursor`, { method: "POST" });
    expect(reset.status).toBe(200);
    expect((await call<MailboxDetail>("support", `/console/mailboxes/${adeleMailbox}`)).body.cursors).toEqual([]);
    await scheduler.tick();
    await scheduler.pool.idle();
    const detail = await call<MailboxDetail>("support", `/console/mailboxes/${adeleMailbox}`);
    expect(detail.body.cursors.every((c) => c.hasCursor && c.initialDone)).toBe(true);
    // The resync read every item again and logged none of them twice.
    expect(detail.body.runs[0]?.itemsSeen).toBe(w.world.exchange.control.listItems("adele@contoso.com").filter((i) => ["inbox", "sentitems", "calendar"].includes(i.folder)).length);
    // ...and counts them honestly: nothing logged by this run, everything it found already logged.
    const adeleLinks = await w.ts.server.services.db.query("select 1 from activity_mailboxes where mailbox_id = $1", [adeleMailbox]);
    expect(adeleLinks.length).toBeGreaterThan(0);
    expect(detail.body.runs[0]).toMatchObject({ logged: 0, alreadyLogged: adeleLinks.length });
    expect(count()).toBe(before);
  });

  it("admin pauses, resumes and deactivates; impossible moves are refused with the reason", async () => {
    const [seller0 = ""] = await activated({ email: "pausable@contoso.com" });
    const pause = await call<MailboxActionResponse>("admin", `/console/mailboxes/${seller0}/pause`, { method: "POST" });
    expect(pause.body.mailbox.status).toBe("paused");
    const syncPaused = await call<{ message: string }>("support", `/console/mailboxes/${seller0}/sync-now`, { method: "POST" });
    expect(syncPaused.status).toBe(409);
    expect(syncPaused.body.message).toMatch(/resume it first/);
    expect((await w.ts.server.services.runner.run(seller0, "schedule")).outcome).toBe("skipped");
    const resume = await call<MailboxActionResponse>("admin", `/console/mailboxes/${seller0}/resume`, { method: "POST" });
    expect(resume.body.mailbox.status).toBe("active");
    const deactivate = await call<MailboxActionResponse>("admin", `/console/mailboxes/${seller0}/deactivate`, { method: "POST" });
    expect(deactivate.body.mailbox.status).toBe("disconnected");
    expect((await call("admin", `/console/mailboxes/${seller0}/resume`, { method: "POST" })).status).toBe(409);
  });

  it("every action is in the append-only audit log: who, when, what, which mailbox", async () => {
    // The admin activates a mailbox; support tests, syncs and resets it; the admin pauses, resumes and deactivates it.
    const [audited = ""] = await activated({ email: "audited@contoso.com" });
    for (const [who, action] of [
      ["support", "test-connection"],
      ["support", "sync-now"],
      ["support", "reset-cursor"],
      ["admin", "pause"],
      ["admin", "resume"],
      ["admin", "deactivate"],
    ] as const) {
      expect([action, (await call(who, `/console/mailboxes/${audited}/${action}`, { method: "POST" })).status]).toEqual([action, 200]);
    }
    const audit = await call<AuditListResponse>("support", "/console/audit?pageSize=200");
    const actions = audit.body.items.map((e) => `${e.actor} ${e.action} ${e.mailboxEmail ?? ""}`.trim());
    expect(actions).toEqual(
      expect.arrayContaining([
        "megan@contoso.com activation.start",
        "megan@contoso.com mailbox.activate audited@contoso.com",
        "grady@contoso.com mailbox.test-connection audited@contoso.com",
        "grady@contoso.com mailbox.sync-now audited@contoso.com",
        "grady@contoso.com mailbox.reset-cursor audited@contoso.com",
        "megan@contoso.com mailbox.pause audited@contoso.com",
        "megan@contoso.com mailbox.resume audited@contoso.com",
        "megan@contoso.com mailbox.deactivate audited@contoso.com",
      ]),
    );
    const one = await call<AuditListResponse>("support", `/console/audit?mailboxId=${audited}`);
    expect(one.body.items.map((e) => e.action).sort()).toEqual(["mailbox.activate", "mailbox.deactivate", "mailbox.pause", "mailbox.reset-cursor", "mailbox.resume", "mailbox.sync-now", "mailbox.test-connection"]);
    // Newest first, and append-only: the database refuses to change or delete an entry, whoever asks.
    const times = audit.body.items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    const db = w.ts.server.services.db;
    await expect(db.query("update audit_log set actor = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(db.query("delete from audit_log")).rejects.toThrow(/append-only/);
    expect((await call<AuditListResponse>("support", "/console/audit?pageSize=1")).body.total).toBe(audit.body.total);
  });

  it("exports the filtered list as CSV with the raw last error", async () => {
    await activated({ email: "export1@contoso.com" }, { email: "export2@contoso.com" });
    // Filtered to this test's mailboxes (app-only, "export" in the address), whatever other tests activated.
    const res = await fetch(`${w.url}/api/console/mailboxes/export.csv?access=app_only&q=export`, { headers: { authorization: `Bearer ${tokens.support}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="?mailboxes-\d{4}-\d{2}-\d{2}\.csv"?$/);
    const lines = (await res.text()).trim().split("\n");
    expect(lines[0]).toBe("email,display_name,status,reason,provider,access,last_sync_at,next_sync_at,last_error");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["export1@contoso.com", "export2@contoso.com"]);
  });
});
