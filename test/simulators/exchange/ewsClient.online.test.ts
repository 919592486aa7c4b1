/**
 * ews-javascript-api against the simulator in Exchange Online mode (OAuth bearer): the calls the sync server makes,
 * checked against the simulator's ground truth.
 */
import type { ExchangeSimulator, GroundTruthItem } from "./index";
import { startExchangeSimulator } from "./index";
import { ews, impersonating, oauthService, syncAll, useXhr } from "./testing/ewsClient";
import type { TokenIssuer } from "./testing/tokenIssuer";
import { startTokenIssuer } from "./testing/tokenIssuer";

const TENANT = "3f1c2a9e-7d2b-4c1e-9a51-2b7f0c8e6d41";
const ALICE = "alice@contoso.com";
const BOB = "bob@contoso.com";
const CUSTOMER = { name: "Carla Customer", email: "carla@fabrikam.example" };

let issuer: TokenIssuer;
let sim: ExchangeSimulator;
let aliceToken: string;

beforeAll(async () => {
  issuer = await startTokenIssuer();
  sim = await startExchangeSimulator({ mode: "online", trust: { jwksUri: issuer.jwksUri, issuerPrefix: issuer.issuerPrefix } });
  sim.control.createTenant({ tenantId: TENANT, domains: ["contoso.com"] });
  sim.control.createMailbox({ smtp: ALICE, displayName: "Alice Archer", tenantId: TENANT });
  sim.control.createMailbox({ smtp: BOB, displayName: "Bob Baker", tenantId: TENANT });
  sim.control.seedMailbox(ALICE, { seed: 42, messages: 1400, events: 60, externals: [CUSTOMER, { name: "Dan Deal", email: "dan@northwind.example" }] });
  sim.control.seedMailbox(BOB, { seed: 7, messages: 30, events: 5 });
  aliceToken = await issuer.delegated(ALICE, { tenantId: TENANT });
  useXhr();
});

afterAll(async () => {
  await sim?.close();
  await issuer?.close();
});

const ids = (changes: ews.ItemChange[]) => changes.map((c) => c.ItemId.UniqueId);

