import { readFileSync } from "node:fs";
import { join } from "node:path";
import { seriesUidOf } from "../../server/mailbox/graph/globalObjectId";
import { eventItem } from "../../server/mailbox/graph/graphItems";
import { toMailItem } from "../../server/mailbox/ews/ewsItems";
import { NS } from "../../server/mailbox/ews/soapEnvelope";
import { child, children, parseXml } from "../../server/mailbox/ews/xmlTree";
import { dedupKey } from "../../server/sync/activityKey";
import { bodyChild, validateAgainstMessagesXsd } from "../simulators/exchange/testing/schemaValidator";

/**
 * The same meeting over both transports gets the same activity key, from Microsoft's documented samples
 * (test/fixtures/same-meeting/README.md), so a mailbox moved from EWS to Graph logs no meeting twice.
 */
const dir = join(__dirname, "../fixtures/same-meeting");
const file = (name: string) => readFileSync(join(dir, name), "utf8");
/** The JSON body of a documented HTTP answer. */
const httpJson = (name: string) => JSON.parse(file(name).slice(file(name).indexOf("\n{") + 1)) as Record<string, unknown>;

function ewsCalendarItem() {
  const envelope = parseXml(file("ews-getitem-calendaritem-RECONSTRUCTED.xml"));
  const message = child(child(child(child(envelope, NS.soap, "Body"), NS.messages, "GetItemResponse"), NS.messages, "ResponseMessages"), NS.messages, "GetItemResponseMessage");
  const item = children(child(message, NS.messages, "Items"))[0];
  if (!item) throw new Error("no item in the EWS answer");
  return toMailItem(item);
}

describe("one meeting's key over EWS and over Graph", () => {
  it("the reconstructed EWS answer is valid against Microsoft's messages.xsd", async () => {
    const [result] = await validateAgainstMessagesXsd([{ name: "GetItem CalendarItem", xml: bodyChild(file("ews-getitem-calendaritem-RECONSTRUCTED.xml")) }]);
    expect(result?.errors).toEqual([]);
  });

  it("EWS UID and Graph iCalUId of a single meeting give the same key", () => {
    const overEws = ewsCalendarItem();
    const overGraph = eventItem(httpJson("graph-event-singleinstance-response-201.http.txt"), false);
    expect(overEws.kind).toBe("meeting");
    expect(overGraph.kind).toBe("meeting");
    const key = dedupKey(overEws, "mailbox-a");
    expect(key).toBe("cal:040000008200e00074c5b7101a82e00800000000da2b357d94b5d201000000000000000010000000ec4597557f0cb34ea4cc2887ea7b17c3");
    // The key belongs to the meeting, not to the mailbox or the transport.
    expect(dedupKey(overGraph, "mailbox-b")).toBe(key);
    // A single meeting is its own series: nothing to match against a series logged elsewhere.
    expect(overGraph.kind === "meeting" ? overGraph.seriesUid : "not a meeting").toBeNull();
  });

  it("an occurrence keys on its own iCalUId and names its series by the series' UID, which EWS reports for the series", () => {
    const master = httpJson("graph-event-recurring-seriesmaster-response-201.http.txt");
    const seriesUid = String(master.iCalUId);
    expect(seriesUidOf(seriesUid)).toBeNull();
    // The occurrence of 4 September 2017 (the series' first, per the sample's recurrence): bytes 16-19 = 07E1 09 04.
    const occurrenceUid = `${seriesUid.slice(0, 32)}07E10904${seriesUid.slice(40)}`;
    const occurrence = eventItem({ ...master, id: "AAMkOccurrence=", type: "occurrence", seriesMasterId: master.id, iCalUId: occurrenceUid, recurrence: null }, false);
    expect(dedupKey(occurrence, "m")).toBe(`cal:${occurrenceUid.toLowerCase()}`);
    expect(occurrence.kind === "meeting" ? occurrence.seriesUid : null).toBe(seriesUid.toUpperCase());
    // Not Outlook's form: no series can be told, and the item keys on its iCalUId alone.
    expect(seriesUidOf("event-1@example.com")).toBeNull();
  });
});
