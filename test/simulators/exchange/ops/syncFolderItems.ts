/**
 * SyncFolderItems: initial sync walks the folder newest first; later calls follow the change log from the watermark in
 * the SyncState. At most MaxChangesReturned (1..512) changes per call; IncludesLastItemInRange=false means "call again".
 */
import type { ResponseError } from "../soap/errors";
import { TEXT } from "../soap/errors";
import { schemaValidationFault } from "../soap/faults";
import { openError, openSuccess } from "../soap/responseMessage";
import type { ItemShape } from "../shape/itemShape";
import { findShapeError, parseItemShape } from "../shape/itemShape";
import { writeItem } from "../shape/writeItem";
import { isItemFolder } from "../store/folders";
import type { FolderState, ItemChange } from "../store/folderState";
import { decodeItemId } from "../store/ids";
import type { Mailbox } from "../store/mailbox";
import type { ItemSyncCursor } from "../store/syncState";
import { NS } from "../xml/namespaces";
import type { Element } from "../xml/read";
import { attr, child, children, text } from "../xml/read";
import { XmlWriter } from "../xml/write";
import type { OperationContext } from "./context";
import { RenderScope, renderItem } from "./context";
import { isError, resolveFolderId } from "./folderIds";
import { boundedInt, enumValue } from "./values";

const ELEMENT = "SyncFolderItemsResponseMessage";

function writeError(error: ResponseError): string {
  const w = new XmlWriter();
  openError(w, ELEMENT, error);
  // As in syncfolderitems-operation-03.xml: an empty SyncState and IncludesLastItemInRange=true follow the error.
  w.empty("m:SyncState").leaf("m:IncludesLastItemInRange", "true");
  w.close(`m:${ELEMENT}`);
  return w.toString();
}

const invalidState: ResponseError = { code: "ErrorInvalidSyncStateData", message: TEXT.invalidSyncState };

export function syncFolderItems(op: Element, ctx: OperationContext): string {
  const shape = parseItemShape(child(op, NS.messages, "ItemShape"));
  const folderIdEl = child(op, NS.messages, "SyncFolderId");
  const target = folderIdEl ? children(folderIdEl, NS.types)[0] : undefined;
  if (!target) throw schemaValidationFault("The element 'SyncFolderItems' has incomplete content. List of possible elements expected: 'SyncFolderId'.");
  const stateEl = child(op, NS.messages, "SyncState");
  const maxEl = child(op, NS.messages, "MaxChangesReturned");
  if (!maxEl) throw schemaValidationFault("The element 'SyncFolderItems' has incomplete content. List of possible elements expected: 'MaxChangesReturned'.");
  const max = boundedInt(maxEl, { element: "MaxChangesReturned", type: "MaxSyncChangesReturnedType", min: 1, max: 512 });
  const scopeEl = child(op, NS.messages, "SyncScope");
  if (scopeEl) enumValue(text(scopeEl), ["NormalItems", "NormalAndAssociatedItems"] as const, { element: "SyncScope", type: "SyncFolderItemsScopeType" });

  const resolved = resolveFolderId(target, ctx);
  if (isError(resolved)) {
    return writeError(resolved.code === "ErrorFolderNotFound" ? { code: "ErrorSyncFolderNotFound", message: TEXT.folderNotFound } : resolved);
  }
  const shapeError = findShapeError(shape);
  if (shapeError) return writeError(shapeError);
  const { mailbox, def } = resolved;
  const folder = isItemFolder(def.name) ? mailbox.folder(def.name) : undefined;
  const changeNumber = folder?.changeNumber ?? 0;

  let cursor: ItemSyncCursor;
  const blob = stateEl ? text(stateEl) : "";
  if (blob === "") {
    cursor = { phase: "initial", snapshot: changeNumber, nextKey: changeNumber };
  } else {
    // Never trust a state blindly: another mailbox's or folder's state, a hierarchy state, an edited or truncated blob,
    // or one from before a re-seed all fail the same way Exchange fails them.
    const state = ctx.syncStates.decode(blob);
    if (
      !state ||
      state.kind !== "items" ||
      !state.mailboxGuid.equals(mailbox.guid) ||
      state.epoch !== mailbox.epoch ||
      state.folderCode !== def.code ||
      (state.cursor.phase === "initial" ? state.cursor.snapshot : state.cursor.watermark) > changeNumber
    ) {
      return writeError(invalidState);
    }
    cursor = state.cursor;
  }
  if (!folder) return emptyPage(ctx, mailbox, def.code);

  const ignored = ignoredKeys(op, mailbox, def.code);
  const skip = ignored.size > 0 ? (key: number) => ignored.has(key) : undefined;
  let changes: ItemChange[];
  let next: ItemSyncCursor;
  let includesLast: boolean;
  if (cursor.phase === "initial") {
    const page = folder.newestFirst(Math.min(cursor.nextKey, cursor.snapshot), max, skip);
    changes = page.items.map((item) => ({ kind: "create", key: item.key, version: item.version, item }));
    if (page.nextKey === 0) {
      next = { phase: "incremental", watermark: cursor.snapshot };
      includesLast = !folder.hasChangesAfter(cursor.snapshot);
    } else {
      next = { phase: "initial", snapshot: cursor.snapshot, nextKey: page.nextKey };
      includesLast = false;
    }
  } else {
    const page = folder.changesSince(cursor.watermark, max, skip);
    changes = page.changes;
    next = { phase: "incremental", watermark: page.watermark };
    includesLast = page.done;
  }

  const w = new XmlWriter();
  openSuccess(w, ELEMENT);
  w.leaf("m:SyncState", ctx.syncStates.encode({ kind: "items", mailboxGuid: mailbox.guid, epoch: mailbox.epoch, folderCode: def.code, cursor: next }));
  w.leaf("m:IncludesLastItemInRange", includesLast ? "true" : "false");
  if (changes.length === 0) {
    w.empty("m:Changes");
  } else {
    w.open("m:Changes");
    const scope = new RenderScope(ctx, mailbox, folder.name, shape.bodyType);
    for (const change of changes) writeChange(w, scope, folder, change, shape);
    w.close("m:Changes");
  }
  w.close(`m:${ELEMENT}`);
  return w.toString();
}

