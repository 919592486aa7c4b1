/**
 * The item property registry: every property the simulator can return, with its FieldURI, the Exchange version that
 * introduced it, whether FindItem/SyncFolderItems may return it, and how to write it. Per item kind, `SEQUENCE` lists
 * properties in the order of the XSD sequence (ItemType, then MessageType / MeetingMessageType / CalendarItemType ...),
 * so whatever subset a shape selects comes out schema-valid.
 *
 * Shape membership follows "Property sets and response shapes in EWS in Exchange" (Tables 3 and 4) and the documented
 * samples: Body, Attachments, recipients collections, attendees, headers and ResponseObjects are GetItem-only.
 */
import type { Attendee, ItemKind, MeetingFields } from "../model/types";
import { isMessageLike, meetingOf } from "../model/types";
import { encodeAttachmentId, encodeConversationId, encodeFolderId, topicHash } from "../store/ids";
import { folderByName } from "../store/folders";
import type { ExchangeVersion } from "../versions";
import type { XmlWriter } from "../xml/write";
import type { RenderContext } from "./render";
import { conversationTopic, displayList, htmlBody, isoDuration, isoSeconds, writeMailbox } from "./render";

export interface PropertyDef {
  readonly fieldUri: string;
  readonly since: ExchangeVersion;
  /** FindItem and SyncFolderItems may return it (Body, recipients, attendees... may not). */
  readonly findable: boolean;
  /** Part of the AllProperties shape. */
  readonly inAll: boolean;
  /** Writes the element, or nothing when the item has no value for it. */
  write(w: XmlWriter, c: RenderContext): void;
}

type Writer = PropertyDef["write"];

function prop(fieldUri: string, write: Writer, opts: { since?: ExchangeVersion; findable?: boolean; inAll?: boolean } = {}): PropertyDef {
  return { fieldUri, write, since: opts.since ?? "Exchange2007", findable: opts.findable ?? true, inAll: opts.inAll ?? true };
}

const bool = (v: boolean) => (v ? "true" : "false");
const meeting = (c: RenderContext): MeetingFields => meetingOf(c.data) as MeetingFields;
const msg = (c: RenderContext) => {
  if (!isMessageLike(c.data)) throw new Error("not a message");
  return c.data;
};

function writeAttendees(w: XmlWriter, c: RenderContext, element: string, attendees: readonly Attendee[]): void {
  if (attendees.length === 0) return; // NonEmptyArrayOfAttendeesType: omitted rather than empty
  w.open(element);
  for (const a of attendees) {
    w.open("t:Attendee");
    writeMailbox(w, c, a.person);
    w.leaf("t:ResponseType", a.response);
    w.close("t:Attendee");
  }
  w.close(element);
}

function writeRecipients(w: XmlWriter, c: RenderContext, element: string, people: readonly { name: string; email: string }[]): void {
  if (people.length === 0) return;
  w.open(element);
  for (const p of people) writeMailbox(w, c, p);
  w.close(element);
}

function appointmentState(c: RenderContext): number {
  const m = meeting(c);
  const isMeeting = m.required.length + m.optional.length > 0;
  if (!isMeeting) return 0;
  const received = m.organizer.email.toLowerCase() !== c.mailbox.smtp ? 2 : 0;
  return 1 | received | (m.isCancelled ? 4 : 0);
}

function freeBusy(c: RenderContext): string {
  const m = meeting(c);
  if (m.isCancelled) return "Free";
  if (c.data.kind === "calendarItem" && (c.data.myResponse === "Tentative" || c.data.myResponse === "NoResponseReceived")) return "Tentative";
  return "Busy";
}

function internetHeaders(c: RenderContext): [string, string][] {
  const d = c.data;
  const date = new Date(isMessageLike(d) ? d.sent : d.created).toUTCString().replace("GMT", "+0000");
  const headers: [string, string][] = [];
  if (isMessageLike(d)) {
    headers.push(["Received", `from ${d.from.email.split("@")[1] ?? "unknown"} by ${c.mailbox.messageIdHost} with Microsoft SMTP Server; ${date}`]);
    headers.push(["From", `${d.from.name} <${d.from.email}>`]);
    headers.push(["To", d.to.map((p) => `${p.name} <${p.email}>`).join(", ")]);
    if (d.cc.length) headers.push(["CC", d.cc.map((p) => `${p.name} <${p.email}>`).join(", ")]);
    headers.push(["Subject", d.subject]);
    headers.push(["Date", date]);
    headers.push(["Message-ID", d.internetMessageId]);
  } else {
    headers.push(["Subject", d.subject], ["Date", date]);
  }
  headers.push(["Content-Type", "text/html; charset=\"utf-8\""], ["MIME-Version", "1.0"]);
  if (d.sensitivity !== "Normal") headers.push(["Sensitivity", d.sensitivity === "Private" ? "Private" : d.sensitivity]);
  return headers;
}

