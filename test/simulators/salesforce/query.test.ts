import type { Connection } from "jsforce";
import type { SalesforceSimulator } from "./index";
import type { SeedResult } from "./seed";
import { api, rejection, startConnected } from "./testkit";

let sim: SalesforceSimulator;
let conn: Connection;
let seeded: SeedResult;
let orgId: string;

beforeAll(async () => {
  ({ sim, conn, orgId } = await startConnected());
  seeded = sim.control.seed(orgId, {
    seed: 42,
    contacts: [
      { email: "ann.lee@acme.example.com", accountName: "Acme", title: "CFO" },
      { email: "bo.chen@acme.example.com", accountName: "Acme" },
      { email: "cy.diaz@globex.example.com", accountName: "Globex", title: "Buyer" },
      { email: "di.ellis@globex.example.com" },
    ],
    leads: [{ email: "ed.fox@initech.example.com", company: "Initech" }, "gu.ho@hooli.example.com"],
  });
});

afterAll(async () => {
  await sim.close();
});

type Row = Record<string, unknown> & { attributes: { type: string; url: string } };

async function rows(soql: string): Promise<Row[]> {
  return (await conn.query<Row>(soql)).records;
}

describe("SOQL subset", () => {
  it("matches e-mail addresses with IN case-insensitively and returns the documented record shape", async () => {
    const result = await conn.query<Row>("SELECT Id, Email FROM Contact WHERE Email IN ('ANN.LEE@acme.example.com', 'cy.diaz@globex.example.com', 'nobody@x.example.com')");
    expect(result.totalSize).toBe(2);
    expect(result.done).toBe(true);
    expect(result.records.map((r) => r.Email)).toEqual(["ann.lee@acme.example.com", "cy.diaz@globex.example.com"]);
    const first = result.records[0]!;
    expect(Object.keys(first)).toEqual(["attributes", "Id", "Email"]);
    expect(first.attributes).toEqual({ type: "Contact", url: `/services/data/v62.0/sobjects/Contact/${first.Id}` });
  });

  it("follows parent relationships (Account.Name, Owner.Name) and nulls for empty lookups", async () => {
    const [acme, noAccount] = await rows(
      "SELECT Email, Account.Name, Owner.Name FROM Contact WHERE Email = 'ann.lee@acme.example.com' OR Email = 'di.ellis@globex.example.com' ORDER BY Email",
    );
    expect(acme!.Account).toEqual({ attributes: { type: "Account", url: expect.stringMatching(/\/sobjects\/Account\/001/) }, Name: "Acme" });
    expect(acme!.Owner).toMatchObject({ Name: sim.defaultOrg.admin.name });
    expect(noAccount!.Account).toBeNull();
  });

  it("reaches polymorphic lookups through the Name entity (Who.Name, Who.Type)", async () => {
    const lead = seeded.leads[0]!;
    await conn.sobject("Task").create({ Subject: "Email: intro", WhoId: lead.id, Sync_Key__c: "q-1" });
    const [task] = await rows("SELECT Subject, Who.Name, Who.Type, Who.Email FROM Task WHERE Sync_Key__c = 'q-1'");
    expect(task!.Who).toEqual({
      attributes: { type: "Name", url: expect.stringContaining(`/sobjects/Lead/${lead.id}`) },
      Name: lead.name,
      Type: "Lead",
      Email: lead.email,
    });
  });

  it("supports =, !=, LIKE, NOT IN, NULL, AND/OR with parentheses, ORDER BY, LIMIT and OFFSET", async () => {
    expect((await rows("SELECT Email FROM Contact WHERE Email LIKE '%@acme.example.com' ORDER BY Email DESC")).map((r) => r.Email)).toEqual([
      "bo.chen@acme.example.com",
      "ann.lee@acme.example.com",
    ]);
    expect((await rows("SELECT Email FROM Contact WHERE Title = null")).map((r) => r.Email).sort()).toEqual(["bo.chen@acme.example.com", "di.ellis@globex.example.com"]);
    expect((await rows("SELECT Email FROM Contact WHERE Title != 'CFO' ORDER BY Email")).map((r) => r.Email)).toEqual([
      "bo.chen@acme.example.com",
      "cy.diaz@globex.example.com",
      "di.ellis@globex.example.com",
    ]);
    expect((await rows("SELECT Email FROM Contact WHERE Email NOT IN ('ann.lee@acme.example.com') AND (Title = 'Buyer' OR Title = null) ORDER BY Email LIMIT 2 OFFSET 1")).map((r) => r.Email)).toEqual([
      "cy.diaz@globex.example.com",
      "di.ellis@globex.example.com",
    ]);
    expect((await rows("SELECT Email FROM Contact ORDER BY Title DESC NULLS LAST LIMIT 2")).map((r) => r.Email)).toEqual([
      "ann.lee@acme.example.com",
      "cy.diaz@globex.example.com",
    ]);
    expect((await rows("SELECT Email FROM Contact ORDER BY Title, Email LIMIT 3")).map((r) => r.Email)).toEqual([
      "bo.chen@acme.example.com",
      "di.ellis@globex.example.com",
      "cy.diaz@globex.example.com",
    ]);
  });

  it("counts with COUNT()", async () => {
    const result = await conn.query("SELECT COUNT() FROM Lead");
    expect(result.totalSize).toBe(2);
    expect(result.records).toEqual([]);
  });

  it("filters by date literals against the simulated clock", async () => {
    await conn.sobject("Task").create({ Subject: "today", ActivityDate: new Date(sim.control.now()).toISOString().slice(0, 10), Sync_Key__c: "d-1" });
    expect((await rows("SELECT Subject FROM Task WHERE ActivityDate = TODAY")).map((r) => r.Subject)).toEqual(["today"]);
    expect(await rows("SELECT Subject FROM Task WHERE ActivityDate = YESTERDAY")).toEqual([]);
    expect((await rows("SELECT Subject FROM Task WHERE CreatedDate = LAST_N_DAYS:1 AND Sync_Key__c = 'd-1'")).length).toBe(1);
  });

  it("selects child relationships with a subquery", async () => {
    const [a, b] = seeded.contacts;
    const { id } = (await conn.sobject("Task").create({ Subject: "shared", WhoId: a!.id, Sync_Key__c: "sq-1" })) as { id: string };
    await conn.sobject("TaskRelation").create({ TaskId: id, RelationId: b!.id });
    const [task] = await rows(`SELECT Id, (SELECT RelationId FROM TaskRelations ORDER BY RelationId) FROM Task WHERE Id = '${id}'`);
    const related = task!.TaskRelations as { totalSize: number; done: boolean; records: Row[] };
    expect(related.totalSize).toBe(2);
    expect(related.records.map((r) => r.RelationId)).toEqual([a!.id, b!.id].sort());
  });
});

