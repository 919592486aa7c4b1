import type { BenchLine } from "./benchLine";
import { startConnected } from "../simulators/salesforce/testkit";

/**
 * The Salesforce simulator at the product's benchmark shape: 200,000 contacts, 20,000 activities pushed in collection
 * calls of 200, each batch's addresses resolved first with one SOQL query. Its indexes must keep every call fast, so
 * the simulator never makes a sync benchmark slow on its own; timed here, on an idle machine, never in a test.
 */
const CONTACTS = 200_000;
const ACTIVITIES = 20_000;
const BATCH = 200;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function salesforceSimulatorBench(): Promise<BenchLine[]> {
  const { sim, conn, orgId } = await startConnected();
  try {
    const seeded = sim.control.seed(orgId, { seed: 11, accounts: 2000, contacts: CONTACTS });
    const queryMs: number[] = [];
    const upsertMs: number[] = [];
    for (let start = 0; start < ACTIVITIES; start += BATCH) {
      const people = Array.from({ length: BATCH }, (_, i) => seeded.contacts[((start + i) * 9973) % CONTACTS]);
      const emails = people.map((p) => `'${p?.email ?? ""}'`).join(",");
      let t = performance.now();
      const found = await conn.query<{ Id: string; Email: string }>(`SELECT Id, Email FROM Contact WHERE Email IN (${emails})`);
      queryMs.push(performance.now() - t);
      const byEmail = new Map(found.records.map((r) => [r.Email.toLowerCase(), r.Id]));
      const tasks = people.map((p, i) => ({
        Subject: `Email: message ${start + i}`,
        TaskSubtype: "Email",
        Status: "Completed",
        ActivityDate: "2024-05-01",
        WhoId: byEmail.get(p?.email.toLowerCase() ?? ""),
        Sync_Key__c: `msg-${start + i}`,
      }));
      t = performance.now();
      const results = (await conn.sobject("Task").upsert(tasks, "Sync_Key__c")) as { success: boolean }[];
      upsertMs.push(performance.now() - t);
      if (!results.every((r) => r.success)) throw new Error(`an upsert of batch ${start / BATCH} failed`);
    }
    return [
      { name: "salesforce_sim_query_p50", value: percentile(queryMs, 50), unit: "ms" },
      { name: "salesforce_sim_query_p95", value: percentile(queryMs, 95), unit: "ms" },
      { name: "salesforce_sim_upsert200_p50", value: percentile(upsertMs, 50), unit: "ms" },
      { name: "salesforce_sim_upsert200_p95", value: percentile(upsertMs, 95), unit: "ms" },
    ];
  } finally {
    await sim.close();
  }
}
