import { Connection } from "jsforce";
import type { ActivityWrite } from "../../server/crm/crmSink";
import { CrmUnavailableError } from "../../server/crm/crmSink";
import { SalesforceSink } from "../../server/crm/salesforce/salesforceSink";
import type { SalesforceSimulator } from "../simulators/salesforce";
import { startSalesforceSimulator } from "../simulators/salesforce";

describe("Salesforce sink against the Salesforce simulator", () => {
  let sim: SalesforceSimulator;
  let sink: SalesforceSink;
  let orgId: string;
  let contacts: { id: string; email: string }[];
  let leadId: string;

  beforeAll(async () => {
    sim = await startSalesforceSimulator();
    orgId = sim.defaultOrg.orgId;
    sim.control.addUsers(orgId, [{ firstName: "Riley", lastName: "Rep", email: "rep@contoso.com", username: "rep@contoso.com.crm" }]);
    const seeded = sim.control.seed(orgId, {
      accounts: ["Fabrikam"],
      contacts: [
        { email: "Buyer@Fabrikam.com", firstName: "Bea", lastName: "Buyer", accountName: "Fabrikam" },
        { email: "cto@fabrikam.com", firstName: "Cyd", lastName: "Tech", accountName: "Fabrikam" },
      ],
      leads: [{ email: "lead@northwind.com", firstName: "Lee", lastName: "Lead", company: "Northwind" }],
    });
    contacts = seeded.contacts.map((c) => ({ id: c.id, email: c.email.toLowerCase() }));
    leadId = seeded.leads[0]?.id ?? "";
    const tokens = sim.control.issueRefreshToken(sim.defaultApp.clientId, sim.defaultOrg.admin.username);
    const conn = new Connection({
      oauth2: { loginUrl: sim.url, clientId: sim.defaultApp.clientId, clientSecret: sim.defaultApp.clientSecret, redirectUri: `${sim.url}/_callback` },
      instanceUrl: tokens.instanceUrl,
      refreshToken: tokens.refreshToken,
      version: "62.0",
    });
    sink = new SalesforceSink(conn, { keyField: "Sync_Key__c" });
  });
  afterAll(() => sim.close());

  const email = (over: Partial<ActivityWrite> = {}): ActivityWrite => ({
    key: "key-email-1",
    kind: "email",
    subject: "Email: Quote",
    description: "Participants: ...",
    start: new Date("2026-11-20T10:00:00Z"),
    end: null,
    isAllDay: false,
    location: null,
    whoIds: contacts.map((c) => c.id),
    whatId: null,
    ownerEmail: "rep@contoso.com",
    cancelled: false,
    ...over,
  });

  it("finds contacts and leads by email, case-insensitively, with a link to open each", async () => {
    const people = await sink.findPeople(["buyer@fabrikam.com", "LEAD@northwind.com", "stranger@nowhere.com"]);
    expect(people.get("buyer@fabrikam.com")).toMatchObject({ kind: "contact", name: "Bea Buyer", company: "Fabrikam" });
    expect(people.get("lead@northwind.com")).toMatchObject({ kind: "lead", company: "Northwind", id: leadId });
    expect(people.has("stranger@nowhere.com")).toBe(false);
    expect(people.get("buyer@fabrikam.com")?.url).toMatch(/\/lightning\/r\/Contact\/003\w+\/view$/);
  });

  it("logs an email as one completed email Task owned by the rep, linked to every contact; writing it again changes nothing", async () => {
    const first = await sink.upsertActivities([email()]);
    expect(first).toEqual([{ ok: true, key: "key-email-1", crmId: expect.stringMatching(/^00T/) }]);
    const again = await sink.upsertActivities([email({ subject: "Email: Quote (v2)" })]);
    expect(again[0]).toEqual(first[0]);
    const tasks = sim.control.activities(orgId).tasks.filter((t) => t.fields.Sync_Key__c === "key-email-1");
    expect(tasks).toHaveLength(1);
    const task = tasks[0];
    expect(task?.fields).toMatchObject({ Status: "Completed", TaskSubtype: "Email", Subject: "Email: Quote (v2)", WhoId: contacts[0]?.id });
    const rep = sim.control.records(orgId, "User").find((u) => u.Email === "rep@contoso.com");
    expect(task?.fields.OwnerId).toBe(rep?.Id);
    expect(new Set(task?.relations.map((r) => r.relationId))).toEqual(new Set(contacts.map((c) => c.id)));
  });

  it("links a lead alone (Salesforce allows one lead and no related record)", async () => {
    const [r] = await sink.upsertActivities([email({ key: "key-lead", whoIds: [leadId], whatId: null })]);
    expect(r?.ok).toBe(true);
    const task = sim.control.activities(orgId).tasks.find((t) => t.fields.Sync_Key__c === "key-lead");
    expect(task?.fields.WhoId).toBe(leadId);
  });

  it("logs a meeting as an Event, moves it when it changes, and removes it", async () => {
    const meeting = email({ key: "key-meet", kind: "meeting", subject: "Demo", start: new Date("2026-11-25T10:00:00Z"), end: new Date("2026-11-25T11:00:00Z"), location: "Teams" });
    await sink.upsertActivities([meeting]);
    await sink.upsertActivities([{ ...meeting, start: new Date("2026-11-26T10:00:00Z"), end: new Date("2026-11-26T11:30:00Z") }]);
    const events = sim.control.activities(orgId).events.filter((e) => e.fields.Sync_Key__c === "key-meet");
    expect(events).toHaveLength(1);
    expect(events[0]?.fields.StartDateTime).toBe("2026-11-26T10:00:00.000+0000");
    const removed = await sink.deleteActivities("meeting", ["key-meet", "never-written"]);
    expect(removed.every((r) => r.ok)).toBe(true);
    expect(sim.control.activities(orgId).events.filter((e) => e.fields.Sync_Key__c === "key-meet")).toHaveLength(0);
  });

  it("writes more than 200 activities in collections of 200", async () => {
    sim.control.resetCallCounts();
    const writes = Array.from({ length: 450 }, (_, i) => email({ key: `bulk-${i}`, whoIds: [contacts[0]?.id ?? ""] }));
    const results = await sink.upsertActivities(writes);
    expect(results.filter((r) => r.ok)).toHaveLength(450);
    expect(sim.control.activities(orgId).tasks.filter((t) => String(t.fields.Sync_Key__c).startsWith("bulk-"))).toHaveLength(450);
  });

  it("reports a row lock as a transient per-record failure", async () => {
    sim.control.failNextWritesWithLock({ count: 1, objects: ["Task"] });
    const results = await sink.upsertActivities([email({ key: "locked-1", whoIds: [contacts[0]?.id ?? ""] })]);
    expect(results[0]).toMatchObject({ ok: false, error: { code: "UNABLE_TO_LOCK_ROW", transient: true } });
  });

  it("turns an outage into CrmUnavailableError, and an exhausted API limit too", async () => {
    // An outage that lasts until cleared: how many requests the sink makes first (an owner lookup, which jsforce
    // retries by itself, or none when an earlier test left the owner cached) must not end it before the write.
    sim.control.startOutage({ scope: "api" });
    try {
      await expect(sink.upsertActivities([email({ key: "outage-1" })])).rejects.toBeInstanceOf(CrmUnavailableError);
    } finally {
      sim.control.clearFaults();
    }
    expect(sim.control.activities(orgId).tasks.filter((t) => t.fields.Sync_Key__c === "outage-1")).toHaveLength(0);
    sim.control.exhaustApiLimit(orgId);
    try {
      await expect(sink.findPeople(["someone-new@fabrikam.com"])).rejects.toThrow(/daily API limit/);
    } finally {
      sim.control.resetApiUsage(orgId);
    }
  });
});
