/**
 * SyncFolderHierarchy: the first call reports every folder below the sync root as a Create; later calls report folder
 * creations, renames and deletions. Simulated mailboxes have a fixed folder tree, so later calls report no changes.
 */
import type { ResponseError } from "../soap/errors";
import { TEXT } from "../soap/errors";
import { openError, openSuccess } from "../soap/responseMessage";
import { parseFolderShape, writeFolder } from "../shape/folderShape";
import { descendants, folderByName } from "../store/folders";
import { NS } from "../xml/namespaces";
import type { Element } from "../xml/read";
import { child, children, text } from "../xml/read";
import { XmlWriter } from "../xml/write";
import type { OperationContext } from "./context";
import type { FolderTarget } from "./folderIds";
import { isError, resolveFolderId } from "./folderIds";

const ELEMENT = "SyncFolderHierarchyResponseMessage";
/** Version of the (fixed) folder tree recorded in hierarchy sync states. */
const TREE_VERSION = 1;

function writeError(error: ResponseError): string {
  const w = new XmlWriter();
  openError(w, ELEMENT, error);
  w.empty("m:SyncState").leaf("m:IncludesLastFolderInRange", "true");
  w.close(`m:${ELEMENT}`);
  return w.toString();
}

export function syncFolderHierarchy(op: Element, ctx: OperationContext): string {
  const shape = parseFolderShape(child(op, NS.messages, "FolderShape"));
  const folderIdEl = child(op, NS.messages, "SyncFolderId");
  const targetEl = folderIdEl ? children(folderIdEl, NS.types)[0] : undefined;
  let target: FolderTarget;
  if (targetEl) {
    const resolved = resolveFolderId(targetEl, ctx);
    if (isError(resolved)) return writeError(resolved);
    target = resolved;
  } else {
    // Without SyncFolderId the whole mailbox (below the root) is synchronised.
    if (!ctx.actingMailbox) return writeError({ code: "ErrorMissingEmailAddress", message: TEXT.missingEmailAddress });
    target = { mailbox: ctx.actingMailbox, def: folderByName("root") as NonNullable<ReturnType<typeof folderByName>> };
  }
  const { mailbox, def } = target;
  const stateEl = child(op, NS.messages, "SyncState");
  const blob = stateEl ? text(stateEl) : "";
  let initial = true;
  if (blob !== "") {
    const state = ctx.syncStates.decode(blob);
    if (!state || state.kind !== "hierarchy" || !state.mailboxGuid.equals(mailbox.guid) || state.epoch !== mailbox.epoch || state.folderCode !== def.code || state.version > TREE_VERSION) {
      return writeError({ code: "ErrorInvalidSyncStateData", message: TEXT.invalidHierarchySyncState });
    }
    initial = false;
  }
  const w = new XmlWriter();
  openSuccess(w, ELEMENT);
  w.leaf("m:SyncState", ctx.syncStates.encode({ kind: "hierarchy", mailboxGuid: mailbox.guid, epoch: mailbox.epoch, folderCode: def.code, version: TREE_VERSION }));
  w.leaf("m:IncludesLastFolderInRange", "true");
  const folders = initial ? descendants(def.name) : [];
  if (folders.length === 0) {
    w.empty("m:Changes");
  } else {
    w.open("m:Changes");
    for (const f of folders) {
      w.open("t:Create");
      writeFolder(w, mailbox, f, shape, ctx.requestVersion);
      w.close("t:Create");
    }
    w.close("m:Changes");
  }
  w.close(`m:${ELEMENT}`);
  return w.toString();
}