function mimeContent(c: RenderContext): string {
  const lines = internetHeaders(c).map(([k, v]) => `${k}: ${v}`);
  const body = c.data.body.replace(/\n/g, "\r\n");
  return Buffer.from(`${lines.join("\r\n")}\r\n\r\n${body}\r\n`, "utf8").toString("base64");
}

function owaLink(c: RenderContext, viewModel: string): string {
  return `${c.baseUrl}/owa/?ItemID=${encodeURIComponent(c.mailbox.itemId(c.folder, c.key))}&exvsurl=1&viewmodel=${viewModel}`;
}

function itemSize(c: RenderContext): number {
  const d = c.data;
  const attachments = d.attachments.reduce((n, a) => n + a.size, 0);
  return 1800 + d.subject.length * 2 + d.body.length * 3 + attachments;
}

function itemClass(kind: ItemKind): string {
  return kind === "message" ? "IPM.Note" : kind === "meetingRequest" ? "IPM.Schedule.Meeting.Request" : "IPM.Appointment";
}

function responseObjects(c: RenderContext): string[] {
  const d = c.data;
  if (d.kind === "message") return ["t:ReplyToItem", "t:ReplyAllToItem", "t:ForwardItem"];
  if (d.kind === "meetingRequest") return ["t:AcceptItem", "t:TentativelyAcceptItem", "t:DeclineItem", "t:ReplyToItem", "t:ReplyAllToItem", "t:ForwardItem"];
  const m = d.meeting;
  if (m.organizer.email.toLowerCase() === c.mailbox.smtp) return ["t:CancelCalendarItem", "t:ForwardItem"];
  if (m.isCancelled) return ["t:RemoveItem"];
  return ["t:AcceptItem", "t:TentativelyAcceptItem", "t:DeclineItem", "t:ReplyToItem", "t:ReplyAllToItem", "t:ForwardItem"];
}

