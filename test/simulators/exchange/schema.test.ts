/**
 * Every operation, shape and item kind the simulator answers, validated against Microsoft's messages.xsd (the child of
 * soap:Body, with types.xsd and xml.xsd preloaded). Error answers that are ordinary response messages are validated too.
 */
import type { ExchangeSimulator, GroundTruthItem } from "./index";
import { startExchangeSimulator } from "./index";
import { NS_M, basic, envelope, post, textOf } from "./testing/rawSoap";
import { bodyChild, validateAgainstMessagesXsd } from "./testing/schemaValidator";

const ALICE = "alice@contoso.com";
const AUTH = basic("CONTOSO\\alice", "pw");
const SHAPES = ["IdOnly", "Default", "AllProperties"] as const;
const VERSIONS = ["Exchange2007_SP1", "Exchange2010_SP2", "V2017_07_11"] as const;

let sim: ExchangeSimulator;

beforeAll(async () => {
  sim = await startExchangeSimulator({ mode: "onprem", protocol: "http" });
  const c = sim.control;
  c.createMailbox({ smtp: ALICE, displayName: "Alice <Archer> & Co", account: { domain: "CONTOSO", username: "alice", password: "pw" } });
  c.seedMailbox(ALICE, { seed: 99, messages: 160, events: 30, attachmentRatio: 0.5, privateRatio: 0.2, meetingRequestRatio: 0.2 });
  // Awkward text: markup characters, control characters and non-ASCII must come out escaped and well-formed.
  c.deliverMail(ALICE, { from: { name: "Zoë \"Q\" <Quote>", email: "zoe@fabrikam.example" }, subject: "Ünïcödé & <tags> \u0007 ]]>", body: "a < b && c > d\n\nline" });
  const ev = c.createEvent(ALICE, {
    subject: "All day",
    start: "2026-03-01T00:00:00Z",
    end: "2026-03-02T00:00:00Z",
    isAllDay: true,
    organizer: { name: "Org", email: "org@fabrikam.example" },
    required: [{ name: "Alice", email: ALICE, response: "Accept" }],
    meetingRequest: true,
  });
  c.updateItem(ALICE, ev.calendarItem.id, { isCancelled: true });
});

afterAll(() => sim?.close());

/** Each test's own answers, validated at its end: no test depends on another having run first. */
let docs: { name: string; xml: string }[] = [];
beforeEach(() => {
  docs = [];
  sim.control.clearFaults();
});

async function expectAllValid(atLeast: number): Promise<void> {
  expect(docs.length).toBeGreaterThanOrEqual(atLeast);
  const results = await validateAgainstMessagesXsd(docs);
  const invalid = results.filter((r) => !r.valid).map((r) => `${r.name}: ${r.errors.slice(0, 3).join(" | ")}`);
  expect(invalid).toEqual([]);
}

async function call(name: string, body: string, version = "Exchange2013_SP1"): Promise<string> {
  const reply = await post(sim.ewsUrl, envelope(body, { version }), AUTH);
  expect(reply.status).toBe(200);
  docs.push({ name, xml: bodyChild(reply.text) });
  return reply.text;
}

const shape = (base: string, extra = "") => `<t:BaseShape>${base}</t:BaseShape>${extra}`;
const itemIds = (items: readonly GroundTruthItem[]) => items.map((i) => `<t:ItemId Id="${i.id}"/>`).join("");

jest.setTimeout(120_000);