describe("SyncFolderItems through ews-javascript-api", () => {
  it("pages an initial sync newest first until IncludesLastItemInRange and delivers exactly the live items", async () => {
    const service = oauthService(sim.ewsUrl, aliceToken);
    const truth = sim.control.listItems(ALICE, "inbox");
    const { changes, calls } = await syncAll(service, ews.WellKnownFolderName.Inbox, { pageSize: 512 });
    expect(calls).toBe(Math.ceil(truth.length / 512));
    expect(changes.every((c) => c.ChangeType === ews.ChangeType.Create)).toBe(true);
    expect(ids(changes)).toEqual(truth.map((t) => t.id)); // ground truth is newest first, like Exchange's initial sync
  });

  it("reports later deliveries, updates, read-flag changes and deletions incrementally", async () => {
    const service = oauthService(sim.ewsUrl, aliceToken);
    const initial = await syncAll(service, ews.WellKnownFolderName.Inbox);
    const truth = sim.control.listItems(ALICE, "inbox");
    const [toRead, toUpdate, toDelete] = [truth[10] as GroundTruthItem, truth[20] as GroundTruthItem, truth[30] as GroundTruthItem];
    const delivered = sim.control.deliverMail(ALICE, { from: CUSTOMER, subject: "New order", body: "Please ship." });
    sim.control.updateItem(ALICE, toRead.id, { isRead: !toRead.isRead });
    const updated = sim.control.updateItem(ALICE, toUpdate.id, { subject: "Edited subject" });
    sim.control.deleteItem(ALICE, toDelete.id);

    const next = await syncAll(service, ews.WellKnownFolderName.Inbox, { syncState: initial.syncState });
    const byType = (t: ews.ChangeType) => next.changes.filter((c) => c.ChangeType === t).map((c) => c.ItemId.UniqueId);
    expect(byType(ews.ChangeType.Create)).toEqual([delivered.id]);
    expect(byType(ews.ChangeType.ReadFlagChange)).toEqual([toRead.id]);
    expect(byType(ews.ChangeType.Update)).toEqual([toUpdate.id]);
    expect(byType(ews.ChangeType.Delete)).toEqual([toDelete.id]);
    const update = next.changes.find((c) => c.ChangeType === ews.ChangeType.Update) as ews.ItemChange;
    expect(update.ItemId.ChangeKey).toBe(updated.changeKey);
    expect(update.ItemId.ChangeKey).not.toBe(toUpdate.changeKey);
    const readChange = next.changes.find((c) => c.ChangeType === ews.ChangeType.ReadFlagChange) as ews.ItemChange;
    expect(readChange.IsRead).toBe(!toRead.isRead);

    const quiet = await syncAll(service, ews.WellKnownFolderName.Inbox, { syncState: next.syncState });
    expect(quiet.changes).toHaveLength(0);
  });

  it("reports a moved and a cancelled meeting as calendar updates", async () => {
    const service = oauthService(sim.ewsUrl, aliceToken);
    const initial = await syncAll(service, ews.WellKnownFolderName.Calendar);
    const events = sim.control.listItems(ALICE, "calendar");
    const [moved, cancelled] = [events[0] as GroundTruthItem, events[1] as GroundTruthItem];
    const newStart = new Date(Date.parse(moved.start as string) + 3_600_000).toISOString();
    const newEnd = new Date(Date.parse(moved.end as string) + 3_600_000).toISOString();
    sim.control.updateItem(ALICE, moved.id, { start: newStart, end: newEnd });
    sim.control.updateItem(ALICE, cancelled.id, { isCancelled: true });

    const ps = new ews.PropertySet(ews.BasePropertySet.IdOnly, [ews.AppointmentSchema.Start, ews.AppointmentSchema.IsCancelled, ews.ItemSchema.Subject]);
    const next = await syncAll(service, ews.WellKnownFolderName.Calendar, { syncState: initial.syncState, propertySet: ps });
    expect(next.changes.map((c) => c.ChangeType)).toEqual([ews.ChangeType.Update, ews.ChangeType.Update]);
    const byId = new Map(next.changes.map((c) => [c.ItemId.UniqueId, c.Item as ews.Appointment]));
    expect(byId.get(moved.id)?.Start.ToISOString()).toBe(newStart);
    expect(byId.get(cancelled.id)?.IsCancelled).toBe(true);
    expect(byId.get(cancelled.id)?.Subject.startsWith("Canceled: ")).toBe(true);
  });
});

