import type { Connection } from "jsforce";
import type { SalesforceSimulator } from "./index";
import type { SeedResult } from "./seed";
import { api, rejection, startConnected } from "./testkit";

let sim: SalesforceSimulator;
let conn: Connection;
let seeded: SeedResult;
let orgId: string;

beforeEach(async () => {
  ({ sim, conn, orgId } = await startConnected());
  seeded = sim.control.seed(orgId, { seed: 7, accounts: 3, contacts: 60, leads: 5 });
});

afterEach(async () => {
  await sim.close();
});

type Result = { id?: string; success: boolean; errors: { statusCode: string; message: string; fields: string[] }[]; created?: boolean };

const emailTask = (key: string, whoId?: string) => ({ Subject: `Email ${key}`, TaskSubtype: "Email", Status: "Completed", Sync_Key__c: key, ...(whoId ? { WhoId: whoId } : {}) });

describe("jsforce's multi-record calls map to sObject Collections", () => {
  it("creates many records in one call, one result per record in order", async () => {
    const records = seeded.contacts.slice(0, 50).map((c, i) => emailTask(`k${i}`, c.id));
    const results = (await conn.sobject("Task").create(records)) as Result[];
    expect(results).toHaveLength(50);
    expect(results.every((r) => r.success && r.id!.startsWith("00T") && r.errors.length === 0)).toBe(true);
    expect(sim.control.callCounts(orgId)["collection.create"]).toBe(1);
    const stored = sim.control.activities(orgId).tasks;
    expect(stored.map((t) => t.id)).toEqual(results.map((r) => r.id));
    expect(stored.map((t) => t.fields.Sync_Key__c)).toEqual(records.map((r) => r.Sync_Key__c));
  });

  it("reports failed records individually when allOrNone is false", async () => {
    await conn.sobject("Task").create(emailTask("taken"));
    const results = (await conn.sobject("Task").create([emailTask("fresh"), emailTask("taken"), { Subject: "x", WhoId: "bogus" }])) as Result[];
    expect(results[0]).toEqual({ id: expect.any(String), success: true, errors: [] });
    expect(results[1]).toEqual({ success: false, errors: [{ statusCode: "DUPLICATE_VALUE", message: expect.stringContaining("Sync_Key__c duplicates value"), fields: [] }] });
    expect(results[2]!.errors[0]).toMatchObject({ statusCode: "MALFORMED_ID", fields: ["WhoId"] });
    expect(sim.control.activities(orgId).tasks.map((t) => t.fields.Sync_Key__c)).toEqual(["taken", "fresh"]);
  });

  it("rolls every record back when allOrNone is true and one fails", async () => {
    const results = (await conn.sobject("Task").create([emailTask("a"), { Subject: "x".repeat(300) }, emailTask("b")], { allOrNone: true })) as Result[];
    expect(results.map((r) => r.success)).toEqual([false, false, false]);
    expect(results[0]).toEqual({
      success: false,
      errors: [{ statusCode: "ALL_OR_NONE_OPERATION_ROLLED_BACK", message: "Record rolled back because not all records were valid and the request was using AllOrNone header", fields: [] }],
    });
    expect(results[1]!.errors[0]!.statusCode).toBe("STRING_TOO_LONG");
    expect(sim.control.activities(orgId).tasks).toEqual([]);
  });

  it("updates many records; a rolled-back update keeps its id", async () => {
    const created = (await conn.sobject("Task").create([emailTask("u1"), emailTask("u2")])) as Result[];
    const ids = created.map((r) => r.id!);
    const ok = (await conn.sobject("Task").update(ids.map((Id) => ({ Id, Status: "In Progress" })))) as Result[];
    expect(ok.every((r) => r.success)).toBe(true);
    expect(sim.control.activities(orgId).tasks.map((t) => t.fields.Status)).toEqual(["In Progress", "In Progress"]);
    const rolled = (await conn.sobject("Task").update([{ Id: ids[0]!, Status: "Completed" }, { Id: ids[1]!, Status: null }], { allOrNone: true })) as Result[];
    expect(rolled[0]).toMatchObject({ id: ids[0], success: false, errors: [{ statusCode: "ALL_OR_NONE_OPERATION_ROLLED_BACK" }] });
    expect(rolled[1]!.errors[0]!.statusCode).toBe("REQUIRED_FIELD_MISSING");
    expect(sim.control.activities(orgId).tasks.map((t) => t.fields.Status)).toEqual(["In Progress", "In Progress"]);
  });

  it("upserts many by external id with created flags", async () => {
    await conn.sobject("Task").create(emailTask("existing"));
    const { TaskSubtype: _createOnly, ...update } = emailTask("existing");
    const results = (await conn.sobject("Task").upsert([update, emailTask("new-1"), emailTask("new-2")], "Sync_Key__c")) as Result[];
    expect(results.map((r) => [r.success, r.created])).toEqual([
      [true, false],
      [true, true],
      [true, true],
    ]);
    expect(sim.control.callCounts(orgId)["collection.upsert"]).toBe(1);
    expect(sim.control.activities(orgId).tasks).toHaveLength(3);
  });

  it("rejects a create-only field (TaskSubtype) when the upsert turns out to be an update", async () => {
    await conn.sobject("Task").create(emailTask("existing"));
    const results = (await conn.sobject("Task").upsert([emailTask("existing"), emailTask("other")], "Sync_Key__c")) as Result[];
    expect(results[0]).toEqual({ success: false, errors: [expect.objectContaining({ statusCode: "INVALID_FIELD_FOR_INSERT_UPDATE", fields: ["TaskSubtype"] })] });
    expect(results[1]).toMatchObject({ success: true, created: true });
  });

  it("fails every record that repeats an external id within one upsert", async () => {
    const results = (await conn.sobject("Task").upsert([emailTask("dup"), emailTask("DUP"), emailTask("solo")], "Sync_Key__c")) as Result[];
    expect(results.slice(0, 2).map((r) => r.errors[0]?.statusCode)).toEqual(["DUPLICATE_EXTERNAL_ID", "DUPLICATE_EXTERNAL_ID"]);
    expect(results[2]).toMatchObject({ success: true, created: true });
  });

  it("retrieves many by id (null for ids that are not there) and deletes many", async () => {
    const created = (await conn.sobject("Task").create([emailTask("r1"), emailTask("r2")])) as Result[];
    const ids = created.map((r) => r.id!);
    const got = await conn.sobject("Task").retrieve([...ids, seeded.contacts[0]!.id], { fields: ["Subject", "Sync_Key__c"] });
    expect(got.map((r) => r?.Sync_Key__c ?? null)).toEqual(["r1", "r2", null]);
    const deleted = (await conn.sobject("Task").destroy(ids)) as Result[];
    expect(deleted).toEqual(ids.map((id) => ({ id, success: true, errors: [] })));
    const again = (await conn.sobject("Task").destroy(ids)) as Result[];
    expect(again.map((r) => r.errors[0]?.statusCode)).toEqual(["ENTITY_IS_DELETED", "ENTITY_IS_DELETED"]);
  });
});