it("SyncFolderItems answers validate for every shape, folder and change kind", async () => {
  for (const version of VERSIONS) {
    for (const base of SHAPES) {
      for (const folder of ["inbox", "sentitems", "calendar", "deleteditems", "msgfolderroot"]) {
        const text = await call(
          `sync ${folder} ${base} ${version}`,
          `<m:SyncFolderItems><m:ItemShape>${shape(base)}</m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="${folder}"/></m:SyncFolderId><m:MaxChangesReturned>512</m:MaxChangesReturned><m:SyncScope>NormalItems</m:SyncScope></m:SyncFolderItems>`,
          version,
        );
        expect(text).toContain("NoError");
      }
    }
  }
  const first = await call("sync initial", `<m:SyncFolderItems><m:ItemShape>${shape("IdOnly")}</m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId><m:MaxChangesReturned>512</m:MaxChangesReturned></m:SyncFolderItems>`);
  const state = /<m:SyncState>([^<]+)</.exec(first)?.[1] as string;
  const items = sim.control.listItems(ALICE, "inbox");
  sim.control.updateItem(ALICE, (items[1] as GroundTruthItem).id, { isRead: !(items[1] as GroundTruthItem).isRead });
  sim.control.updateItem(ALICE, (items[2] as GroundTruthItem).id, { subject: "changed" });
  sim.control.deleteItem(ALICE, (items[3] as GroundTruthItem).id);
  sim.control.deliverMail(ALICE, { from: { name: "N", email: "n@fabrikam.example" }, subject: "new" });
  for (const base of SHAPES) {
    await call(
      `sync incremental ${base}`,
      `<m:SyncFolderItems><m:ItemShape>${shape(base)}</m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId><m:SyncState>${state}</m:SyncState><m:MaxChangesReturned>100</m:MaxChangesReturned></m:SyncFolderItems>`,
    );
  }
  const bad = await call("sync bad state", `<m:SyncFolderItems><m:ItemShape>${shape("IdOnly")}</m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId><m:SyncState>garbage</m:SyncState><m:MaxChangesReturned>5</m:MaxChangesReturned></m:SyncFolderItems>`);
  expect(textOf((await post(sim.ewsUrl, envelope("<m:x/>"), AUTH)).doc, NS_M, "ResponseCode")).toBeUndefined();
  expect(bad).toContain("ErrorInvalidSyncStateData");
  await expectAllValid(45);
});

it("GetItem answers validate for messages, meeting requests and calendar items in every shape", async () => {
  const all = sim.control.listItems(ALICE);
  const pick = (kind: GroundTruthItem["kind"]) => all.filter((i) => i.kind === kind).slice(0, 15);
  const extras = [
    "",
    "<t:IncludeMimeContent>true</t:IncludeMimeContent><t:BodyType>Text</t:BodyType>",
    '<t:BodyType>HTML</t:BodyType><t:AdditionalProperties><t:FieldURI FieldURI="item:InternetMessageHeaders"/><t:FieldURI FieldURI="item:Attachments"/><t:FieldURI FieldURI="item:DateTimeReceived"/></t:AdditionalProperties>',
  ];
  for (const version of VERSIONS) {
    for (const kind of ["message", "meetingRequest", "calendarItem"] as const) {
      for (const base of SHAPES) {
        for (const extra of extras) {
          await call(`getitem ${kind} ${base} ${version}`, `<m:GetItem><m:ItemShape>${shape(base, extra)}</m:ItemShape><m:ItemIds>${itemIds(pick(kind))}</m:ItemIds></m:GetItem>`, version);
        }
      }
    }
  }
  const mr = pick("meetingRequest")[0] as GroundTruthItem;
  await call("getitem mr associated", `<m:GetItem><m:ItemShape>${shape("IdOnly", '<t:AdditionalProperties><t:FieldURI FieldURI="meeting:AssociatedCalendarItemId"/><t:FieldURI FieldURI="calendar:UID"/></t:AdditionalProperties>')}</m:ItemShape><m:ItemIds><t:ItemId Id="${mr.id}"/></m:ItemIds></m:GetItem>`);
  const mixed = await call(
    "getitem errors",
    `<m:GetItem><m:ItemShape>${shape("Default")}</m:ItemShape><m:ItemIds><t:ItemId Id="AAMkAD=="/>${itemIds(pick("message").slice(0, 1))}<t:ItemId Id="${sim.control.deliverMail(ALICE, { from: { name: "x", email: "x@y.example" }, subject: "x" }).id.replace(/^AAMk/, "AAMl")}"/></m:ItemIds></m:GetItem>`,
  );
  expect(mixed).toContain("ErrorInvalidIdMalformed");
  await expectAllValid(80);
});

