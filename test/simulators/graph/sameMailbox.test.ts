/**
 * One mailbox, two APIs, as Exchange Online serves it: what control delivers appears over EWS and over Graph; the
 * Internet Message-ID is the same on both; a single meeting's EWS UID is its Graph iCalUId; a recurring series is one
 * master item over EWS and expanded occurrences over Graph.
 */
import { EXO_RESOURCE } from "../exchange/testing/tokenIssuer";
import { ews, oauthService, syncAll, useXhr } from "../exchange/testing/ewsClient";
import { deltaRound, liveItems } from "./testing/graphClient";
import type { GraphTestWorld } from "./testing/world";
import { ALICE, TENANT, startGraphTestWorld } from "./testing/world";

let w: GraphTestWorld;
let ewsToken: string;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  w = await startGraphTestWorld({ messages: 20, events: 4 });
  ewsToken = await w.issuer.delegated(ALICE, { tenantId: TENANT, audience: EXO_RESOURCE });
  useXhr();
});
afterAll(async () => {
  await w?.close();
});

test("a delivered message appears on both faces with the same Internet Message-ID", async () => {
  const service = oauthService(w.sim.ewsUrl, ewsToken);
  const ewsBefore = await syncAll(service, ews.WellKnownFolderName.Inbox);
  const graphBefore = await deltaRound(`${w.graphUrl}/me/mailFolders/inbox/messages/delta?$select=internetMessageId`, w.alice, { prefer: "odata.maxpagesize=50" });
  expect(graphBefore.items.length).toBe(ewsBefore.changes.length);

  const delivered = w.sim.control.deliverMail(ALICE, { from: { name: "Bea Buyer", email: "buyer@fabrikam.com" }, subject: "Seen twice" });
  const ewsAfter = await syncAll(service, ews.WellKnownFolderName.Inbox, { syncState: ewsBefore.syncState, propertySet: new ews.PropertySet(ews.BasePropertySet.IdOnly, [ews.EmailMessageSchema.InternetMessageId]) });
  const graphAfter = await deltaRound(graphBefore.deltaLink, w.alice);
  expect(ewsAfter.changes.map((c) => (c.Item as ews.EmailMessage).InternetMessageId)).toEqual([delivered.internetMessageId]);
  expect(graphAfter.items.map((i) => i.internetMessageId)).toEqual([delivered.internetMessageId]);
});

test("a single meeting's EWS UID equals its Graph iCalUId; a series is a master over EWS and occurrences over Graph", async () => {
  const day0 = Math.floor(Date.now() / DAY) * DAY + 2 * DAY;
  const organizer = { name: "Alice", email: ALICE };
  const single = w.sim.control.createEvent(ALICE, { subject: "Pricing call", start: iso(day0 + 9 * 3_600_000), end: iso(day0 + 10 * 3_600_000), organizer });
  const series = w.sim.control.createRecurringEvent(ALICE, { subject: "Daily stand-up", start: iso(day0 + 8 * 3_600_000), end: iso(day0 + 8.25 * 3_600_000), organizer, pattern: "daily", numberOfOccurrences: 3 });

  const service = oauthService(w.sim.ewsUrl, ewsToken);
  const bound = await service.BindToItems([new ews.ItemId(single.calendarItem.id), new ews.ItemId(series.calendarItem.id)], ews.PropertySet.FirstClassProperties);
  const [ewsSingle, ewsSeries] = bound.Responses.map((r) => r.Item as ews.Appointment);
  expect(ewsSingle?.ICalUid).toBe(single.uid);
  expect(ewsSeries?.ICalUid).toBe(series.uid);

  const window = `startDateTime=${iso(day0 - DAY)}&endDateTime=${iso(day0 + 7 * DAY)}`;
  const round = await deltaRound(`${w.graphUrl}/me/calendarView/delta?${window}`, w.alice);
  const events = liveItems(round.items);
  expect(events.find((e) => e.subject === "Pricing call")?.iCalUId).toBe(ewsSingle?.ICalUid);
  const standUps = events.filter((e) => e.subject === "Daily stand-up");
  expect(standUps.map((e) => e.type)).toEqual(["occurrence", "occurrence", "occurrence"]);
  expect(standUps.every((e) => e.iCalUId !== series.uid && (e.iCalUId as string).slice(40) === series.uid.slice(40))).toBe(true);
  // Over EWS the calendar still holds one item for the series.
  const found = await service.FindItems(ews.WellKnownFolderName.Calendar, new ews.ItemView(100, 0));
  expect(found.Items.filter((i) => i.Subject === "Daily stand-up").map((i) => i.Id.UniqueId)).toEqual([series.calendarItem.id]);
});
