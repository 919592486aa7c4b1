/**
 * The simulator's domain model: what a mailbox item *is*, independent of how EWS serialises it. Three kinds exist because
 * EWS answers with three different elements (t:Message, t:MeetingRequest, t:CalendarItem) and different property sets.
 */

export interface Participant {
  readonly name: string;
  readonly email: string;
}

export type Sensitivity = "Normal" | "Personal" | "Private" | "Confidential";
export type Importance = "Low" | "Normal" | "High";
/** t:ResponseTypeType */
export type ResponseType = "Unknown" | "Organizer" | "Tentative" | "Accept" | "Decline" | "NoResponseReceived";

export interface Attendee {
  readonly person: Participant;
  readonly response: ResponseType;
}

/** File attachment metadata; EWS GetItem lists it (content is fetched with GetAttachment, which we do not simulate). */
export interface AttachmentMeta {
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
}

interface ItemCommon {
  readonly subject: string;
  /** Plain-text body; the HTML form is derived when a client asks for BodyType HTML. */
  readonly body: string;
  readonly sensitivity: Sensitivity;
  readonly importance: Importance;
  readonly attachments: readonly AttachmentMeta[];
  /** Epoch milliseconds. */
  readonly created: number;
  readonly lastModified: number;
}

interface MessageFields {
  readonly from: Participant;
  readonly sender: Participant;
  readonly to: readonly Participant[];
  readonly cc: readonly Participant[];
  readonly bcc: readonly Participant[];
  readonly isRead: boolean;
  /** With angle brackets, e.g. `<abc@host>`, as EWS returns it. */
  readonly internetMessageId: string;
  readonly received: number;
  readonly sent: number;
}

export interface MeetingFields {
  /** iCalendar UID shared by the organizer's and every attendee's copy (EWS `calendar:UID`). */
  readonly uid: string;
  readonly start: number;
  readonly end: number;
  readonly isAllDay: boolean;
  readonly location: string;
  readonly organizer: Participant;
  readonly required: readonly Attendee[];
  readonly optional: readonly Attendee[];
  readonly isCancelled: boolean;
  readonly sequence: number;
  /** Present on a series master only. EWS shows the master item alone; Graph's calendarView expands the occurrences. */
  readonly recurrence?: Recurrence;
}

/**
 * A recurring series as the calendar stores it: a pattern from the master's start, a numbered range, and the
 * per-occurrence deviations (exceptions and cancelled occurrences), keyed by the occurrence's original start.
 * Weekly repeats on the master's weekday (Outlook's default when a series is created from a single day).
 */
export interface Recurrence {
  readonly pattern: "daily" | "weekly";
  readonly interval: number;
  readonly numberOfOccurrences: number;
  readonly exceptions: readonly OccurrenceException[];
  /** Original starts (epoch ms) of occurrences cancelled from the series. */
  readonly cancelled: readonly number[];
}

export interface OccurrenceException {
  readonly originalStart: number;
  readonly start: number;
  readonly end: number;
  readonly subject?: string;
  readonly location?: string;
}

export interface MessageData extends ItemCommon, MessageFields {
  readonly kind: "message";
}

export interface MeetingRequestData extends ItemCommon, MessageFields {
  readonly kind: "meetingRequest";
  readonly meeting: MeetingFields;
}

export interface CalendarItemData extends ItemCommon {
  readonly kind: "calendarItem";
  readonly meeting: MeetingFields;
  /** The mailbox owner's own response (t:MyResponseType). */
  readonly myResponse: ResponseType;
}

export type ItemData = MessageData | MeetingRequestData | CalendarItemData;
export type ItemKind = ItemData["kind"];

export function isMessageLike(item: ItemData): item is MessageData | MeetingRequestData {
  return item.kind !== "calendarItem";
}

export function meetingOf(item: ItemData): MeetingFields | undefined {
  return item.kind === "message" ? undefined : item.meeting;
}

/** What a control-API update may change; fields not given stay as they are. */
export interface ItemPatch {
  readonly subject?: string;
  readonly body?: string;
  readonly isRead?: boolean;
  readonly sensitivity?: Sensitivity;
  readonly start?: number;
  readonly end?: number;
  readonly location?: string;
  readonly isCancelled?: boolean;
  /** Replaces a series' recurrence (new exceptions or cancelled occurrences). */
  readonly recurrence?: Recurrence;
}
