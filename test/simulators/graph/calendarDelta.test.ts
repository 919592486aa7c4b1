/**
 * The calendar over Graph as a sync client sees it: calendarView delta expands a recurring series into occurrences
 * (one exception, one cancelled occurrence), a single meeting's iCalUId is the EWS UID, and later rounds report moved,
 * deleted and out-of-window changes with @removed, as event-delta.md describes.
 */
import { deltaRound, graphCall, liveItems, removedIds } from "./testing/graphClient";
import type { GraphTestWorld } from "./testing/world";
import { ALICE, BOB, startGraphTestWorld } from "./testing/world";

let w: GraphTestWorld;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const organizer = { name: "Alice", email: ALICE };
const buyer = { name: "Bea Buyer", email: "buyer@fabrikam.com" };
/** Midnight UTC, a week from the clock's today: the window is built from the clock, never fixed dates. */
let day0: number;
let windowStart: number;
let windowEnd: number;
const iso = (ms: number) => new Date(ms).toISOString();
const at = (offsetDays: number, hour: number) => day0 + offsetDays * DAY + hour * HOUR;

beforeAll(async () => {
  w = await startGraphTestWorld({ events: 0 });
  day0 = Math.floor(Date.now() / DAY) * DAY + 7 * DAY;
  windowStart = day0 - 7 * DAY;
  windowEnd = day0 + 28 * DAY;
});
afterAll(async () => {
  await w?.close();
});

const viewUrl = (who: string, extra = "") =>
  `${w.graphUrl}/users/${who}/calendarView/delta?startDateTime=${iso(windowStart)}&endDateTime=${iso(windowEnd)}${extra}`;
const startOf = (e: Record<string, unknown>) => Date.parse(`${(e.start as { dateTime: string }).dateTime.slice(0, 23)}Z`);

test("a recurring series is expanded into occurrences, with its exception, without the cancelled one", async () => {
  const series = w.sim.control.createRecurringEvent(ALICE, {
    subject: "Weekly pipeline review",
    start: iso(at(0, 9)),
    end: iso(at(0, 10)),
    organizer,
    required: [{ name: buyer.name, email: buyer.email }],
    pattern: "weekly",
    numberOfOccurrences: 6,
  });
  w.sim.control.cancelOccurrence(ALICE, series.calendarItem.id, { originalStart: iso(at(14, 9)) });
  w.sim.control.modifyOccurrence(ALICE, series.calendarItem.id, { originalStart: iso(at(7, 9)), start: iso(at(8, 15)), end: iso(at(8, 16)) });

  const round = await deltaRound(viewUrl(ALICE), w.alice, { prefer: "odata.maxpagesize=2" });
  const events = liveItems(round.items).filter((e) => e.subject === "Weekly pipeline review");
  // Six weekly occurrences from day 0: day 7 moved to day 8 (exception), day 14 cancelled, days 28 9:00 and 35 after the window's end.
  expect(events.map((e) => startOf(e)).sort()).toEqual([at(0, 9), at(8, 15), at(21, 9)]);
  expect(events.map((e) => e.type).sort()).toEqual(["exception", "occurrence", "occurrence"]);
  const masterIds = new Set(events.map((e) => e.seriesMasterId));
  expect(masterIds.size).toBe(1);
  expect(new Set(events.map((e) => e.iCalUId)).size).toBe(events.length);
  for (const e of events) expect(e.iCalUId).toMatch(/^040000008200E00074C5B7101A82E008/);
  // The series master itself is not part of a calendarView; it is readable by its id.
  expect(events.some((e) => e.type === "seriesMaster")).toBe(false);
  const master = await graphCall(`${w.graphUrl}/users/${ALICE}/events/${[...masterIds][0] as string}`, w.alice);
  expect(master.json?.type).toBe("seriesMaster");
  expect((master.json?.recurrence as { pattern: { type: string } }).pattern.type).toBe("weekly");
  expect(master.json?.iCalUId).toBe(series.uid);

  // Cancelling another occurrence later reports it as @removed in the next round.
  const occurrence = events.find((e) => startOf(e) === at(21, 9)) as Record<string, unknown>;
  w.sim.control.cancelOccurrence(ALICE, series.calendarItem.id, { originalStart: iso(at(21, 9)) });
  const next = await deltaRound(round.deltaLink, w.alice);
  expect(removedIds(next.items)).toContain(occurrence.id);
  expect(liveItems(next.items).some((e) => e.id === occurrence.id)).toBe(false);
  const gone = await graphCall(`${w.graphUrl}/users/${ALICE}/events/${occurrence.id as string}`, w.alice);
  expect(gone.status).toBe(404);
});