const P = {
  MimeContent: prop("item:MimeContent", (w, c) => w.leaf("t:MimeContent", mimeContent(c), { CharacterSet: "UTF-8" }), { findable: false, inAll: false }),
  ItemId: prop("item:ItemId", (w, c) => w.empty("t:ItemId", { Id: c.mailbox.itemId(c.folder, c.key), ChangeKey: c.mailbox.changeKey(c.version) })),
  ParentFolderId: prop("item:ParentFolderId", (w, c) =>
    w.empty("t:ParentFolderId", { Id: encodeFolderId(c.mailbox.guid, folderByName(c.folder)?.code ?? 0), ChangeKey: "AQAAAA==" }),
  ),
  ItemClass: prop("item:ItemClass", (w, c) => w.leaf("t:ItemClass", itemClass(c.kind))),
  Subject: prop("item:Subject", (w, c) => w.leaf("t:Subject", c.data.subject)),
  Sensitivity: prop("item:Sensitivity", (w, c) => w.leaf("t:Sensitivity", c.data.sensitivity)),
  Body: prop(
    "item:Body",
    (w, c) => {
      const asText = c.bodyType === "Text";
      const attrs: Record<string, string> = { BodyType: asText ? "Text" : "HTML" };
      if (c.requestVersion !== "Exchange2007" && c.requestVersion !== "Exchange2007_SP1" && !c.requestVersion.startsWith("Exchange2010")) {
        attrs.IsTruncated = "false";
      }
      w.leaf("t:Body", asText ? c.data.body : htmlBody(c.data.body), attrs);
    },
    { findable: false },
  ),
  Attachments: prop(
    "item:Attachments",
    (w, c) => {
      const list = c.data.attachments;
      if (list.length === 0) return;
      w.open("t:Attachments");
      list.forEach((a, index) => {
        w.open("t:FileAttachment");
        const folderCode = folderByName(c.folder)?.code ?? 0;
        w.empty("t:AttachmentId", { Id: encodeAttachmentId({ mailboxGuid: c.mailbox.guid, folderCode, epoch: c.mailbox.epoch, key: c.key, index }) });
        w.leaf("t:Name", a.name);
        w.leaf("t:ContentType", a.contentType);
        w.leaf("t:Size", a.size);
        w.leaf("t:LastModifiedTime", isoSeconds(c.data.created).replace("Z", ""));
        w.leaf("t:IsInline", "false");
        w.leaf("t:IsContactPhoto", "false");
        w.close("t:FileAttachment");
      });
      w.close("t:Attachments");
    },
    { findable: false },
  ),
  DateTimeReceived: prop("item:DateTimeReceived", (w, c) => w.leaf("t:DateTimeReceived", isoSeconds(isMessageLike(c.data) ? c.data.received : c.data.created))),
  Size: prop("item:Size", (w, c) => w.leaf("t:Size", itemSize(c))),
  Importance: prop("item:Importance", (w, c) => w.leaf("t:Importance", c.data.importance)),
  IsSubmitted: prop("item:IsSubmitted", (w) => w.leaf("t:IsSubmitted", "false")),
  IsDraft: prop("item:IsDraft", (w) => w.leaf("t:IsDraft", "false")),
  IsFromMe: prop("item:IsFromMe", (w, c) => w.leaf("t:IsFromMe", bool(isMessageLike(c.data) && c.data.from.email.toLowerCase() === c.mailbox.smtp))),
  IsResend: prop("item:IsResend", (w) => w.leaf("t:IsResend", "false")),
  IsUnmodified: prop("item:IsUnmodified", (w, c) => w.leaf("t:IsUnmodified", bool(c.data.lastModified === c.data.created))),
  InternetMessageHeaders: prop(
    "item:InternetMessageHeaders",
    (w, c) => {
      w.open("t:InternetMessageHeaders");
      for (const [name, value] of internetHeaders(c)) w.leaf("t:InternetMessageHeader", value, { HeaderName: name });
      w.close("t:InternetMessageHeaders");
    },
    { findable: false },
  ),
  DateTimeSent: prop("item:DateTimeSent", (w, c) => w.leaf("t:DateTimeSent", isoSeconds(isMessageLike(c.data) ? c.data.sent : c.data.created))),
  DateTimeCreated: prop("item:DateTimeCreated", (w, c) => w.leaf("t:DateTimeCreated", isoSeconds(c.data.created))),
  ResponseObjects: prop(
    "item:ResponseObjects",
    (w, c) => {
      w.open("t:ResponseObjects");
      for (const el of responseObjects(c)) w.empty(el);
      w.close("t:ResponseObjects");
    },
    { findable: false },
  ),
  ReminderIsSet: prop("item:ReminderIsSet", (w, c) => w.leaf("t:ReminderIsSet", bool(c.data.kind === "calendarItem" && !c.data.meeting.isCancelled))),
  ReminderMinutesBeforeStart: prop("item:ReminderMinutesBeforeStart", (w) => w.leaf("t:ReminderMinutesBeforeStart", 15)),
  DisplayCc: prop("item:DisplayCc", (w, c) => {
    const d = c.data;
    w.leaf("t:DisplayCc", isMessageLike(d) ? displayList(d.cc) : displayList(d.meeting.optional.map((a) => a.person)));
  }),
  DisplayTo: prop("item:DisplayTo", (w, c) => {
    const d = c.data;
    w.leaf("t:DisplayTo", isMessageLike(d) ? displayList(d.to) : displayList(d.meeting.required.map((a) => a.person)));
  }),
  HasAttachments: prop("item:HasAttachments", (w, c) => w.leaf("t:HasAttachments", bool(c.data.attachments.length > 0))),
  Culture: prop("item:Culture", (w) => w.leaf("t:Culture", "en-US")),
  EffectiveRights: prop("item:EffectiveRights", (w) => {
    w.open("t:EffectiveRights");
    w.leaf("t:CreateAssociated", "false").leaf("t:CreateContents", "false").leaf("t:CreateHierarchy", "false");
    w.leaf("t:Delete", "true").leaf("t:Modify", "true").leaf("t:Read", "true").leaf("t:ViewPrivateItems", "true");
    w.close("t:EffectiveRights");
  }),
  LastModifiedName: prop("item:LastModifiedName", (w, c) => w.leaf("t:LastModifiedName", c.mailbox.displayName)),
  LastModifiedTime: prop("item:LastModifiedTime", (w, c) => w.leaf("t:LastModifiedTime", isoSeconds(c.data.lastModified))),
  IsAssociated: prop("item:IsAssociated", (w) => w.leaf("t:IsAssociated", "false"), { since: "Exchange2010" }),
  WebClientReadFormQueryString: prop(
    "item:WebClientReadFormQueryString",
    (w, c) => w.leaf("t:WebClientReadFormQueryString", owaLink(c, c.data.kind === "calendarItem" ? "ICalendarItemDetailsViewModelFactory" : "ReadMessageItem")),
    { since: "Exchange2010" },
  ),
  ConversationId: prop("item:ConversationId", (w, c) => w.empty("t:ConversationId", { Id: encodeConversationId(c.mailbox.guid, conversationTopic(c.data.subject)) }), {
    since: "Exchange2010",
  }),
  // MessageType
  Sender: prop("message:Sender", (w, c) => {
    w.open("t:Sender");
    writeMailbox(w, c, msg(c).sender);
    w.close("t:Sender");
  }),
  ToRecipients: prop("message:ToRecipients", (w, c) => writeRecipients(w, c, "t:ToRecipients", msg(c).to), { findable: false }),
  CcRecipients: prop("message:CcRecipients", (w, c) => writeRecipients(w, c, "t:CcRecipients", msg(c).cc), { findable: false }),
  BccRecipients: prop("message:BccRecipients", (w, c) => writeRecipients(w, c, "t:BccRecipients", msg(c).bcc), { findable: false }),
  IsReadReceiptRequested: prop("message:IsReadReceiptRequested", (w) => w.leaf("t:IsReadReceiptRequested", "false")),
  // Absent from the documented SyncFolderItems AllProperties answer (how-to-synchronize-items-...-04): GetItem only.
  IsDeliveryReceiptRequested: prop("message:IsDeliveryReceiptRequested", (w) => w.leaf("t:IsDeliveryReceiptRequested", "false"), { findable: false }),
  ConversationIndex: prop("message:ConversationIndex", (w, c) => {
    const topic = topicHash(conversationTopic(c.data.subject));
    const time = Buffer.alloc(5);
    time.writeUIntBE(Math.floor(c.data.created / 1000) % 2 ** 40, 0, 5);
    w.leaf("t:ConversationIndex", Buffer.concat([Buffer.from([1]), time, topic]).toString("base64"));
  }),
  ConversationTopic: prop("message:ConversationTopic", (w, c) => w.leaf("t:ConversationTopic", conversationTopic(c.data.subject))),
  From: prop("message:From", (w, c) => {
    w.open("t:From");
    writeMailbox(w, c, msg(c).from);
    w.close("t:From");
  }),
  InternetMessageId: prop("message:InternetMessageId", (w, c) => w.leaf("t:InternetMessageId", msg(c).internetMessageId)),
  IsRead: prop("message:IsRead", (w, c) => w.leaf("t:IsRead", bool(msg(c).isRead))),
  // MeetingMessageType
  AssociatedCalendarItemId: prop(
    "meeting:AssociatedCalendarItemId",
    (w, c) => {
      const uid = meeting(c).uid;
      const match = c.mailbox.folder("calendar").all().find((i) => i.data.kind === "calendarItem" && i.data.meeting.uid === uid);
      if (match) w.empty("t:AssociatedCalendarItemId", { Id: c.mailbox.itemId("calendar", match.key), ChangeKey: c.mailbox.changeKey(match.version) });
    },
    // Resolving it means a calendar lookup; Exchange too only returns it from GetItem.
    { findable: false },
  ),
  IsDelegated: prop("meeting:IsDelegated", (w) => w.leaf("t:IsDelegated", "false")),
  IsOutOfDate: prop("meeting:IsOutOfDate", (w) => w.leaf("t:IsOutOfDate", "false")),
  HasBeenProcessed: prop("meeting:HasBeenProcessed", (w) => w.leaf("t:HasBeenProcessed", "true")),
  ResponseType: prop("meeting:ResponseType", (w) => w.leaf("t:ResponseType", "NoResponseReceived")),
  UID: prop("calendar:UID", (w, c) => w.leaf("t:UID", meeting(c).uid)),
  // MeetingRequestMessageType
  MeetingRequestType: prop("meetingRequest:MeetingRequestType", (w, c) => w.leaf("t:MeetingRequestType", meeting(c).sequence > 0 ? "FullUpdate" : "NewMeetingRequest")),
  IntendedFreeBusyStatus: prop("meetingRequest:IntendedFreeBusyStatus", (w) => w.leaf("t:IntendedFreeBusyStatus", "Busy")),
  // Calendar properties (CalendarItemType and the calendar part of MeetingRequestMessageType)
  Start: prop("calendar:Start", (w, c) => w.leaf("t:Start", isoSeconds(meeting(c).start))),
  End: prop("calendar:End", (w, c) => w.leaf("t:End", isoSeconds(meeting(c).end))),
  IsAllDayEvent: prop("calendar:IsAllDayEvent", (w, c) => w.leaf("t:IsAllDayEvent", bool(meeting(c).isAllDay))),
  LegacyFreeBusyStatus: prop("calendar:LegacyFreeBusyStatus", (w, c) => w.leaf("t:LegacyFreeBusyStatus", freeBusy(c))),
  Location: prop("calendar:Location", (w, c) => w.optionalLeaf("t:Location", meeting(c).location || undefined)),
  IsMeeting: prop("calendar:IsMeeting", (w, c) => w.leaf("t:IsMeeting", bool(meeting(c).required.length + meeting(c).optional.length > 0))),
  IsCancelled: prop("calendar:IsCancelled", (w, c) => w.leaf("t:IsCancelled", bool(meeting(c).isCancelled))),
  IsRecurring: prop("calendar:IsRecurring", (w) => w.leaf("t:IsRecurring", "false")),
  MeetingRequestWasSent: prop("calendar:MeetingRequestWasSent", (w, c) =>
    w.leaf("t:MeetingRequestWasSent", bool(meeting(c).organizer.email.toLowerCase() === c.mailbox.smtp && meeting(c).required.length > 0)),
  ),
  IsResponseRequested: prop("calendar:IsResponseRequested", (w, c) => w.leaf("t:IsResponseRequested", bool(meeting(c).required.length > 0))),
  CalendarItemType: prop("calendar:CalendarItemType", (w) => w.leaf("t:CalendarItemType", "Single")),
  MyResponseType: prop("calendar:MyResponseType", (w, c) => w.leaf("t:MyResponseType", c.data.kind === "calendarItem" ? c.data.myResponse : "NoResponseReceived")),
  Organizer: prop("calendar:Organizer", (w, c) => {
    w.open("t:Organizer");
    writeMailbox(w, c, meeting(c).organizer);
    w.close("t:Organizer");
  }),
  RequiredAttendees: prop("calendar:RequiredAttendees", (w, c) => writeAttendees(w, c, "t:RequiredAttendees", meeting(c).required), { findable: false }),
  OptionalAttendees: prop("calendar:OptionalAttendees", (w, c) => writeAttendees(w, c, "t:OptionalAttendees", meeting(c).optional), { findable: false }),
  Duration: prop("calendar:Duration", (w, c) => w.leaf("t:Duration", isoDuration(meeting(c).end - meeting(c).start))),
  TimeZone: prop("calendar:TimeZone", (w) => w.leaf("t:TimeZone", "(UTC) Coordinated Universal Time")),
  AppointmentSequenceNumber: prop("calendar:AppointmentSequenceNumber", (w, c) => w.leaf("t:AppointmentSequenceNumber", meeting(c).sequence)),
  AppointmentState: prop("calendar:AppointmentState", (w, c) => w.leaf("t:AppointmentState", appointmentState(c))),
} as const;