describe("SOQL errors", () => {
  it("MALFORMED_QUERY points at the unexpected token", async () => {
    const err = await rejection(conn.query("SELECT Id FORM Contact"));
    expect(err.errorCode).toBe("MALFORMED_QUERY");
    expect(err.message).toBe("\nSELECT Id FORM Contact\n          ^\nERROR at Row:1:Column:11\nunexpected token: FORM");
  });

  it("MALFORMED_QUERY when AND and OR are mixed without parentheses", async () => {
    const err = await rejection(conn.query("SELECT Id FROM Contact WHERE Email = 'a' AND Title = 'b' OR Title = 'c'"));
    expect(err.errorCode).toBe("MALFORMED_QUERY");
    expect(err.message).toContain("unexpected token: OR");
  });

  it("INVALID_FIELD for an unknown column or relationship", async () => {
    const err = await rejection(conn.query("SELECT Id, Emial FROM Contact"));
    expect(err.errorCode).toBe("INVALID_FIELD");
    expect(err.message).toContain("No such column 'Emial' on entity 'Contact'. If you are attempting to use a custom field, be sure to append the '__c'");
    const rel = await rejection(conn.query("SELECT Boss.Name FROM Contact"));
    expect(rel.errorCode).toBe("INVALID_FIELD");
    expect(rel.message).toContain("Didn't understand relationship 'Boss' in field path.");
  });

  it("INVALID_TYPE for an unknown object, INVALID_FIELD for filtering a long text area", async () => {
    expect((await rejection(conn.query("SELECT Id FROM Contacts"))).errorCode).toBe("INVALID_TYPE");
    const err = await rejection(conn.query("SELECT Id FROM Task WHERE Description = 'x'"));
    expect(err.errorCode).toBe("INVALID_FIELD");
    expect(err.message).toContain("field 'Description' can not be filtered in a query call");
  });

  it("INVALID_QUERY_FILTER_OPERATOR for malformed ids and mistyped values", async () => {
    const bad = await rejection(conn.query("SELECT Id FROM Contact WHERE Id = 'nope'"));
    expect(bad.errorCode).toBe("INVALID_QUERY_FILTER_OPERATOR");
    expect(bad.message).toContain("invalid ID field: nope");
    const quoted = await rejection(conn.query("SELECT Id FROM Task WHERE ActivityDate = '2024-01-01'"));
    expect(quoted.message).toContain("value of filter criterion for field 'ActivityDate' must be of type date and should not be enclosed in quotes");
  });
});

