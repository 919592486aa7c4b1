/** What tests compare a sync's output against: every live item with its ids and participants, in plain JSON. */
import type { ItemData, Participant } from "./model/types";
import { isMessageLike } from "./model/types";
import type { ItemFolderName } from "./store/folders";
import type { LiveItem } from "./store/folderState";
import type { Mailbox } from "./store/mailbox";

export interface GroundTruthAttendee extends Participant {
  readonly response: string;
}

export interface GroundTruthItem {
  readonly id: string;
  readonly changeKey: string;
  readonly folder: ItemFolderName;
  readonly kind: ItemData["kind"];
  readonly itemClass: string;
  readonly subject: string;
  readonly sensitivity: string;
  readonly hasAttachments: boolean;
  readonly attachments: readonly { name: string; contentType: string; size: number }[];
  readonly dateTimeCreated: string;
  /** Message-like items only. */
  readonly internetMessageId?: string;
  readonly dateTimeReceived?: string;
  readonly dateTimeSent?: string;
  readonly isRead?: boolean;
  readonly from?: Participant;
  readonly to: readonly Participant[];
  readonly cc: readonly Participant[];
  readonly bcc: readonly Participant[];
  /** Calendar items and meeting requests. */
  readonly uid?: string;
  readonly start?: string;
  readonly end?: string;
  readonly isAllDay?: boolean;
  readonly isCancelled?: boolean;
  readonly location?: string;
  readonly organizer?: Participant;
  readonly requiredAttendees: readonly GroundTruthAttendee[];
  readonly optionalAttendees: readonly GroundTruthAttendee[];
  /** Every address involved (lower case, de-duplicated): what a CRM matcher would look at. */
  readonly participants: readonly string[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const person = (p: Participant): Participant => ({ name: p.name, email: p.email });

export function groundTruth(mailbox: Mailbox, folder: ItemFolderName, item: LiveItem): GroundTruthItem {
  const d = item.data;
  const meeting = d.kind === "message" ? undefined : d.meeting;
  const emails = new Set<string>();
  const add = (p: Participant) => emails.add(p.email.toLowerCase());
  if (isMessageLike(d)) [d.from, ...d.to, ...d.cc, ...d.bcc].forEach(add);
  if (meeting) [meeting.organizer, ...meeting.required.map((a) => a.person), ...meeting.optional.map((a) => a.person)].forEach(add);
  return {
    id: mailbox.itemId(folder, item.key),
    changeKey: mailbox.changeKey(item.version),
    folder,
    kind: d.kind,
    itemClass: d.kind === "message" ? "IPM.Note" : d.kind === "meetingRequest" ? "IPM.Schedule.Meeting.Request" : "IPM.Appointment",
    subject: d.subject,
    sensitivity: d.sensitivity,
    hasAttachments: d.attachments.length > 0,
    attachments: d.attachments.map((a) => ({ ...a })),
    dateTimeCreated: iso(d.created),
    ...(isMessageLike(d)
      ? {
          internetMessageId: d.internetMessageId,
          dateTimeReceived: iso(d.received),
          dateTimeSent: iso(d.sent),
          isRead: d.isRead,
          from: person(d.from),
        }
      : {}),
    to: isMessageLike(d) ? d.to.map(person) : [],
    cc: isMessageLike(d) ? d.cc.map(person) : [],
    bcc: isMessageLike(d) ? d.bcc.map(person) : [],
    ...(meeting
      ? {
          uid: meeting.uid,
          start: iso(meeting.start),
          end: iso(meeting.end),
          isAllDay: meeting.isAllDay,
          isCancelled: meeting.isCancelled,
          location: meeting.location,
          organizer: person(meeting.organizer),
        }
      : {}),
    requiredAttendees: meeting ? meeting.required.map((a) => ({ ...person(a.person), response: a.response })) : [],
    optionalAttendees: meeting ? meeting.optional.map((a) => ({ ...person(a.person), response: a.response })) : [],
    participants: [...emails],
  };
}
