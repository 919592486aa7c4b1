/** GetFolder: one response message per requested folder id, each with its own success or error. */
import { openError, openSuccess } from "../soap/responseMessage";
import { schemaValidationFault } from "../soap/faults";
import { parseFolderShape, writeFolder } from "../shape/folderShape";
import { NS } from "../xml/namespaces";
import type { Element } from "../xml/read";
import { child, children } from "../xml/read";
import { XmlWriter } from "../xml/write";
import type { OperationContext } from "./context";
import { isError, resolveFolderId } from "./folderIds";

const ELEMENT = "GetFolderResponseMessage";

export function getFolder(op: Element, ctx: OperationContext): string {
  const shape = parseFolderShape(child(op, NS.messages, "FolderShape"));
  const idsEl = child(op, NS.messages, "FolderIds");
  const ids = idsEl ? children(idsEl, NS.types) : [];
  if (ids.length === 0) throw schemaValidationFault("The element 'FolderIds' in namespace 'http://schemas.microsoft.com/exchange/services/2006/messages' has incomplete content.");
  const w = new XmlWriter();
  for (const idEl of ids) {
    const resolved = resolveFolderId(idEl, ctx);
    if (isError(resolved)) {
      openError(w, ELEMENT, resolved);
      w.empty("m:Folders");
    } else {
      openSuccess(w, ELEMENT);
      w.open("m:Folders");
      writeFolder(w, resolved.mailbox, resolved.def, shape, ctx.requestVersion);
      w.close("m:Folders");
    }
    w.close(`m:${ELEMENT}`);
  }
  return w.toString();
}
