/**
 * The mailbox store: deterministic lazy generation, the change log behind SyncFolderItems, sync-state integrity, and the
 * scale the benchmark needs (a 100,000-item mailbox; 10,000 mailboxes) with printed timings (no timing assertions).
 */
import type { ExchangeSimulator } from "./index";
import { startExchangeSimulator } from "./index";
import type { ItemData, MessageData } from "./model/types";
import { FolderState } from "./store/folderState";
import { decodeItemId } from "./store/ids";
import { SyncStateCodec } from "./store/syncState";
import { NS_T, all, basic, envelope, post } from "./testing/rawSoap";
import { md4 } from "./auth/md4";

const END = "2026-06-30T12:00:00Z";
const CUSTOMERS = [
  { name: "Carla Customer", email: "carla@fabrikam.example" },
  { name: "Dan Deal", email: "dan@northwind.example" },
];

let sim: ExchangeSimulator;
const report: string[] = [];

beforeAll(async () => {
  sim = await startExchangeSimulator({ mode: "onprem", protocol: "http" });
});

afterAll(async () => {
  await sim?.close();
  process.stdout.write(`\nExchange simulator store benchmark:\n  ${report.join("\n  ")}\n`);
});

function mailbox(smtp: string): string {
  sim.control.createMailbox({ smtp, account: { domain: "CONTOSO", username: smtp.split("@")[0] as string, password: "pw" } });
  return smtp;
}

const owner = (smtp: string) => basic(`CONTOSO\\${smtp.split("@")[0]}`, "pw");

describe("deterministic generation", () => {
  it("the same seed gives the same mailbox; another seed a different one", () => {
    const [a, b, c] = [mailbox("gen-a@contoso.com"), mailbox("gen-b@contoso.com"), mailbox("gen-c@contoso.com")];
    const spec = { seed: 5, messages: 300, events: 30, externals: CUSTOMERS, endTime: END };
    sim.control.seedMailbox(a, spec);
    sim.control.seedMailbox(b, spec);
    sim.control.seedMailbox(c, { ...spec, seed: 6 });
    const shape = (smtp: string) =>
      sim.control.listItems(smtp).map((i) => [i.folder, i.kind, i.subject, i.dateTimeCreated, i.participants.filter((p) => !p.startsWith("gen-")).join(","), i.uid]);
    expect(shape(a)).toEqual(shape(b));
    expect(shape(a)).not.toEqual(shape(c));
  });

  it("customerRatio decides the share of items involving an external address; colleagues share the mailbox's domain", () => {
    const share = (ratio: number) => {
      const smtp = mailbox(`ratio-${ratio * 100}@contoso.com`);
      sim.control.seedMailbox(smtp, { seed: 1, messages: 1500, events: 200, externals: CUSTOMERS, customerRatio: ratio, meetingRequestRatio: 0, endTime: END });
      const items = sim.control.listItems(smtp);
      const external = items.filter((i) => i.participants.some((p) => !p.endsWith("@contoso.com")));
      expect(items.flatMap((i) => i.participants).filter((p) => !p.endsWith("@contoso.com")).every((p) => CUSTOMERS.some((c) => c.email === p))).toBe(true);
      return external.length / items.length;
    };
    expect(share(0)).toBe(0);
    expect(share(1)).toBe(1);
    const middle = share(0.3);
    expect(middle).toBeGreaterThan(0.22);
    expect(middle).toBeLessThan(0.38);
  });

  it("produces private items, attachments, sent mail, and meeting requests matching a calendar item's UID", () => {
    const smtp = mailbox("mix@contoso.com");
    const counts = sim.control.seedMailbox(smtp, { seed: 9, messages: 800, events: 80, privateRatio: 0.1, attachmentRatio: 0.3, meetingRequestRatio: 0.1, endTime: END });
    expect(counts).toEqual({ inbox: 600, sentitems: 200, calendar: 80 });
    const items = sim.control.listItems(smtp);
    expect(items.some((i) => i.sensitivity === "Private")).toBe(true);
    expect(items.some((i) => i.hasAttachments)).toBe(true);
    expect(items.filter((i) => i.folder === "sentitems").every((i) => i.from?.email === smtp)).toBe(true);
    const uids = new Set(items.filter((i) => i.kind === "calendarItem").map((i) => i.uid));
    const requests = items.filter((i) => i.kind === "meetingRequest");
    expect(requests.length).toBeGreaterThan(20);
    expect(requests.every((r) => uids.has(r.uid))).toBe(true);
    expect(requests.every((r) => r.organizer?.email !== smtp)).toBe(true);
  });

  it("the same message can be delivered to two mailboxes under one Internet Message-ID", () => {
    const [x, y] = [mailbox("same-x@contoso.com"), mailbox("same-y@contoso.com")];
    const id = "<shared-4711@mail.fabrikam.example>";
    for (const smtp of [x, y]) {
      sim.control.deliverMail(smtp, {
        from: CUSTOMERS[0] as { name: string; email: string },
        to: [{ name: "X", email: x }, { name: "Y", email: y }],
        subject: "Order",
        internetMessageId: id,
      });
    }
    expect([x, y].map((smtp) => sim.control.listItems(smtp, "inbox")[0]?.internetMessageId)).toEqual([id, id]);
  });
});