function writeChange(w: XmlWriter, scope: RenderScope, folder: FolderState, change: ItemChange, shape: ItemShape): void {
  const mailbox = scope.mailbox;
  const itemIdAttrs = () => ({ Id: mailbox.itemId(folder.name, change.key), ChangeKey: mailbox.changeKey(change.version) });
  switch (change.kind) {
    case "delete":
      w.open("t:Delete").empty("t:ItemId", itemIdAttrs()).close("t:Delete");
      return;
    case "readFlag": {
      const data = change.item?.data;
      w.open("t:ReadFlagChange").empty("t:ItemId", itemIdAttrs());
      w.leaf("t:IsRead", data && data.kind !== "calendarItem" && data.isRead ? "true" : "false");
      w.close("t:ReadFlagChange");
      return;
    }
    default: {
      const tag = change.kind === "create" ? "t:Create" : "t:Update";
      if (!change.item) return;
      w.open(tag);
      writeItem(w, renderItem(scope, change.item), shape, "find");
      w.close(tag);
    }
  }
}

function ignoredKeys(op: Element, mailbox: Mailbox, folderCode: number): Set<number> {
  const out = new Set<number>();
  const ignoreEl = child(op, NS.messages, "Ignore");
  for (const idEl of ignoreEl ? children(ignoreEl, NS.types, "ItemId") : []) {
    const parts = decodeItemId(attr(idEl, "Id") ?? "");
    if (parts && parts.mailboxGuid.equals(mailbox.guid) && parts.folderCode === folderCode) out.add(parts.key);
  }
  return out;
}

/** Folders without items (the roots) sync to nothing. */
function emptyPage(ctx: OperationContext, mailbox: Mailbox, folderCode: number): string {
  const w = new XmlWriter();
  openSuccess(w, ELEMENT);
  w.leaf("m:SyncState", ctx.syncStates.encode({ kind: "items", mailboxGuid: mailbox.guid, epoch: mailbox.epoch, folderCode, cursor: { phase: "incremental", watermark: 0 } }));
  w.leaf("m:IncludesLastItemInRange", "true").empty("m:Changes");
  w.close(`m:${ELEMENT}`);
  return w.toString();
}
