/**
 * The console's transport controls: support moves one mailbox between EWS and Microsoft Graph, an admin sets the
 * transport the organisation's new mailboxes use. Roles, bad input, the audit entries, and the move's promise: the
 * mailbox's next sync over the other transport logs nothing twice and misses nothing. On both stores.
 */
import type { AuditListResponse, ConsoleOverview, MailboxActionResponse, MailboxDetail, TenantTransportResponse } from "../../server/api/consoleContract";
import type { StoreKind } from "../support/databases";
import { storeKinds } from "../support/databases";
import { apiToken } from "../support/signIn";
import type { SyncWorld } from "../support/syncWorld";
import { expectedActivities, startSyncWorld } from "../support/syncWorld";

jest.setTimeout(180_000);

describe.each(storeKinds)("moving mailboxes between EWS and Graph from the console (%s store)", (store: StoreKind) => {
  let w: SyncWorld;
  const tokens: Record<"admin" | "support" | "rep", string> = { admin: "", support: "", rep: "" };
  let megan: string;

  const call = async <T>(who: keyof typeof tokens, path: string, init: { method?: string; body?: unknown; raw?: string } = {}): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${w.url}/api${path}`, {
      method: init.method ?? "POST",
      headers: { authorization: `Bearer ${tokens[who]}`, "content-type": "application/json" },
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
    const text = await res.text();
    return { status: res.status, body: (res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text) as T };
  };
  const orgCount = () => {
    const a = w.world.salesforce.control.activities(w.world.salesforceOrgId);
    return { tasks: a.tasks.length, events: a.events.length };
  };
  const linkedKeys = async (mailboxId: string) =>
    new Set((await w.ts.server.services.db.query<{ dedup_key: string }>("select dedup_key from activity_mailboxes where mailbox_id = $1", [mailboxId])).map((l) => l.dedup_key));

  beforeAll(async () => {
    w = await startSyncWorld(store, { messagesPerMailbox: 30, eventsPerMailbox: 6, transport: "ews" });
    const { entra, contoso, app, users } = w.world;
    entra.control.grantAdminConsent({ tenant: contoso.tenantId, clientId: app.clientId });
    await w.ts.server.services.tenants.recordAdminConsent(contoso.tenantId, true);
    const m = await w.ts.server.services.mailboxes.activateManaged({ tenantId: contoso.tenantId, email: "megan@contoso.com", displayName: "Megan", access: "app_only", serviceAccountId: null, provider: "ews" });
    if (!m) throw new Error("not activated");
    megan = m.id;
    tokens.admin = await apiToken(w.world, users.megan, w.url);
    tokens.support = await apiToken(w.world, users.grady, w.url);
    tokens.rep = await apiToken(w.world, users.adele, w.url);
  });
  afterAll(() => w?.dispose());

  it("a rep may do neither; support may move a mailbox but not set the organisation's transport", async () => {
    // What the refused calls must leave as it is (an earlier test may have set the organisation's transport).
    const transports = async () => [(await w.ts.server.services.mailboxes.getById(megan))?.provider, await w.ts.server.services.tenants.transport(w.world.contoso.tenantId)];
    const before = await transports();
    const other = before[1] === "ews" ? "graph" : "ews";
    const repMove = await call<{ message: string }>("rep", `/console/mailboxes/${megan}/transport`, { body: { provider: "graph" } });
    expect(repMove.status).toBe(403);
    const repTenant = await call<{ message: string }>("rep", "/console/tenant/transport", { method: "PUT", body: { transport: other } });
    expect(repTenant.status).toBe(403);
    const supportTenant = await call<{ message: string }>("support", "/console/tenant/transport", { method: "PUT", body: { transport: other } });
    expect(supportTenant.status).toBe(403);
    expect(supportTenant.body.message).toMatch(/Sync\.Admin role/);
    // Nothing changed by the refused calls (they asked for the transport the organisation does not have).
    expect(await transports()).toEqual(before);
  });

  it("bad bodies get a 400 naming the field and the values it takes; an unknown mailbox is 404", async () => {
    for (const [body, field] of [
      [{}, "provider"],
      [{ provider: "imap" }, "provider"],
      [{ provider: 1 }, "provider"],
    ] as const) {
      const res = await call<{ error: string; message: string }>("support", `/console/mailboxes/${megan}/transport`, { body });
      expect({ body, status: res.status, error: res.body.error }).toEqual({ body, status: 400, error: "invalid_request" });
      expect(res.body.message).toContain(field);
      expect(res.body.message).toMatch(/"ews" or "graph"/);
    }
    const noBody = await call<{ message: string }>("support", `/console/mailboxes/${megan}/transport`, { raw: "[]" });
    expect(noBody.status).toBe(400);
    expect(noBody.body.message).toMatch(/\{"provider":"graph"\}/);
    const tenant = await call<{ message: string }>("admin", "/console/tenant/transport", { method: "PUT", body: { transport: "owa" } });
    expect(tenant.status).toBe(400);
    expect(tenant.body.message).toMatch(/^transport: must be "ews" or "graph"/);
    expect((await call("support", "/console/mailboxes/00000000-0000-4000-8000-000000000000/transport", { body: { provider: "graph" } })).status).toBe(404);
    expect((await call("support", "/console/mailboxes/not-an-id/transport", { body: { provider: "graph" } })).status).toBe(404);
  });

  // The way there and back in one test: the way back starts where the way there ends, and no test may depend on
  // another having run.
  it("support moves a mailbox synced over EWS to Graph: its next sync logs nothing twice and misses nothing, audited; and back to EWS", async () => {
    const { runner } = w.ts.server.services;
    expect((await runner.run(megan, "schedule")).verdict).toBeNull();
    const afterEws = orgCount();
    const expected = expectedActivities(w.world.exchange.control.listItems("megan@contoso.com"), new Set([...w.world.customers.contacts, ...w.world.customers.leads]));
    const keys = new Set([...[...expected.emails].map((k) => `msg:${k}`), ...[...expected.meetings].map((k) => `cal:${k}`)]);
    expect(await linkedKeys(megan)).toEqual(keys);

    const moved = await call<MailboxActionResponse>("support", `/console/mailboxes/${megan}/transport`, { body: { provider: "graph" } });
    expect(moved.status).toBe(200);
    expect(moved.body.mailbox).toMatchObject({ provider: "graph", status: "active" });
    expect(moved.body.message).toMatch(/now syncs over Microsoft Graph.*nothing is logged twice/);
    // The EWS sync states are gone: Graph starts from its own first delta.
    expect((await call<MailboxDetail>("support", `/console/mailboxes/${megan}`, { method: "GET" })).body.cursors).toEqual([]);

    await w.ts.server.services.scheduler.pool.idle();
    w.world.exchange.control.graph.resetCounters();
    const overGraph = await runner.run(megan, "schedule");
    expect(overGraph.verdict).toBeNull();
    expect(w.world.exchange.control.graph.callCounters("megan@contoso.com").messagesDelta).toBeGreaterThan(0);
    expect(orgCount()).toEqual(afterEws);
    expect(await linkedKeys(megan)).toEqual(keys);

    const again = await call<{ message: string }>("support", `/console/mailboxes/${megan}/transport`, { body: { provider: "graph" } });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already syncs over Microsoft Graph/);

    const audit = await call<AuditListResponse>("support", `/console/audit?mailboxId=${megan}`, { method: "GET" });
    expect(audit.body.items.filter((e) => e.action === "mailbox.transport").map((e) => [e.actor, e.detail.from, e.detail.to])).toEqual([["grady@contoso.com", "ews", "graph"]]);

    // And back to EWS: mail delivered meanwhile is logged once, nothing else again.
    const before = orgCount();
    const back = await call<MailboxActionResponse>("support", `/console/mailboxes/${megan}/transport`, { body: { provider: "ews" } });
    expect(back.body.mailbox.provider).toBe("ews");
    w.world.exchange.control.deliverMail("megan@contoso.com", {
      from: { name: "Ivy", email: w.world.customers.contacts[0] ?? "" },
      to: [{ name: "Megan", email: "megan@contoso.com" }],
      subject: "After the move back",
    });
    await w.ts.server.services.scheduler.pool.idle();
    expect((await w.ts.server.services.runner.run(megan, "schedule")).verdict).toBeNull();
    expect(orgCount()).toEqual({ tasks: before.tasks + 1, events: before.events });
  });

  it("an on-premises mailbox cannot move to Graph, and says why", async () => {
    const onprem = await w.ts.server.services.mailboxes.upsert({ tenantId: w.world.contoso.tenantId, email: "legacy@contoso.com", userOid: null, provider: "ews", access: "onprem_password" });
    const res = await call<{ message: string }>("support", `/console/mailboxes/${onprem.id}/transport`, { body: { provider: "graph" } });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/on-premises mailbox: Microsoft Graph reaches Exchange Online only/);
    expect((await w.ts.server.services.mailboxes.getById(onprem.id))?.provider).toBe("ews");
  });

  it("an admin sets the organisation's transport: the overview shows it, new reps' consent asks for its scopes, audited", async () => {
    const set = await call<TenantTransportResponse>("admin", "/console/tenant/transport", { method: "PUT", body: { transport: "graph" } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ transport: "graph" });
    expect(set.body.message).toMatch(/New mailboxes of your organisation use Microsoft Graph/);
    expect((await call<ConsoleOverview>("support", "/console/overview", { method: "GET" })).body.tenant.transport).toBe("graph");
    // A rep who sets up sync now gets a Graph mailbox.
    const diego = await w.connect("diego");
    expect((await w.ts.server.services.mailboxes.getById(diego))?.provider).toBe("graph");
    // Mailboxes already set up keep theirs.
    expect((await w.ts.server.services.mailboxes.getById(megan))?.provider).toBe("ews");

    const audit = await call<AuditListResponse>("support", "/console/audit?pageSize=200", { method: "GET" });
    expect(audit.body.items.filter((e) => e.action === "tenant.transport").map((e) => [e.actor, e.detail])).toEqual([["megan@contoso.com", { from: "ews", to: "graph" }]]);
  });
});
