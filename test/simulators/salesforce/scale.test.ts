import type { Connection } from "jsforce";
import type { SalesforceSimulator } from "./index";
import type { SeedResult } from "./seed";
import { startConnected } from "./testkit";

/**
 * The product's benchmark shape at full size: 200,000 contacts in the org, 20,000 activities pushed in collection calls
 * of 200 after resolving each batch's addresses with one SOQL query. This test checks the answers and counts the calls;
 * how fast they are is measured by `npm run bench salesforce` (test/bench/salesforceBench.ts), never by a timed test.
 */
const CONTACTS = 200_000;
const ACTIVITIES = 20_000;
const BATCH = 200;

let sim: SalesforceSimulator;
let conn: Connection;
let orgId: string;
let seeded: SeedResult;

beforeAll(async () => {
  ({ sim, conn, orgId } = await startConnected());
  seeded = sim.control.seed(orgId, { seed: 11, accounts: 2000, contacts: CONTACTS });
}, 120_000);

afterAll(async () => {
  await sim.close();
});

it(
  "resolves addresses and upserts 20,000 activities against 200,000 contacts in calls of 200",
  async () => {
    for (let start = 0; start < ACTIVITIES; start += BATCH) {
      const people = Array.from({ length: BATCH }, (_, i) => seeded.contacts[((start + i) * 9973) % CONTACTS]!);
      const emails = people.map((p) => `'${p.email.toUpperCase()}'`).join(",");
      const found = await conn.query<{ Id: string; Email: string }>(`SELECT Id, Email FROM Contact WHERE Email IN (${emails})`);
      const byEmail = new Map(found.records.map((r) => [r.Email.toLowerCase(), r.Id]));
      expect(byEmail.size).toBe(new Set(people.map((p) => p.email)).size);

      const tasks = people.map((p, i) => ({
        Subject: `Email: message ${start + i}`,
        TaskSubtype: "Email",
        Status: "Completed",
        ActivityDate: "2024-05-01",
        Description: "x".repeat(2000),
        WhoId: byEmail.get(p.email.toLowerCase()),
        Sync_Key__c: `msg-${start + i}`,
      }));
      const results = (await conn.sobject("Task").upsert(tasks, "Sync_Key__c")) as { success: boolean }[];
      expect(results.every((r) => r.success)).toBe(true);
    }

    const stored = sim.control.activities(orgId).tasks;
    expect(stored).toHaveLength(ACTIVITIES);
    expect(stored.every((t) => t.relations.length === 1)).toBe(true);
    expect(sim.control.callCounts(orgId)).toMatchObject({ query: ACTIVITIES / BATCH, "collection.upsert": ACTIVITIES / BATCH });
  },
  180_000,
);