it("GetFolder, FindItem and SyncFolderHierarchy answers validate", async () => {
  const folders = ["root", "msgfolderroot", "inbox", "drafts", "sentitems", "deleteditems", "outbox", "junkemail", "calendar", "contacts", "tasks", "journal"];
  for (const version of VERSIONS) {
    for (const base of SHAPES) {
      await call(
        `getfolder ${base} ${version}`,
        `<m:GetFolder><m:FolderShape>${shape(base)}</m:FolderShape><m:FolderIds>${folders.map((f) => `<t:DistinguishedFolderId Id="${f}"/>`).join("")}<t:FolderId Id="bogus"/></m:FolderIds></m:GetFolder>`,
        version,
      );
      await call(`hierarchy ${base} ${version}`, `<m:SyncFolderHierarchy><m:FolderShape>${shape(base)}</m:FolderShape></m:SyncFolderHierarchy>`, version);
      for (const folder of ["inbox", "calendar", "sentitems"]) {
        for (const view of ['<m:IndexedPageItemView MaxEntriesReturned="50" Offset="10" BasePoint="Beginning"/>', '<m:IndexedPageItemView MaxEntriesReturned="5" Offset="0" BasePoint="End"/>', ""]) {
          await call(
            `finditem ${folder} ${base} ${version}`,
            `<m:FindItem Traversal="Shallow"><m:ItemShape>${shape(base)}</m:ItemShape>${view}<m:ParentFolderIds><t:DistinguishedFolderId Id="${folder}"/></m:ParentFolderIds></m:FindItem>`,
            version,
          );
        }
      }
    }
  }
  await call("finditem two folders", `<m:FindItem Traversal="Shallow"><m:ItemShape>${shape("IdOnly")}</m:ItemShape><m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/><t:FolderId Id="nope"/></m:ParentFolderIds></m:FindItem>`);
  await expectAllValid(90);
});

it("throttling and injected error answers validate, and each injected fault is in its answer", async () => {
  const inbox = itemIds(sim.control.listItems(ALICE, "inbox").slice(0, 3));
  sim.control.injectFault({ fault: { kind: "exceededConnectionCount" }, count: 3 });
  const exceeded = [
    await call("exceeded getitem", `<m:GetItem><m:ItemShape>${shape("IdOnly")}</m:ItemShape><m:ItemIds>${inbox}</m:ItemIds></m:GetItem>`),
    await call("exceeded getfolder", `<m:GetFolder><m:FolderShape>${shape("IdOnly")}</m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>`),
    await call("exceeded finditem", `<m:FindItem Traversal="Shallow"><m:ItemShape>${shape("IdOnly")}</m:ItemShape><m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem>`),
  ];
  for (const text of exceeded) expect(text).toContain("<m:ResponseCode>ErrorExceededConnectionCount</m:ResponseCode>");
  sim.control.injectFault({ fault: { kind: "concurrentSyncCalls" } });
  const busy = await call("sync busy", `<m:SyncFolderItems><m:ItemShape>${shape("IdOnly")}</m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId><m:MaxChangesReturned>5</m:MaxChangesReturned></m:SyncFolderItems>`);
  expect(busy).toContain("<m:ResponseCode>ErrorServerBusy</m:ResponseCode>");
  expect(busy).toContain("BackOffMilliseconds");
  sim.control.injectFault({ fault: { kind: "invalidSyncState" } });
  const invalid = await call("hierarchy invalid", `<m:SyncFolderHierarchy><m:FolderShape>${shape("IdOnly")}</m:FolderShape></m:SyncFolderHierarchy>`);
  expect(invalid).toContain("<m:ResponseCode>ErrorInvalidSyncStateData</m:ResponseCode>");
  // Used up: the next call is answered normally.
  expect(await call("after faults", `<m:GetFolder><m:FolderShape>${shape("IdOnly")}</m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>`)).toContain("<m:ResponseCode>NoError</m:ResponseCode>");
  await expectAllValid(6);
});