export const PROPERTIES: Readonly<Record<keyof typeof P, PropertyDef>> = P;

const ITEM_HEAD = [P.MimeContent, P.ItemId, P.ParentFolderId, P.ItemClass, P.Subject, P.Sensitivity, P.Body, P.Attachments, P.DateTimeReceived, P.Size, P.Importance];
/** Reminders are only set on calendar items here; the documented message answers carry no Reminder* elements. */
const itemTail = (withReminders: boolean) => [
  P.IsSubmitted, P.IsDraft, P.IsFromMe, P.IsResend, P.IsUnmodified, P.InternetMessageHeaders, P.DateTimeSent, P.DateTimeCreated, P.ResponseObjects,
  ...(withReminders ? [P.ReminderIsSet, P.ReminderMinutesBeforeStart] : []),
  P.DisplayCc, P.DisplayTo, P.HasAttachments, P.Culture, P.EffectiveRights, P.LastModifiedName,
  P.LastModifiedTime, P.IsAssociated, P.WebClientReadFormQueryString, P.ConversationId,
];
const MESSAGE_PART = [
  P.Sender, P.ToRecipients, P.CcRecipients, P.BccRecipients, P.IsReadReceiptRequested, P.IsDeliveryReceiptRequested, P.ConversationIndex,
  P.ConversationTopic, P.From, P.InternetMessageId, P.IsRead,
];