describe("GetItem through ews-javascript-api", () => {
  it("BindToItems returns the requested message properties matching ground truth, and only those", async () => {
    const service = oauthService(sim.ewsUrl, aliceToken);
    const truth = sim.control.listItems(ALICE, "inbox").filter((t) => t.kind === "message").slice(0, 10);
    const ps = new ews.PropertySet(ews.BasePropertySet.IdOnly, [
      ews.ItemSchema.Subject,
      ews.EmailMessageSchema.From,
      ews.EmailMessageSchema.ToRecipients,
      ews.EmailMessageSchema.CcRecipients,
      ews.EmailMessageSchema.InternetMessageId,
      ews.ItemSchema.Sensitivity,
      ews.ItemSchema.Body,
    ]);
    ps.RequestedBodyType = ews.BodyType.Text;
    const responses = await service.BindToItems(truth.map((t) => new ews.ItemId(t.id)), ps);
    expect(responses.OverallResult).toBe(ews.ServiceResult.Success);
    responses.Responses.forEach((r, i) => {
      const t = truth[i] as GroundTruthItem;
      const m = r.Item as ews.EmailMessage;
      expect(m.Subject).toBe(t.subject);
      expect(m.From.Address).toBe(t.from?.email);
      expect(m.ToRecipients.GetEnumerator().map((x) => x.Address)).toEqual(t.to.map((p) => p.email));
      expect(m.CcRecipients.GetEnumerator().map((x) => x.Address)).toEqual(t.cc.map((p) => p.email));
      expect(m.InternetMessageId).toBe(t.internetMessageId);
      expect(ews.Sensitivity[m.Sensitivity]).toBe(t.sensitivity);
      expect(m.Body.BodyType).toBe(ews.BodyType.Text);
      // Not requested, so not returned: the client refuses to read it.
      expect(() => m.DateTimeReceived).toThrow();
    });
  });

  it("LoadPropertiesForItems returns calendar items with UID, times, organizer and attendees", async () => {
    const service = oauthService(sim.ewsUrl, aliceToken);
    const truth = sim.control.listItems(ALICE, "calendar").slice(0, 12);
    const found = await service.FindItems(ews.WellKnownFolderName.Calendar, new ews.ItemView(12, 0));
    const items = found.Items;
    expect(items.map((i) => i.Id.UniqueId)).toEqual(truth.map((t) => t.id));
    // FindItem cannot return attendees; LoadPropertiesForItems (a GetItem batch) can.
    await service.LoadPropertiesForItems(items, ews.PropertySet.FirstClassProperties);
    items.forEach((item, i) => {
      const t = truth[i] as GroundTruthItem;
      const a = item as ews.Appointment;
      expect(a.ICalUid).toBe(t.uid);
      expect(a.Start.ToISOString()).toBe(t.start);
      expect(a.End.ToISOString()).toBe(t.end);
      expect(a.IsAllDayEvent).toBe(t.isAllDay);
      expect(a.Organizer.Address).toBe(t.organizer?.email);
      expect(a.RequiredAttendees.GetEnumerator().map((x) => x.Address)).toEqual(t.requiredAttendees.map((p) => p.email));
      expect(a.OptionalAttendees.GetEnumerator().map((x) => x.Address)).toEqual(t.optionalAttendees.map((p) => p.email));
      expect(ews.Sensitivity[a.Sensitivity]).toBe(t.sensitivity);
      expect(a.IsCancelled).toBe(t.isCancelled);
      expect(a.Subject).toBe(t.subject);
    });
  });

  it("returns meeting requests from the Inbox with their meeting data", async () => {
    const service = oauthService(sim.ewsUrl, aliceToken);
    const requests = sim.control.listItems(ALICE, "inbox").filter((t) => t.kind === "meetingRequest").slice(0, 3);
    expect(requests.length).toBeGreaterThan(0);
    const bound = await service.BindToItems(requests.map((t) => new ews.ItemId(t.id)), ews.PropertySet.FirstClassProperties);
    bound.Responses.forEach((r, i) => {
      const t = requests[i] as GroundTruthItem;
      expect(r.Item).toBeInstanceOf(ews.MeetingRequest);
      const mr = r.Item as ews.MeetingRequest;
      expect(mr.ICalUid).toBe(t.uid);
      expect(mr.Start.ToISOString()).toBe(t.start);
      expect(mr.Organizer.Address).toBe(t.organizer?.email);
    });
  });

  it("answers a deleted id in a batch with ErrorItemNotFound for that id only", async () => {
    const service = oauthService(sim.ewsUrl, aliceToken);
    const truth = sim.control.listItems(ALICE, "sentitems").slice(0, 3);
    sim.control.deleteItem(ALICE, (truth[1] as GroundTruthItem).id, { mode: "hard" });
    const responses = await service.BindToItems(truth.map((t) => new ews.ItemId(t.id)), ews.PropertySet.IdOnly);
    expect(responses.Responses.map((r) => r.Result)).toEqual([ews.ServiceResult.Success, ews.ServiceResult.Error, ews.ServiceResult.Success]);
    expect(responses.Responses[1]?.ErrorCode).toBe(ews.ServiceError.ErrorItemNotFound);
  });

  it("returns attachments metadata and, when asked, internet message headers", async () => {
    const service = oauthService(sim.ewsUrl, aliceToken);
    const withAttachment = sim.control.listItems(ALICE, "inbox").find((t) => t.kind === "message" && t.hasAttachments) as GroundTruthItem;
    const ps = new ews.PropertySet(ews.BasePropertySet.IdOnly, [ews.ItemSchema.Attachments, ews.ItemSchema.HasAttachments, ews.ItemSchema.InternetMessageHeaders]);
    const [response] = (await service.BindToItems([new ews.ItemId(withAttachment.id)], ps)).Responses;
    const item = response?.Item as ews.EmailMessage;
    expect(item.HasAttachments).toBe(true);
    const attachments = item.Attachments.GetEnumerator().map((a) => ({ name: a.Name, contentType: a.ContentType, size: a.Size }));
    expect(attachments).toEqual(withAttachment.attachments);
    const headers = item.InternetMessageHeaders.GetEnumerator().map((h) => h.Name);
    expect(headers).toEqual(expect.arrayContaining(["Message-ID", "From", "Subject"]));
  });
});

