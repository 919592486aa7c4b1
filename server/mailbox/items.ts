/**
 * What a mailbox provider hands the sync engine, whatever the transport (EWS or Graph): a transport-neutral view of
 * the changes in a folder and of the items themselves.
 */
export type FolderKind = "inbox" | "sentitems" | "calendar";
export const defaultFolders: readonly FolderKind[] = ["inbox", "sentitems", "calendar"];

export type Change =
  | { readonly kind: "upsert"; readonly itemId: string }
  | { readonly kind: "delete"; readonly itemId: string }
  /** Read/unread flips: never worth fetching the item for (Microsoft's own advice). */
  | { readonly kind: "readFlag"; readonly itemId: string };

export interface ChangePage {
  readonly changes: readonly Change[];
  /** Opaque; saved only after the page's activities reached the CRM. */
  readonly nextCursor: string;
  /** No more changes after this page (EWS IncludesLastItemInRange, Graph deltaLink). */
  readonly done: boolean;
}

export interface Address {
  readonly email: string;
  readonly name: string | null;
}

export type Sensitivity = "normal" | "personal" | "private" | "confidential";

export interface Body {
  readonly type: "html" | "text";
  readonly content: string;
}

export interface AttachmentInfo {
  readonly name: string;
  readonly contentType: string | null;
  readonly size: number | null;
}

export interface EmailItem {
  readonly kind: "email";
  readonly itemId: string;
  readonly internetMessageId: string | null;
  readonly subject: string;
  readonly from: Address | null;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly bcc: readonly Address[];
  readonly sentAt: Date | null;
  readonly receivedAt: Date | null;
  readonly sensitivity: Sensitivity;
  readonly body: Body | null;
  readonly attachments: readonly AttachmentInfo[];
}

export interface MeetingItem {
  readonly kind: "meeting";
  readonly itemId: string;
  /** iCalendar UID: the same meeting in every attendee's calendar. */
  readonly uid: string | null;
  /**
   * For one occurrence of a recurring series (Graph lists each): the UID of the whole series, which is what EWS
   * reports (one item per series). Lets a mailbox moved from EWS to Graph recognise a series it logged as a whole.
   */
  readonly seriesUid?: string | null;
  readonly subject: string;
  readonly organizer: Address | null;
  readonly requiredAttendees: readonly Address[];
  readonly optionalAttendees: readonly Address[];
  readonly start: Date;
  readonly end: Date;
  readonly isAllDay: boolean;
  readonly location: string | null;
  readonly isCancelled: boolean;
  readonly sensitivity: Sensitivity;
  readonly body: Body | null;
}

/** Anything else in a folder (meeting requests and responses, delivery reports, posts): never logged itself. */
export interface OtherItem {
  readonly kind: "other";
  readonly itemId: string;
  readonly itemClass: string;
}

export type MailItem = EmailItem | MeetingItem | OtherItem;
export type ActivityItem = EmailItem | MeetingItem;