/** Schema order per item kind (ItemType, then the derived types' sequences). */
export const SEQUENCE: Readonly<Record<ItemKind, readonly PropertyDef[]>> = {
  message: [...ITEM_HEAD, ...itemTail(false), ...MESSAGE_PART],
  meetingRequest: [
    ...ITEM_HEAD, ...itemTail(false), ...MESSAGE_PART,
    P.AssociatedCalendarItemId, P.IsDelegated, P.IsOutOfDate, P.HasBeenProcessed, P.ResponseType, P.UID,
    P.MeetingRequestType, P.IntendedFreeBusyStatus, P.Start, P.End, P.IsAllDayEvent, P.LegacyFreeBusyStatus, P.Location, P.IsMeeting,
    P.IsCancelled, P.IsRecurring, P.MeetingRequestWasSent, P.CalendarItemType, P.Organizer, P.RequiredAttendees, P.OptionalAttendees,
    P.Duration, P.TimeZone, P.AppointmentSequenceNumber, P.AppointmentState,
  ],
  calendarItem: [
    ...ITEM_HEAD, ...itemTail(true),
    P.UID, P.Start, P.End, P.IsAllDayEvent, P.LegacyFreeBusyStatus, P.Location, P.IsMeeting, P.IsCancelled, P.IsRecurring,
    P.MeetingRequestWasSent, P.IsResponseRequested, P.CalendarItemType, P.MyResponseType, P.Organizer, P.RequiredAttendees,
    P.OptionalAttendees, P.Duration, P.TimeZone, P.AppointmentSequenceNumber, P.AppointmentState,
  ],
};