describe("GetFolder, FindItem and SyncFolderHierarchy through ews-javascript-api", () => {
  it("Folder.Bind on the Inbox reports TotalCount, UnreadCount and ChildFolderCount", async () => {
    const service = oauthService(sim.ewsUrl, aliceToken);
    const folder = await ews.Folder.Bind(service, ews.WellKnownFolderName.Inbox);
    const counts = sim.control.folderCounts(ALICE).inbox;
    expect(folder.TotalCount).toBe(counts.total);
    expect(folder.UnreadCount).toBe(counts.unread);
    expect(folder.ChildFolderCount).toBe(0);
    expect(folder.DisplayName).toBe("Inbox");
  });

  it("FindItems pages with IndexedPageItemView in newest-first order", async () => {
    const service = oauthService(sim.ewsUrl, aliceToken);
    const truth = sim.control.listItems(ALICE, "sentitems");
    const seen: string[] = [];
    let offset = 0;
    for (;;) {
      const view = new ews.ItemView(40, offset);
      const page = await service.FindItems(ews.WellKnownFolderName.SentItems, view);
      expect(page.TotalCount).toBe(truth.length);
      seen.push(...page.Items.map((i) => i.Id.UniqueId));
      if (!page.MoreAvailable) break;
      offset = page.NextPageOffset as number;
    }
    expect(seen).toEqual(truth.map((t) => t.id));
  });

  it("SyncFolderHierarchy lists the well-known folders once, then nothing", async () => {
    const service = oauthService(sim.ewsUrl, aliceToken);
    const first = await service.SyncFolderHierarchy(new ews.FolderId(ews.WellKnownFolderName.MsgFolderRoot), ews.PropertySet.FirstClassProperties, "");
    const names = first.GetEnumerator().map((c) => (c.Folder as ews.Folder).DisplayName);
    expect(names).toEqual(expect.arrayContaining(["Inbox", "Sent Items", "Calendar", "Deleted Items", "Drafts"]));
    const second = await service.SyncFolderHierarchy(new ews.FolderId(ews.WellKnownFolderName.MsgFolderRoot), ews.PropertySet.IdOnly, first.SyncState);
    expect(second.Count).toBe(0);
  });
});

describe("app-only token with impersonation", () => {
  it("syncs another user's mailbox with ExchangeImpersonation + X-AnchorMailbox", async () => {
    const token = await issuer.appOnly({ tenantId: TENANT });
    const service = impersonating(oauthService(sim.ewsUrl, token), BOB);
    const { changes } = await syncAll(service, ews.WellKnownFolderName.Inbox);
    expect(ids(changes)).toEqual(sim.control.listItems(BOB, "inbox").map((t) => t.id));
    expect(sim.control.callCounters(BOB).SyncFolderItems).toBeGreaterThan(0);
  });
});