describe("the collection resources on the wire", () => {
  it("takes conn.requestPost('/composite/sobjects') with mixed object types", async () => {
    const body = {
      allOrNone: false,
      records: [
        { attributes: { type: "Account" }, Name: "Northwind" },
        { attributes: { type: "Contact" }, LastName: "Nguyen", Email: "nguyen@northwind.example.com" },
      ],
    };
    const results = (await conn.requestPost("/composite/sobjects", body)) as Result[];
    expect(results.map((r) => r.id!.slice(0, 3))).toEqual(["001", "003"]);
  });

  it("upserts through PATCH /composite/sobjects/{Type}/{ExternalIdField}", async () => {
    const body = { allOrNone: true, records: [{ attributes: { type: "Event" }, Subject: "Demo", StartDateTime: "2024-06-01T09:00:00Z", EndDateTime: "2024-06-01T09:30:00Z", Sync_Key__c: "ev-1" }] };
    const first = (await conn.request({ method: "PATCH", url: "/composite/sobjects/Event/Sync_Key__c", body: JSON.stringify(body), headers: { "content-type": "application/json" } })) as Result[];
    expect(first).toEqual([{ id: expect.stringMatching(/^00U/), success: true, errors: [], created: true }]);
    const second = (await conn.request({ method: "PATCH", url: "/composite/sobjects/Event/Sync_Key__c", body: JSON.stringify(body), headers: { "content-type": "application/json" } })) as Result[];
    expect(second).toEqual([{ id: first[0]!.id, success: true, errors: [], created: false }]);
  });

  it("retrieves through GET /composite/sobjects/{Type}?ids=&fields= with null for unknown ids", async () => {
    const [a, b] = seeded.contacts;
    const missing = a!.id.slice(0, 10) + "zzzzz";
    const wire = await api(sim, conn.accessToken!, "GET", `/composite/sobjects/Contact?ids=${a!.id},${missing},${b!.id}&fields=Id,Email`);
    expect(wire.status).toBe(200);
    expect(wire.json).toEqual([
      { attributes: { type: "Contact", url: `/services/data/v62.0/sobjects/Contact/${a!.id}` }, Id: a!.id, Email: a!.email },
      null,
      { attributes: { type: "Contact", url: `/services/data/v62.0/sobjects/Contact/${b!.id}` }, Id: b!.id, Email: b!.email },
    ]);
    const badField = await api(sim, conn.accessToken!, "GET", `/composite/sobjects/Contact?ids=${a!.id}&fields=Nope`);
    expect(badField.status).toBe(400);
  });

  it("refuses more than 200 records with EXCEEDED_ID_LIMIT", async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({ attributes: { type: "Task" }, Subject: `t${i}` }));
    const err = await rejection(conn.requestPost("/composite/sobjects", { records }));
    expect(err.errorCode).toBe("EXCEEDED_ID_LIMIT");
    const wire = await api(sim, conn.accessToken!, "POST", "/composite/sobjects", { records });
    expect(wire.status).toBe(400);
    expect(wire.json).toEqual([{ message: "record limit reached. cannot submit more than 200 records into this call", errorCode: "EXCEEDED_ID_LIMIT" }]);
    expect(sim.control.activities(orgId).tasks).toEqual([]);
  });

  it("refuses an upsert key that is not an External ID field", async () => {
    const err = await rejection(conn.sobject("Task").upsert([{ Subject: "x" }, { Subject: "y" }], "Subject"));
    expect(err.errorCode).toBe("INVALID_FIELD");
  });

  it("needs attributes.type on every record", async () => {
    const wire = await api(sim, conn.accessToken!, "POST", "/composite/sobjects", { records: [{ Subject: "x" }] });
    expect(wire.status).toBe(400);
    expect(wire.json).toEqual([{ message: "Must send a concrete entity type.", errorCode: "INVALID_TYPE" }]);
  });

  it("is not served before API 42.0", async () => {
    const wire = await api(sim, conn.accessToken!, "POST", "/services/data/v41.0/composite/sobjects", { records: [] });
    expect(wire.status).toBe(404);
  });
});