describe("paging", () => {
  const TOTAL = 4500;

  beforeAll(() => {
    sim.control.seed(orgId, { seed: 3, leads: TOTAL });
  });

  it("answers 2000 rows with a nextRecordsUrl and follows it with queryMore", async () => {
    const wire = await api(sim, conn.accessToken!, "GET", `/query?q=${encodeURIComponent("SELECT Id FROM Lead")}`);
    const page = wire.json as { totalSize: number; done: boolean; nextRecordsUrl: string; records: unknown[] };
    expect(Object.keys(page)).toEqual(["totalSize", "done", "nextRecordsUrl", "records"]);
    expect(page.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[0-9A-Za-z]{15}-2000$/);

    const first = await conn.query<Row>("SELECT Id FROM Lead", { autoFetch: false });
    expect(first.totalSize).toBe(TOTAL + 2);
    expect(first.done).toBe(false);
    expect(first.records).toHaveLength(2000);
    const second = await conn.queryMore<Row>(first.nextRecordsUrl!);
    expect(second.records).toHaveLength(2000);
    const third = await conn.queryMore<Row>(second.nextRecordsUrl!);
    expect(third.done).toBe(true);
    expect(third.nextRecordsUrl).toBeUndefined();
    const ids = [...first.records, ...second.records, ...third.records].map((r) => r.Id);
    expect(new Set(ids).size).toBe(TOTAL + 2);
  });

  it("fetches everything with autoFetch", async () => {
    const all = await conn.query<Row>("SELECT Id, Email FROM Lead").run({ autoFetch: true, maxFetch: 100_000 });
    expect(all.records).toHaveLength(TOTAL + 2);
  });

  it("honours Sforce-Query-Options batchSize", async () => {
    const res = await api(sim, conn.accessToken!, "GET", `/query?q=${encodeURIComponent("SELECT Id FROM Lead")}`, undefined, { "Sforce-Query-Options": "batchSize=500" });
    expect((res.json as { records: unknown[] }).records).toHaveLength(500);
  });

  it("forgets a cursor idle for 15 minutes (INVALID_QUERY_LOCATOR)", async () => {
    const first = await conn.query<Row>("SELECT Id FROM Lead", { autoFetch: false });
    sim.control.advanceClock(15 * 60 * 1000);
    const err = await rejection(conn.queryMore(first.nextRecordsUrl!));
    expect(err.errorCode).toBe("INVALID_QUERY_LOCATOR");
  });

  it("includes deleted records in queryAll only", async () => {
    const { id } = (await conn.sobject("Account").create({ Name: "Short-lived" })) as { id: string };
    await conn.sobject("Account").destroy(id);
    expect(await rows(`SELECT Id FROM Account WHERE Id = '${id}'`)).toEqual([]);
    const all = await conn.query<Row>(`SELECT Id, IsDeleted FROM Account WHERE Id = '${id}'`, { scanAll: true });
    expect(all.records).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
  });
});