test("a single meeting's iCalUId is the UID EWS shows, and its moves and deletion are reported", async () => {
  const meeting = w.sim.control.createEvent(BOB, { subject: "Contract call", start: iso(at(2, 14)), end: iso(at(2, 15)), organizer: buyer, meetingRequest: true });
  const staying = w.sim.control.createEvent(BOB, { subject: "Demo", start: iso(at(3, 10)), end: iso(at(3, 11)), organizer: { name: "Bob", email: BOB } });
  const round = await deltaRound(viewUrl(BOB), w.app, { prefer: 'odata.maxpagesize=3, IdType="ImmutableId"' });
  const call = liveItems(round.items).find((e) => e.subject === "Contract call") as Record<string, unknown>;
  const demo = liveItems(round.items).find((e) => e.subject === "Demo") as Record<string, unknown>;
  expect(call.iCalUId).toBe(meeting.uid);
  expect(call.type).toBe("singleInstance");
  expect(call.seriesMasterId).toBeNull();
  expect(w.sim.control.listItems(BOB, "calendar").find((t) => t.subject === "Contract call")?.uid).toBe(meeting.uid);

  // Moved within the window: the same id comes back with the new time.
  w.sim.control.moveEvent(BOB, meeting.calendarItem.id, { start: iso(at(4, 16)), end: iso(at(4, 17)) });
  const moved = await deltaRound(round.deltaLink, w.app, { prefer: 'IdType="ImmutableId"' });
  expect(liveItems(moved.items).map((e) => [e.id, startOf(e)])).toEqual([[call.id, at(4, 16)]]);

  // Moved out of the window: Graph says @removed although the meeting still exists.
  w.sim.control.moveEvent(BOB, meeting.calendarItem.id, { start: iso(at(60, 16)), end: iso(at(60, 17)) });
  const outside = await deltaRound(moved.deltaLink, w.app, { prefer: 'IdType="ImmutableId"' });
  expect(removedIds(outside.items)).toEqual([call.id]);
  expect((await graphCall(`${w.graphUrl}/users/${BOB}/events/${call.id as string}`, w.app, { headers: { prefer: 'IdType="ImmutableId"' } })).status).toBe(200);

  // Deleted: @removed, and the event is gone.
  w.sim.control.deleteItem(BOB, staying.calendarItem.id, { mode: "hard" });
  const deleted = await deltaRound(outside.deltaLink, w.app, { prefer: 'IdType="ImmutableId"' });
  expect(removedIds(deleted.items)).toEqual([demo.id]);
  expect((await graphCall(`${w.graphUrl}/users/${BOB}/events/${demo.id as string}`, w.app, { headers: { prefer: 'IdType="ImmutableId"' } })).status).toBe(404);
});

test("calendarView delta refuses $select and needs its window", async () => {
  const select = await graphCall(viewUrl(ALICE, "&$select=subject"), w.alice);
  expect(select.status).toBe(400);
  expect((select.json?.error as { message: string }).message).toMatch(/\$select/);
  const noWindow = await graphCall(`${w.graphUrl}/me/calendarView/delta`, w.alice);
  expect(noWindow.status).toBe(400);
  expect((noWindow.json?.error as { message: string }).message).toMatch(/StartDateTime and EndDateTime/);
  // Lower-case parameter names, as Microsoft's concept samples write them, work too.
  const lower = await graphCall(`${w.graphUrl}/me/calendarView/delta?startdatetime=${iso(windowStart)}&enddatetime=${iso(windowEnd)}`, w.alice);
  expect(lower.status).toBe(200);
});

test("a mail-only token cannot read the calendar", async () => {
  const mailOnly = await w.delegated(ALICE, "Mail.Read");
  const denied = await graphCall(viewUrl(ALICE), mailOnly);
  expect(denied.status).toBe(403);
  expect((denied.json?.error as { code: string }).code).toBe("ErrorAccessDenied");
});