/**
 * BaseShape Default per kind: Table 3 of the doc, plus what the documented samples show (getitem-operation-email-message-02
 * for messages; syncfolderitems-operation-02 for meeting requests). Start is missing from Table 3 but is obviously default.
 */
export const DEFAULT_SHAPE: Readonly<Record<ItemKind, ReadonlySet<PropertyDef>>> = {
  message: new Set([
    P.ItemId, P.Subject, P.Sensitivity, P.Body, P.Attachments, P.Size, P.DateTimeSent, P.DateTimeCreated, P.ResponseObjects, P.HasAttachments,
    P.IsAssociated, P.ToRecipients, P.CcRecipients, P.IsReadReceiptRequested, P.IsDeliveryReceiptRequested, P.From, P.IsRead,
  ]),
  meetingRequest: new Set([
    P.ItemId, P.Subject, P.Sensitivity, P.Body, P.Attachments, P.ResponseObjects, P.IsOutOfDate, P.HasBeenProcessed, P.ResponseType,
    P.IntendedFreeBusyStatus, P.Start, P.End, P.Location, P.Organizer,
  ]),
  calendarItem: new Set([
    P.ItemId, P.Subject, P.ResponseObjects, P.HasAttachments, P.IsAssociated, P.Start, P.End, P.LegacyFreeBusyStatus, P.Location,
    P.CalendarItemType, P.Organizer,
  ]),
};

const BY_URI = new Map<string, PropertyDef>(Object.values(P).map((p) => [p.fieldUri, p]));

export function propertyByUri(fieldUri: string): PropertyDef | undefined {
  return BY_URI.get(fieldUri);
}

export function kindHas(kind: ItemKind, def: PropertyDef): boolean {
  return SEQUENCE[kind].includes(def);
}