describe("the change log", () => {
  const message = (subject: string, isRead = false): MessageData => ({
    kind: "message",
    subject,
    body: "",
    sensitivity: "Normal",
    importance: "Normal",
    attachments: [],
    created: 0,
    lastModified: 0,
    from: { name: "a", email: "a@x.example" },
    sender: { name: "a", email: "a@x.example" },
    to: [],
    cc: [],
    bcc: [],
    isRead,
    internetMessageId: "<a@x>",
    received: 0,
    sent: 0,
  });
  const generated = (count: number) => ({ count, item: (k: number): ItemData => message(`g${k}`), kind: () => "message" as const, isUnread: () => true });

  it("reports each item once, as its net change since the watermark", () => {
    const folder = new FolderState("inbox", generated(10));
    const mark = folder.changeNumber;
    const created = folder.deliver(message("new")).key;
    folder.update(created, message("new, edited")); // created then updated: one Create
    const gone = folder.deliver(message("short-lived")).key;
    folder.delete(gone); // created then deleted: nothing
    folder.update(3, { ...(folder.get(3)?.data as MessageData), isRead: true }); // read flag only
    folder.update(4, { ...(folder.get(4)?.data as MessageData), isRead: true });
    folder.update(4, { ...(folder.get(4)?.data as MessageData), subject: "edited" }); // read + edit: Update
    folder.delete(5);
    const { changes, done } = folder.changesSince(mark, 100);
    expect(done).toBe(true);
    expect(changes.map((c) => [c.kind, c.key])).toEqual([
      ["create", created],
      ["readFlag", 3],
      ["update", 4],
      ["delete", 5],
    ]);
    expect(folder.totalCount).toBe(10 + 1 - 1);
    expect(folder.unreadCount).toBe(10 - 1 - 1 + 1 - 1 + 0);
  });

  it("pages changes without losing or repeating any, and walks newest first", () => {
    const folder = new FolderState("inbox", generated(50));
    const mark = folder.changeNumber;
    for (let k = 1; k <= 50; k += 2) folder.delete(k);
    const seen: number[] = [];
    let watermark = mark;
    for (;;) {
      const page = folder.changesSince(watermark, 7);
      seen.push(...page.changes.map((c) => c.key));
      watermark = page.watermark;
      if (page.done) break;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 2 * i + 1));
    const keys: number[] = [];
    let next = folder.changeNumber;
    while (next > 0) {
      const page = folder.newestFirst(next, 4);
      keys.push(...page.items.map((i) => i.key));
      next = page.nextKey;
    }
    expect(keys).toEqual(Array.from({ length: 25 }, (_, i) => 50 - 2 * i));
    expect([0, 5, 24].map((o) => folder.keyAtOffset(o))).toEqual([50, 40, 2]);
  });

  it("sync states round-trip and any tampering is detected", () => {
    const codec = new SyncStateCodec("secret");
    const guid = Buffer.alloc(16, 7);
    const state = { kind: "items" as const, mailboxGuid: guid, epoch: 1, folderCode: 3, cursor: { phase: "incremental" as const, watermark: 42 } };
    const blob = codec.encode(state);
    expect(blob.startsWith("H4sI")).toBe(true); // gzip, like real EWS sync states
    expect(codec.decode(blob)).toEqual(state);
    expect(new SyncStateCodec("other secret").decode(blob)).toBeUndefined();
    const bytes = Buffer.from(blob, "base64");
    for (let i = 10; i < bytes.length; i += 5) {
      const copy = Buffer.from(bytes);
      copy[i] = (copy[i] as number) ^ 0x55;
      expect(codec.decode(copy.toString("base64"))).toBeUndefined();
    }
  });

  it("MD4 (for NTLM) matches the RFC 1320 test vectors", () => {
    expect(md4(Buffer.from("")).toString("hex")).toBe("31d6cfe0d16ae931b73c59d7e0c089c0");
    expect(md4(Buffer.from("abc")).toString("hex")).toBe("a448017aaf21d8525fc10ae87aa6729d");
    expect(md4(Buffer.from("12345678901234567890123456789012345678901234567890123456789012345678901234567890")).toString("hex")).toBe("e33b4ddc9c38f2199c3e7b164fcc0536");
  });
});

