import type { Connection } from "jsforce";
import type { SalesforceSimulator } from "./index";
import { normalizeId } from "./ids";
import type { SeedResult } from "./seed";
import { api, connect, rejection, startConnected } from "./testkit";

let sim: SalesforceSimulator;
let conn: Connection;
let seeded: SeedResult;

beforeEach(async () => {
  ({ sim, conn } = await startConnected());
  seeded = sim.control.seed(sim.defaultOrg.orgId, {
    contacts: [{ email: "ann.lee@acme.example.com", accountName: "Acme" }, "bo.chen@globex.example.com"],
    leads: ["lee.park@initech.example.com"],
  });
});

afterEach(async () => {
  await sim.close();
});

type SaveResult = { id: string; success: boolean; errors: unknown[] };
const contact = () => seeded.contacts[0]!;

describe("create, retrieve, update, delete", () => {
  it("creates an email Task and reads it back with platform-maintained fields", async () => {
    const created = (await conn.sobject("Task").create({
      Subject: "Email: Quarterly review",
      Description: "Hello Ann",
      ActivityDate: "2024-05-01",
      Status: "Completed",
      Priority: "Normal",
      TaskSubtype: "Email",
      WhoId: contact().id,
      Sync_Key__c: "msg-1",
    })) as SaveResult;
    expect(created).toEqual({ id: expect.any(String), success: true, errors: [] });
    expect(created.id.startsWith("00T")).toBe(true);
    expect(normalizeId(created.id)).toBe(created.id);

    const task = await conn.sobject("Task").retrieve(created.id);
    expect(task).toMatchObject({
      attributes: { type: "Task", url: expect.stringContaining(`/sobjects/Task/${created.id}`) },
      Id: created.id,
      Subject: "Email: Quarterly review",
      ActivityDate: "2024-05-01",
      IsClosed: true,
      OwnerId: sim.defaultOrg.admin.id,
      AccountId: contact().accountId,
      CreatedById: sim.defaultOrg.admin.id,
    });
    expect(String(task.CreatedDate)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
  });

  it("retrieves only the requested fields", async () => {
    const task = await conn.sobject("Contact").retrieve(contact().id, { fields: ["Email", "LastName"] });
    expect(Object.keys(task).sort()).toEqual(["Email", "LastName", "attributes"]);
  });

  it("updates (204, jsforce reports success) and deletes a record", async () => {
    const { id } = (await conn.sobject("Task").create({ Subject: "Call" })) as SaveResult;
    await expect(conn.sobject("Task").update({ Id: id, Subject: "Call back", Status: "Completed" })).resolves.toEqual({ id, success: true, errors: [] });
    expect(await conn.sobject("Task").retrieve(id)).toMatchObject({ Subject: "Call back", IsClosed: true });
    await expect(conn.sobject("Task").destroy(id)).resolves.toEqual({ id, success: true, errors: [] });
    const gone = await rejection(conn.sobject("Task").retrieve(id));
    expect(gone.errorCode).toBe("ENTITY_IS_DELETED");
  });

  it("derives Name for contacts and leads", async () => {
    const { id } = (await conn.sobject("Lead").create({ FirstName: "Rae", LastName: "Sun", Company: "Umbrella", Email: "rae@umbrella.example.com" })) as SaveResult;
    expect(await conn.sobject("Lead").retrieve(id)).toMatchObject({ Name: "Rae Sun", Status: "Open - Not Contacted" });
  });
});

describe("activities", () => {
  it("derives an event's duration and date, and an all-day event's span", async () => {
    const timed = (await conn.sobject("Event").create({ Subject: "Call", StartDateTime: "2024-05-01T09:00:00+02:00", DurationInMinutes: 45 })) as SaveResult;
    expect(await conn.sobject("Event").retrieve(timed.id)).toMatchObject({
      StartDateTime: "2024-05-01T07:00:00.000+0000",
      EndDateTime: "2024-05-01T07:45:00.000+0000",
      ActivityDate: "2024-05-01",
      DurationInMinutes: 45,
    });
    const allDay = (await conn.sobject("Event").create({ Subject: "Offsite", IsAllDayEvent: true, ActivityDate: "2024-05-02" })) as SaveResult;
    expect(await conn.sobject("Event").retrieve(allDay.id)).toMatchObject({ StartDateTime: "2024-05-02T00:00:00.000+0000", DurationInMinutes: 1440 });
    const err = await rejection(conn.sobject("Event").create({ Subject: "No end", StartDateTime: "2024-05-01T09:00:00Z" }));
    expect(err.errorCode).toBe("REQUIRED_FIELD_MISSING");
  });

  it("moves the primary relation when an update changes WhoId", async () => {
    const [a, b] = seeded.contacts;
    const { id } = (await conn.sobject("Task").create({ Subject: "x", WhoId: a!.id })) as SaveResult;
    await conn.sobject("Task").update({ Id: id, WhoId: b!.id });
    const view = sim.control.activities(sim.defaultOrg.orgId).tasks.find((t) => t.id === id)!;
    expect(view.relations.map((r) => r.relationId)).toEqual([b!.id]);
    expect(view.fields.AccountId).toBe(b!.accountId);
  });

  it("refuses to relate a lead together with a Related To record", async () => {
    const err = await rejection(conn.sobject("Task").create({ Subject: "x", WhoId: seeded.leads[0]!.id, WhatId: contact().accountId }));
    expect(err.errorCode).toBe("FIELD_INTEGRITY_EXCEPTION");
  });
});

describe("validation errors surface through jsforce with their error codes", () => {
  it("REQUIRED_FIELD_MISSING names the missing fields", async () => {
    const err = await rejection(conn.sobject("Lead").create({ FirstName: "No", Email: "no@x.example.com" }));
    expect(err.errorCode).toBe("REQUIRED_FIELD_MISSING");
    expect(err.message).toBe("Required fields are missing: [LastName, Company]");
    expect(err.data).toMatchObject({ fields: ["LastName", "Company"] });
  });

  it("INVALID_FIELD for a field the object does not have", async () => {
    const err = await rejection(conn.sobject("Task").create({ Subject: "x", Colour__c: "red" }));
    expect(err.errorCode).toBe("INVALID_FIELD");
    expect(err.message).toBe("No such column 'Colour__c' on sobject of type Task");
  });

  it("INVALID_FIELD_FOR_INSERT_UPDATE for read-only fields and create-only fields on update", async () => {
    const e1 = await rejection(conn.sobject("Task").create({ Subject: "x", IsClosed: true }));
    expect(e1.errorCode).toBe("INVALID_FIELD_FOR_INSERT_UPDATE");
    const { id } = (await conn.sobject("Task").create({ Subject: "x", TaskSubtype: "Email" })) as SaveResult;
    const e2 = await rejection(conn.sobject("Task").update({ Id: id, TaskSubtype: "Call" }));
    expect(e2.errorCode).toBe("INVALID_FIELD_FOR_INSERT_UPDATE");
    expect(e2.data).toMatchObject({ fields: ["TaskSubtype"] });
  });

  it("MALFORMED_ID, FIELD_INTEGRITY_EXCEPTION and INVALID_CROSS_REFERENCE_KEY for bad lookups", async () => {
    const malformed = await rejection(conn.sobject("Task").create({ Subject: "x", WhoId: "not-an-id" }));
    expect(malformed.errorCode).toBe("MALFORMED_ID");
    expect(malformed.message).toBe("Name ID: id value of incorrect type: not-an-id");
    const wrongType = await rejection(conn.sobject("Contact").create({ LastName: "X", AccountId: contact().id }));
    expect(wrongType.errorCode).toBe("FIELD_INTEGRITY_EXCEPTION");
    const missing = contact().id.slice(0, 10) + "ZZZZZ";
    const dangling = await rejection(conn.sobject("Task").create({ Subject: "x", WhoId: missing }));
    expect(dangling.errorCode).toBe("INVALID_CROSS_REFERENCE_KEY");
  });

  it("MALFORMED_ID for another object's id in the URL, NOT_FOUND for a missing one", async () => {
    const wrong = await rejection(conn.sobject("Task").update({ Id: contact().id, Subject: "x" }));
    expect(wrong.errorCode).toBe("MALFORMED_ID");
    expect(wrong.message).toBe(`Task ID: id value of incorrect type: ${contact().id}`);
    const { id } = (await conn.sobject("Task").create({ Subject: "x" })) as SaveResult;
    const missing = id.slice(0, 10) + "zzzzz";
    const notFound = await rejection(conn.sobject("Task").retrieve(missing));
    expect(notFound.errorCode).toBe("NOT_FOUND");
  });

  it("STRING_TOO_LONG, INVALID_EMAIL_ADDRESS and restricted picklists", async () => {
    expect((await rejection(conn.sobject("Task").create({ Subject: "x".repeat(256) }))).errorCode).toBe("STRING_TOO_LONG");
    expect((await rejection(conn.sobject("Contact").create({ LastName: "X", Email: "not an address" }))).errorCode).toBe("INVALID_EMAIL_ADDRESS");
    expect((await rejection(conn.sobject("Task").create({ Subject: "x", TaskSubtype: "Fax" }))).errorCode).toBe("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
  });

  it("DUPLICATE_VALUE names the unique field and the record holding the value (case-insensitively)", async () => {
    const first = (await conn.sobject("Task").create({ Subject: "a", Sync_Key__c: "Key-1" })) as SaveResult;
    const err = await rejection(conn.sobject("Task").create({ Subject: "b", Sync_Key__c: "key-1" }));
    expect(err.errorCode).toBe("DUPLICATE_VALUE");
    expect(err.message).toBe(`duplicate value found: Sync_Key__c duplicates value on record with id: ${first.id.slice(0, 15)}`);
  });

  it("JSON_PARSER_ERROR for a value of the wrong JSON type", async () => {
    const err = await rejection(conn.sobject("Event").create({ Subject: "x", IsAllDayEvent: "maybe" }));
    expect(err.errorCode).toBe("JSON_PARSER_ERROR");
  });
});

describe("upsert by external id (sObject Rows by External ID)", () => {
  it("creates (201, created:true) then updates (200, created:false) in API 46.0 and later", async () => {
    const created = await conn.sobject("Task").upsert({ Subject: "first", Sync_Key__c: "evt-9" }, "Sync_Key__c");
    expect(created).toEqual({ id: expect.any(String), success: true, errors: [], created: true });
    const updated = await conn.sobject("Task").upsert({ Subject: "second", Sync_Key__c: "evt-9" }, "Sync_Key__c");
    expect(updated).toEqual({ id: (created as SaveResult).id, success: true, errors: [], created: false });
    const token = conn.accessToken!;
    const wire = await api(sim, token, "PATCH", "/sobjects/Task/Sync_Key__c/evt-9", { Subject: "third" });
    expect(wire.status).toBe(200);
  });

  it("answers an update with 204 and no body before API 46.0", async () => {
    const old = connect(sim, { version: "45.0" });
    await old.sobject("Task").upsert({ Subject: "one", Sync_Key__c: "k" }, "Sync_Key__c");
    const wire = await api(sim, old.accessToken!, "PATCH", "/services/data/v45.0/sobjects/Task/Sync_Key__c/k", { Subject: "two" });
    expect(wire.status).toBe(204);
    expect(wire.text).toBe("");
  });

  it("answers 404 NOT_FOUND for a field that is not an External ID", async () => {
    const wire = await api(sim, conn.accessToken!, "PATCH", "/sobjects/Task/Subject/x", { Description: "y" });
    expect(wire.status).toBe(404);
    expect(wire.json).toEqual([{ message: "The requested resource does not exist", errorCode: "NOT_FOUND" }]);
  });

  it("retrieves and deletes by external id", async () => {
    await conn.sobject("Event").create({ Subject: "Meet", StartDateTime: "2024-05-01T10:00:00Z", EndDateTime: "2024-05-01T11:00:00Z", Sync_Key__c: "m-1" });
    const got = await api(sim, conn.accessToken!, "GET", "/sobjects/Event/Sync_Key__c/m-1");
    expect(got.json).toMatchObject({ Subject: "Meet", DurationInMinutes: 60, ActivityDate: "2024-05-01" });
    expect((await api(sim, conn.accessToken!, "DELETE", "/sobjects/Event/Sync_Key__c/m-1")).status).toBe(204);
    expect((await api(sim, conn.accessToken!, "GET", "/sobjects/Event/Sync_Key__c/m-1")).status).toBe(404);
  });
});

describe("describe", () => {
  it("describes the activity objects with the custom External ID field", async () => {
    const task = await conn.describe("Task");
    expect(task).toMatchObject({ name: "Task", keyPrefix: "00T", createable: true });
    const field = (name: string) => task.fields.find((f) => f.name === name);
    expect(field("Sync_Key__c")).toMatchObject({ type: "string", externalId: true, unique: true, custom: true, idLookup: true, length: 255 });
    expect(field("TaskSubtype")).toMatchObject({ type: "picklist", restrictedPicklist: true, updateable: false });
    expect(field("WhoId")).toMatchObject({ type: "reference", referenceTo: ["Contact", "Lead"], relationshipName: "Who", polymorphicForeignKey: true });
    expect(field("Description")).toMatchObject({ type: "textarea", filterable: false });
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((s) => s.name)).toEqual(expect.arrayContaining(["Account", "Contact", "Lead", "User", "Task", "Event", "TaskRelation", "EventRelation"]));
  });

  it("answers NOT_FOUND for an object the org does not have", async () => {
    const err = await rejection(conn.describe("Opportunity__x"));
    expect(err.errorCode).toBe("NOT_FOUND");
  });
});
