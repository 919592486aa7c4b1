/**
 * Folders as GetFolder and SyncFolderHierarchy return them. Element per folder kind (t:Folder, t:CalendarFolder, ...)
 * and property order per BaseFolderType/FolderType; Default shape per Table 2 of "Property sets and response shapes"
 * (Calendar has no TotalCount/UnreadCount by default; CalendarFolder and ContactsFolder have no UnreadCount at all).
 */
import type { FolderDefinition } from "../store/folders";
import { folderByName, isItemFolder } from "../store/folders";
import { encodeFolderChangeKey, encodeFolderId } from "../store/ids";
import type { Mailbox } from "../store/mailbox";
import { schemaValidationFault } from "../soap/faults";
import type { ExchangeVersion } from "../versions";
import { versionRank } from "../versions";
import { NS } from "../xml/namespaces";
import type { Element } from "../xml/read";
import { attr, child, children, text } from "../xml/read";
import type { XmlWriter } from "../xml/write";
import type { BaseShape } from "./itemShape";

export interface FolderShape {
  readonly base: BaseShape;
  readonly additional: ReadonlySet<string>;
}

export function parseFolderShape(el: Element | undefined): FolderShape {
  if (!el) throw schemaValidationFault("The element 'FolderShape' is missing.");
  const baseEl = child(el, NS.types, "BaseShape");
  const base = baseEl ? text(baseEl) : "";
  if (base !== "IdOnly" && base !== "Default" && base !== "AllProperties") {
    throw schemaValidationFault(
      `The 'http://schemas.microsoft.com/exchange/services/2006/types:BaseShape' element is invalid - The value '${base}' is invalid according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:DefaultShapeNamesType' - The Enumeration constraint failed.`,
    );
  }
  const addEl = child(el, NS.types, "AdditionalProperties");
  const additional = new Set((addEl ? children(addEl, NS.types, "FieldURI") : []).map((p) => attr(p, "FieldURI") ?? ""));
  return { base, additional };
}

type FolderProp = "folder:FolderId" | "folder:ParentFolderId" | "folder:FolderClass" | "folder:DisplayName" | "folder:TotalCount" | "folder:ChildFolderCount" | "folder:EffectiveRights" | "folder:UnreadCount";

function hasUnreadCount(def: FolderDefinition): boolean {
  return def.element === "Folder" || def.element === "TasksFolder";
}

function inDefault(def: FolderDefinition, p: FolderProp): boolean {
  switch (p) {
    case "folder:DisplayName":
    case "folder:ChildFolderCount":
      return true;
    case "folder:TotalCount":
      return def.name !== "calendar";
    case "folder:UnreadCount":
      return def.name !== "calendar" && def.name !== "contacts";
    default:
      return false;
  }
}

function wanted(shape: FolderShape, def: FolderDefinition, p: FolderProp): boolean {
  if (p === "folder:FolderId") return true;
  if (shape.additional.has(p)) return true;
  if (shape.base === "AllProperties") return true;
  if (shape.base === "Default") return inDefault(def, p);
  return false;
}

export function folderCounts(mailbox: Mailbox, def: FolderDefinition): { total: number; unread: number; children: number } {
  const children = def.name === "root" ? 1 : def.name === "msgfolderroot" ? 9 : 0;
  if (!isItemFolder(def.name)) return { total: 0, unread: 0, children };
  const state = mailbox.folder(def.name);
  return { total: state.totalCount, unread: state.unreadCount, children };
}

/** A folder's change key moves with its contents, as item counts are folder properties. */
export function folderVersion(mailbox: Mailbox, def: FolderDefinition): number {
  return isItemFolder(def.name) ? mailbox.folder(def.name).changeNumber : 0;
}

export function writeFolder(w: XmlWriter, mailbox: Mailbox, def: FolderDefinition, shape: FolderShape, version: ExchangeVersion): void {
  const el = `t:${def.element}`;
  const counts = folderCounts(mailbox, def);
  w.open(el);
  w.empty("t:FolderId", { Id: encodeFolderId(mailbox.guid, def.code), ChangeKey: encodeFolderChangeKey(mailbox.guid, folderVersion(mailbox, def)) });
  const parent = def.parent ? folderByName(def.parent) : undefined;
  if (parent && wanted(shape, def, "folder:ParentFolderId")) {
    w.empty("t:ParentFolderId", { Id: encodeFolderId(mailbox.guid, parent.code), ChangeKey: "AQAAAA==" });
  }
  if (def.folderClass && wanted(shape, def, "folder:FolderClass")) w.leaf("t:FolderClass", def.folderClass);
  if (wanted(shape, def, "folder:DisplayName")) w.leaf("t:DisplayName", def.displayName);
  if (wanted(shape, def, "folder:TotalCount")) w.leaf("t:TotalCount", counts.total);
  if (wanted(shape, def, "folder:ChildFolderCount")) w.leaf("t:ChildFolderCount", counts.children);
  // EffectiveRights arrived with Exchange 2007 SP1 (the 2007 sample answer has none).
  if (wanted(shape, def, "folder:EffectiveRights") && versionRank(version) >= versionRank("Exchange2007_SP1")) {
    w.open("t:EffectiveRights");
    w.leaf("t:CreateAssociated", "true").leaf("t:CreateContents", "true").leaf("t:CreateHierarchy", "true");
    w.leaf("t:Delete", "true").leaf("t:Modify", "true").leaf("t:Read", "true").leaf("t:ViewPrivateItems", "true");
    w.close("t:EffectiveRights");
  }
  if (hasUnreadCount(def) && wanted(shape, def, "folder:UnreadCount")) w.leaf("t:UnreadCount", counts.unread);
  w.close(el);
}
