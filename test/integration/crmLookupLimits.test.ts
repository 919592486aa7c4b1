/**
 * Looking people up by email goes through SOQL in a GET's URI, which Salesforce refuses above 16,384 bytes (414). The
 * sink splits its lookups so even a long list of long addresses stays under it, and finds every one.
 */
import { Connection } from "jsforce";
import { SalesforceSink } from "../../server/crm/salesforce/salesforceSink";
import type { SalesforceSimulator } from "../simulators/salesforce";
import { startSalesforceSimulator } from "../simulators/salesforce";

describe("CRM lookups under Salesforce's URI limit", () => {
  let sim: SalesforceSimulator;
  let sink: SalesforceSink;
  // 400 addresses of about 75 characters (Salesforce's Email holds 80): one IN list of them would be about 35 KB of URI.
  const long = (i: number) => `firstname.middlename.lastname.${i}@a-rather-long-subsidiary-domain.example.com`;
  const emails = Array.from({ length: 400 }, (_v, i) => long(i));

  beforeAll(async () => {
    sim = await startSalesforceSimulator();
    sim.control.seed(sim.defaultOrg.orgId, {
      contacts: emails.filter((_e, i) => i % 3 === 0).map((email, i) => ({ email, lastName: `Contact${i}` })),
      leads: emails.filter((_e, i) => i % 3 === 1).map((email, i) => ({ email, lastName: `Lead${i}`, company: "Northwind" })),
    });
    const tokens = sim.control.issueRefreshToken(sim.defaultApp.clientId, sim.defaultOrg.admin.username);
    const conn = new Connection({ instanceUrl: tokens.instanceUrl, accessToken: tokens.accessToken, version: "62.0" });
    sink = new SalesforceSink(conn, { keyField: "Sync_Key__c" });
  });
  afterAll(() => sim.close());

  it("finds every contact and lead among 400 long addresses", async () => {
    expect(emails[399]!.length).toBeGreaterThan(70);
    const found = await sink.findPeople(emails);
    expect([...found.values()].filter((p) => p.kind === "contact")).toHaveLength(Math.ceil(400 / 3));
    expect([...found.values()].filter((p) => p.kind === "lead")).toHaveLength(Math.floor((400 + 1) / 3));
    expect(found.has(emails[2]!)).toBe(false);
  });

  it("removes activities by more keys than one collection call holds", async () => {
    const keys = Array.from({ length: 250 }, (_v, i) => `k${i}`.padEnd(43, "x"));
    const results = await sink.deleteActivities("meeting", keys);
    expect(results.every((r) => r.ok)).toBe(true);
  });
});
