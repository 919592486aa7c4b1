/**
 * A stored message (or meeting request) as Graph's message resource (resources/message.md, message-get.md Example 1).
 * Graph's message has no `sensitivity`; Outlook's value is readable only as the single-value extended property
 * PidTagSensitivity (Integer 0x36: 0 normal, 1 personal, 2 private, 3 confidential), which Mail.ReadBasic leaves out.
 */
import type { MeetingRequestData, MessageData, Participant, Sensitivity } from "../exchange/model/types";
import { encodeConversationId } from "../exchange/store/ids";
import type { Mailbox } from "../exchange/store/mailbox";
import type { ItemFolderName } from "../exchange/store/folders";
import type { LiveItem } from "../exchange/store/folderState";
import { folderGraphId, itemGraphId } from "./ids";

export const PID_TAG_SENSITIVITY = "Integer 0x36";
const SENSITIVITY_VALUE: Record<Sensitivity, string> = { Normal: "0", Personal: "1", Private: "2", Confidential: "3" };

/** Properties the message resource has; a $select naming anything else is refused. */
export const MESSAGE_PROPERTIES = new Set([
  "id", "createdDateTime", "lastModifiedDateTime", "changeKey", "categories", "receivedDateTime", "sentDateTime", "hasAttachments",
  "internetMessageId", "subject", "bodyPreview", "importance", "parentFolderId", "conversationId", "conversationIndex",
  "isDeliveryReceiptRequested", "isReadReceiptRequested", "isRead", "isDraft", "webLink", "inferenceClassification", "body",
  "sender", "from", "toRecipients", "ccRecipients", "bccRecipients", "replyTo", "flag", "uniqueBody", "internetMessageHeaders",
]);

const SELECT_ONLY = new Set(["internetMessageHeaders", "uniqueBody", "conversationIndex"]);

/** Left out for a Mail.ReadBasic caller (app role 693c5e45 description). */
const FULL_ONLY = new Set(["body", "bodyPreview", "uniqueBody"]);

export interface MessageView {
  readonly immutable: boolean;
  /** Caller holds Mail.Read (not just Mail.ReadBasic). */
  readonly full: boolean;
  readonly select?: readonly string[];
  readonly extended: readonly string[];
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const recipient = (p: Participant) => ({ emailAddress: { name: p.name, address: p.email } });
const html = (text: string) => `<html><head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>${escapeHtml(text)}</body></html>`;

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function renderMessage(mailbox: Mailbox, folder: ItemFolderName, item: LiveItem, view: MessageView): Record<string, unknown> {
  const d = item.data as MessageData | MeetingRequestData;
  const changeKey = mailbox.changeKey(item.version);
  const id = itemGraphId(mailbox, folder, item.key, view.immutable);
  // Built per property on demand: a $select'ed delta page of 1,000 items should not render bodies nobody asked for.
  const all: Record<string, () => unknown> = {
    id: () => id,
    createdDateTime: () => iso(d.created),
    lastModifiedDateTime: () => iso(d.lastModified),
    changeKey: () => changeKey,
    categories: () => [],
    receivedDateTime: () => iso(d.received),
    sentDateTime: () => iso(d.sent),
    hasAttachments: () => d.attachments.length > 0,
    internetMessageId: () => d.internetMessageId,
    subject: () => d.subject,
    bodyPreview: () => d.body.slice(0, 255),
    importance: () => d.importance.toLowerCase(),
    parentFolderId: () => folderGraphId(mailbox, folder),
    conversationId: () => toUrlSafe(encodeConversationId(mailbox.guid, d.subject.replace(/^(re|fw|fwd):\s*/i, ""))),
    isDeliveryReceiptRequested: () => false,
    isReadReceiptRequested: () => false,
    isRead: () => d.isRead,
    isDraft: () => folder === "drafts",
    webLink: () => `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem`,
    inferenceClassification: () => "focused",
    body: () => ({ contentType: "html", content: html(d.body) }),
    sender: () => recipient(d.sender),
    from: () => recipient(d.from),
    toRecipients: () => d.to.map(recipient),
    ccRecipients: () => d.cc.map(recipient),
    bccRecipients: () => d.bcc.map(recipient),
    replyTo: () => [],
    flag: () => ({ flagStatus: "notFlagged" }),
    // Only when asked for by $select (message-get.md Example 2; message.md).
    internetMessageHeaders: () => headersOf(d),
    uniqueBody: () => ({ contentType: "html", content: html(d.body) }),
    conversationIndex: () => conversationIndex(mailbox, d),
  };
  const keys = view.select ? ["id", ...view.select.filter((k) => k !== "id")] : Object.keys(all).filter((k) => !SELECT_ONLY.has(k));
  const out: Record<string, unknown> = {
    "@odata.type": d.kind === "meetingRequest" ? "#microsoft.graph.eventMessageRequest" : "#microsoft.graph.message",
    "@odata.etag": `W/"${changeKey}"`,
  };
  for (const key of keys) {
    if (!view.full && FULL_ONLY.has(key)) continue;
    const value = all[key];
    if (value) out[key] = value();
  }
  if (d.kind === "meetingRequest" && !view.select) out.meetingMessageType = "meetingRequest";
  if (view.full && view.extended.length > 0) {
    const props = view.extended.filter((p) => p === PID_TAG_SENSITIVITY).map((p) => ({ id: p, value: SENSITIVITY_VALUE[d.sensitivity] }));
    // Graph leaves the collection out when the item has none of the asked-for properties; PidTagSensitivity is always set.
    if (props.length > 0) out.singleValueExtendedProperties = props;
  }
  return out;
}

/** Outlook's thread index: a header block (reserved byte, 5 bytes of the FILETIME) then the conversation's 16-byte GUID. */
function conversationIndex(mailbox: Mailbox, d: MessageData | MeetingRequestData): string {
  const filetime = (BigInt(d.sent) + 11_644_473_600_000n) * 10_000n;
  const header = Buffer.alloc(6);
  header[0] = 1;
  header.writeUIntBE(Number((filetime >> 24n) & 0xffffffffffn), 1, 5);
  const guid = Buffer.from(encodeConversationId(mailbox.guid, d.subject.replace(/^(re|fw|fwd):\s*/i, "")), "base64").subarray(-16);
  return Buffer.concat([header, guid]).toString("base64");
}

function headersOf(d: MessageData | MeetingRequestData): { name: string; value: string }[] {
  const address = (p: Participant) => `${p.name} <${p.email}>`;
  return [
    { name: "MIME-Version", value: "1.0" },
    { name: "Content-Type", value: "multipart/alternative" },
    { name: "Message-ID", value: d.internetMessageId },
    { name: "Date", value: new Date(d.sent).toUTCString() },
    { name: "From", value: address(d.from) },
    { name: "To", value: d.to.map(address).join(", ") },
    { name: "Subject", value: d.subject },
  ];
}

const toUrlSafe = (b64: string) => b64.replace(/\+/g, "-").replace(/\//g, "_");
