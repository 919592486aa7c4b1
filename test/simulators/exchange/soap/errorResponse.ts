/**
 * An error answer for a whole request that is still a normal HTTP 200 response: one error response message per unit of
 * work (each GetItem id, each GetFolder id, each FindItem parent folder; one for Sync*), each carrying the elements its
 * response message type requires after the error head.
 */
import { NS } from "../xml/namespaces";
import type { Element } from "../xml/read";
import { child, children } from "../xml/read";
import { XmlWriter } from "../xml/write";
import type { ResponseError } from "./errors";
import { openError } from "./responseMessage";

function units(operation: Element, container: string): number {
  const el = child(operation, NS.messages, container);
  return Math.max(1, el ? children(el, NS.types).length : 1);
}

export function writeErrorMessages(operationName: string, operation: Element, error: ResponseError): string {
  const w = new XmlWriter();
  const element = `${operationName}ResponseMessage`;
  const count =
    operationName === "GetItem" ? units(operation, "ItemIds")
    : operationName === "GetFolder" ? units(operation, "FolderIds")
    : operationName === "FindItem" ? units(operation, "ParentFolderIds")
    : 1;
  for (let i = 0; i < count; i++) {
    openError(w, element, error);
    if (operationName === "SyncFolderItems") w.empty("m:SyncState").leaf("m:IncludesLastItemInRange", "true");
    else if (operationName === "SyncFolderHierarchy") w.empty("m:SyncState").leaf("m:IncludesLastFolderInRange", "true");
    else if (operationName === "GetItem") w.empty("m:Items");
    else if (operationName === "GetFolder") w.empty("m:Folders");
    w.close(`m:${element}`);
  }
  return w.toString();
}