describe("shared activities", () => {
  it("links one Task to several contacts through TaskRelation, keeping WhoId on a related contact", async () => {
    const [a, b, c] = seeded.contacts;
    const taskId = ((await conn.sobject("Task").create(emailTask("shared", a!.id))) as Result).id!;
    const relations = (await conn.sobject("TaskRelation").create([
      { TaskId: taskId, RelationId: b!.id },
      { TaskId: taskId, RelationId: c!.id },
    ])) as Result[];
    expect(relations.every((r) => r.success && r.id!.startsWith("0RT"))).toBe(true);

    const q = await conn.query<{ RelationId: string; IsWhat: boolean }>(`SELECT RelationId, IsWhat FROM TaskRelation WHERE TaskId = '${taskId}'`);
    expect(q.records.map((r) => r.RelationId).sort()).toEqual([a!.id, b!.id, c!.id].sort());
    expect(q.records.every((r) => r.IsWhat === false)).toBe(true);

    const dup = (await conn.sobject("TaskRelation").create([{ TaskId: taskId, RelationId: b!.id }])) as Result[];
    expect(dup[0]!.errors[0]!.statusCode).toBe("DUPLICATE_VALUE");
    const lead = (await conn.sobject("TaskRelation").create([{ TaskId: taskId, RelationId: seeded.leads[0]!.id }])) as Result[];
    expect(lead[0]!.errors[0]!.statusCode).toBe("FIELD_INTEGRITY_EXCEPTION");

    const primaryRelation = await conn.query<{ Id: string }>(`SELECT Id FROM TaskRelation WHERE TaskId = '${taskId}' AND RelationId = '${a!.id}'`);
    await conn.sobject("TaskRelation").destroy(primaryRelation.records[0]!.Id!);
    const task = await conn.sobject("Task").retrieve(taskId);
    expect([b!.id, c!.id]).toContain(task.WhoId);

    const view = sim.control.activities(orgId).tasks[0]!;
    expect(view.relations.map((r) => r.relationId).sort()).toEqual([b!.id, c!.id].sort());
  });

  it("relates an Event to contacts as parents, and relates the account as the What", async () => {
    const [a, b] = seeded.contacts;
    const account = seeded.accounts[0]!;
    const eventId = ((await conn.sobject("Event").create({
      Subject: "Kick-off",
      StartDateTime: "2024-06-03T14:00:00Z",
      EndDateTime: "2024-06-03T15:00:00Z",
      Location: "Teams",
      WhoId: a!.id,
      WhatId: account.id,
      Sync_Key__c: "cal-1",
    })) as Result).id!;
    await conn.sobject("EventRelation").create({ EventId: eventId, RelationId: b!.id, IsParent: true, IsInvitee: false });
    const view = sim.control.activities(orgId).events[0]!;
    expect(view.fields).toMatchObject({ Subject: "Kick-off", DurationInMinutes: 60, AccountId: account.id });
    expect(view.relations.map((r) => [r.relationType, r.isWhat, r.isParent])).toEqual([
      ["Contact", false, true],
      ["Account", true, true],
      ["Contact", false, true],
    ]);
  });
});
