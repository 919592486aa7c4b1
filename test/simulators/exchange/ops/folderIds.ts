/**
 * Resolves t:DistinguishedFolderId (optionally with t:Mailbox, for delegate access) and t:FolderId elements to a
 * mailbox folder, with the per-message errors Exchange gives for each way that can fail.
 */
import type { ResponseError } from "../soap/errors";
import { TEXT } from "../soap/errors";
import { schemaValidationFault } from "../soap/faults";
import type { FolderDefinition } from "../store/folders";
import { folderByCode, folderByName } from "../store/folders";
import { decodeFolderId } from "../store/ids";
import type { Mailbox } from "../store/mailbox";
import { NS } from "../xml/namespaces";
import type { Element } from "../xml/read";
import { attr, child, text } from "../xml/read";
import type { OperationContext } from "./context";
import { canAccess } from "./context";

export interface FolderTarget {
  readonly mailbox: Mailbox;
  readonly def: FolderDefinition;
}

/** t:DistinguishedFolderIdNameType as in the 2013 SP1 schema; values we do not model exist but are "not found". */
const DISTINGUISHED_NAMES = new Set([
  "calendar", "contacts", "deleteditems", "drafts", "inbox", "journal", "notes", "outbox", "sentitems", "tasks", "msgfolderroot",
  "publicfoldersroot", "root", "junkemail", "searchfolders", "voicemail", "recoverableitemsroot", "recoverableitemsdeletions",
  "recoverableitemsversions", "recoverableitemspurges", "archiveroot", "archivemsgfolderroot", "archivedeleteditems", "archiveinbox",
  "archiverecoverableitemsroot", "archiverecoverableitemsdeletions", "archiverecoverableitemsversions", "archiverecoverableitemspurges",
  "syncissues", "conflicts", "localfailures", "serverfailures", "recipientcache", "quickcontacts", "conversationhistory", "adminauditlogs",
  "todosearch", "mycontacts", "directory", "imcontactlist", "peopleconnect", "favorites",
]);

export function isError(value: FolderTarget | ResponseError): value is ResponseError {
  return "code" in value;
}

export function resolveFolderId(el: Element, ctx: OperationContext): FolderTarget | ResponseError {
  if (el.namespaceURI === NS.types && el.localName === "DistinguishedFolderId") {
    const id = attr(el, "Id") ?? "";
    if (!DISTINGUISHED_NAMES.has(id)) {
      throw schemaValidationFault(
        `The 'Id' attribute is invalid - The value '${id}' is invalid according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:DistinguishedFolderIdNameType' - The Enumeration constraint failed.`,
      );
    }
    let mailbox = ctx.actingMailbox;
    const mailboxEl = child(el, NS.types, "Mailbox");
    const emailEl = mailboxEl ? child(mailboxEl, NS.types, "EmailAddress") : undefined;
    if (emailEl) {
      mailbox = ctx.store.mailbox(text(emailEl));
      if (!mailbox) return { code: "ErrorNonExistentMailbox", message: TEXT.nonExistentMailbox, messageXml: [{ kind: "value", name: "SmtpAddress", value: text(emailEl) }] };
    }
    if (!mailbox) return { code: "ErrorMissingEmailAddress", message: TEXT.missingEmailAddress };
    if (!canAccess(ctx, mailbox)) return { code: "ErrorAccessDenied", message: TEXT.accessDenied };
    const def = folderByName(id);
    if (!def) return { code: "ErrorFolderNotFound", message: TEXT.folderNotFound };
    return { mailbox, def };
  }
  if (el.namespaceURI === NS.types && el.localName === "FolderId") {
    const decoded = decodeFolderId(attr(el, "Id") ?? "");
    if (!decoded) return { code: "ErrorInvalidIdMalformed", message: TEXT.idMalformed };
    const mailbox = ctx.store.mailboxByGuid(decoded.mailboxGuid);
    const def = folderByCode(decoded.folderCode);
    if (!mailbox || !def) return { code: "ErrorFolderNotFound", message: TEXT.folderNotFound };
    if (!canAccess(ctx, mailbox)) return { code: "ErrorAccessDenied", message: TEXT.accessDenied };
    return { mailbox, def };
  }
  throw schemaValidationFault(`The element '${el.localName}' is not a folder id.`);
}
