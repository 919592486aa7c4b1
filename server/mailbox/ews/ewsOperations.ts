import type { Change, ChangePage, FolderKind } from "../items";
import { MailboxError } from "../mailboxError";
import { NS, escapeXml } from "./soapEnvelope";
import type { XmlElement } from "./xmlTree";
import { child, childText } from "./xmlTree";

/** The operation elements sync sends (messages.xsd order), and what it reads back from SyncFolderItems. */

const commonProperties = ["item:Subject", "item:Sensitivity", "item:ItemClass", "item:DateTimeReceived"];
const calendarProperties = [
  "calendar:Start",
  "calendar:End",
  "calendar:IsAllDayEvent",
  "calendar:Location",
  "calendar:Organizer",
  "calendar:RequiredAttendees",
  "calendar:OptionalAttendees",
  "calendar:IsCancelled",
  "calendar:UID",
];
const mailProperties = [
  "message:From",
  "message:ToRecipients",
  "message:CcRecipients",
  "message:BccRecipients",
  "message:InternetMessageId",
  "item:DateTimeSent",
  "item:HasAttachments",
  "item:Attachments",
];

/** Changes only, ids only: a quiet folder answers with an empty Changes element. */
export function syncFolderItemsRequest(folder: FolderKind, cursor: string | null, maxChanges: number): string {
  const max = Math.max(1, Math.min(512, Math.floor(maxChanges)));
  return (
    `<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>` +
    `<m:SyncFolderId><t:DistinguishedFolderId Id="${folder}"/></m:SyncFolderId>` +
    (cursor ? `<m:SyncState>${escapeXml(cursor)}</m:SyncState>` : "") +
    `<m:MaxChangesReturned>${max}</m:MaxChangesReturned><m:SyncScope>NormalItems</m:SyncScope></m:SyncFolderItems>`
  );
}

/** The properties an activity needs, per folder kind; the body (as plain text, what a CRM note wants) only when kept. */
export function getItemRequest(folder: FolderKind, ids: readonly string[], withBody: boolean): string {
  const fields = [...commonProperties, ...(folder === "calendar" ? calendarProperties : mailProperties), ...(withBody ? ["item:Body"] : [])];
  return (
    `<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>${withBody ? "<t:BodyType>Text</t:BodyType>" : ""}` +
    `<t:AdditionalProperties>${fields.map((f) => `<t:FieldURI FieldURI="${f}"/>`).join("")}</t:AdditionalProperties></m:ItemShape>` +
    `<m:ItemIds>${ids.map((id) => `<t:ItemId Id="${escapeXml(id)}"/>`).join("")}</m:ItemIds></m:GetItem>`
  );
}

/** One SyncFolderItems response message as a page of changes. */
export function readChangePage(message: XmlElement): ChangePage {
  const state = childText(message, NS.messages, "SyncState");
  if (state === undefined) throw new MailboxError("protocol", "unexpected answer from Exchange: SyncFolderItems without a SyncState");
  const changes: Change[] = [];
  const list = child(message, NS.messages, "Changes");
  for (const c of list?.children ?? []) {
    if (c.ns !== NS.types) continue;
    // Create/Update carry the item (its ItemId inside); Delete/ReadFlagChange carry the ItemId itself.
    const holder = c.name === "Create" || c.name === "Update" ? c.children.find((i) => i.ns === NS.types) : c;
    const itemId = child(holder, NS.types, "ItemId")?.attrs.Id;
    if (!itemId) continue;
    if (c.name === "Create" || c.name === "Update") changes.push({ kind: "upsert", itemId });
    else if (c.name === "Delete") changes.push({ kind: "delete", itemId });
    else changes.push({ kind: "readFlag", itemId });
  }
  return { changes, nextCursor: state.trim(), done: childText(message, NS.messages, "IncludesLastItemInRange")?.trim() !== "false" };
}