describe("scale", () => {
  jest.setTimeout(180_000);

  it("serves a 100,000-item mailbox lazily: a full IdOnly initial sync in 512-item pages, then deep FindItem pages", async () => {
    const smtp = mailbox("big@contoso.com");
    const heapBefore = process.memoryUsage().heapUsed;
    let t = performance.now();
    const counts = sim.control.seedMailbox(smtp, { seed: 2024, messages: 100_000, events: 5_000, endTime: END });
    report.push(`seed 100,000 messages + 5,000 events: ${(performance.now() - t).toFixed(1)} ms, heap +${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(1)} MB`);

    const syncBody = (state: string) =>
      envelope(`<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId>${state ? `<m:SyncState>${state}</m:SyncState>` : ""}<m:MaxChangesReturned>512</m:MaxChangesReturned></m:SyncFolderItems>`);
    const keys: number[] = [];
    const times: number[] = [];
    let state = "";
    for (;;) {
      t = performance.now();
      const res = await fetch(sim.ewsUrl, { method: "POST", headers: { "content-type": "text/xml", ...owner(smtp) }, body: syncBody(state) });
      const text = await res.text();
      times.push(performance.now() - t); // request + answer over loopback HTTP; the parsing below is the test's
      for (const m of text.matchAll(/<t:ItemId Id="([^"]+)"/g)) keys.push(decodeItemId(m[1] as string)?.key ?? -1);
      state = /<m:SyncState>([^<]*)</.exec(text)?.[1] as string;
      if (text.includes("<m:IncludesLastItemInRange>true<")) break;
    }
    expect(keys).toHaveLength(counts.inbox);
    expect(keys.every((k, i) => i === 0 || k < (keys[i - 1] as number))).toBe(true); // newest first, no repeats
    const sorted = [...times].sort((a, b) => a - b);
    report.push(
      `initial sync of ${counts.inbox} items: ${times.length} pages of 512 (IdOnly, over HTTP): median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]?.toFixed(1)} ms, max ${sorted[sorted.length - 1]?.toFixed(1)} ms`,
    );

    // Changes after the initial sync come back incrementally.
    const d = sim.control.deliverMail(smtp, { from: CUSTOMERS[0] as { name: string; email: string }, subject: "late" });
    t = performance.now();
    const incremental = await post(sim.ewsUrl, syncBody(state), owner(smtp));
    report.push(`incremental sync with one change: ${(performance.now() - t).toFixed(1)} ms`);
    expect(all(incremental.doc, NS_T, "ItemId").map((e) => e.getAttribute("Id"))).toEqual([d.id]);

    // A deep IndexedPageItemView page (offset 74,000) after a deletion near the top.
    for (const id of all(incremental.doc, NS_T, "ItemId")) sim.control.deleteItem(smtp, id.getAttribute("Id") as string, { mode: "hard" });
    t = performance.now();
    const find = await post(
      sim.ewsUrl,
      envelope(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="100" Offset="74000" BasePoint="Beginning"/><m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem>`),
      owner(smtp),
    );
    report.push(`FindItem AllProperties, 100 items at offset 74,000: ${(performance.now() - t).toFixed(1)} ms`);
    const foundKeys = all(find.doc, NS_T, "ItemId").map((e) => decodeItemId(e.getAttribute("Id") ?? "")?.key);
    expect(foundKeys).toEqual(keys.slice(74000, 74100));

    // EWSFindCountLimit: one answer holds at most 1000 items, even when more are asked for.
    const capped = await fetch(sim.ewsUrl, {
      method: "POST",
      headers: { "content-type": "text/xml", ...owner(smtp) },
      body: envelope(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="5000" Offset="0" BasePoint="Beginning"/><m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem>`),
    }).then((r) => r.text());
    expect(capped.split("<t:Message>").length - 1 + (capped.split("<t:MeetingRequest>").length - 1)).toBe(1000);
    expect(capped).toContain('IndexedPagingOffset="1000"');
    expect(capped).toContain('IncludesLastItemInRange="false"');
  });

  it("holds 10,000 small mailboxes and serves concurrent calls with 20 ms latency", async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    let t = performance.now();
    for (let i = 0; i < 10_000; i++) {
      const smtp = `user${i}@scale.example`;
      sim.control.createMailbox({ smtp, tenantId: "scale.example" });
      sim.control.seedMailbox(smtp, { seed: i, messages: 200, events: 20, endTime: END });
    }
    report.push(`10,000 mailboxes x 220 items: created in ${(performance.now() - t).toFixed(0)} ms, heap +${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(1)} MB`);
    sim.control.addAccount({ domain: "SCALE", username: "svc", password: "pw", org: "scale.example", impersonation: "all" });
    sim.control.setLatency({ ms: 20 });
    sim.control.setThrottling({ maxConcurrency: 1000 });
    try {
      t = performance.now();
      const replies = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const res = await fetch(sim.ewsUrl, {
            method: "POST",
            headers: { "content-type": "text/xml", ...basic("SCALE\\svc", "pw") },
            body: envelope(`<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId><m:MaxChangesReturned>512</m:MaxChangesReturned></m:SyncFolderItems>`, {
              impersonate: `user${i * 50}@scale.example`,
            }),
          });
          return { status: res.status, creates: (await res.text()).split("<t:Create>").length - 1 };
        }),
      );
      report.push(`200 concurrent impersonated SyncFolderItems on 200 mailboxes (20 ms latency each): ${(performance.now() - t).toFixed(0)} ms in total`);
      expect(replies.every((r) => r.status === 200 && r.creates === 150)).toBe(true);
    } finally {
      sim.control.setLatency({ ms: 0 });
      sim.control.setThrottling({ maxConcurrency: 27 });
    }
  });
});
