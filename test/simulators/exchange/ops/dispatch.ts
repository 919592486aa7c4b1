/** Operation name -> handler. Operations the simulator does not implement fail loudly rather than pretending. */
import { SoapFault } from "../soap/faults";
import type { Element } from "../xml/read";
import type { OperationContext } from "./context";
import { findItem } from "./findItem";
import { getFolder } from "./getFolder";
import { getItem } from "./getItem";
import { syncFolderHierarchy } from "./syncFolderHierarchy";
import { syncFolderItems } from "./syncFolderItems";

export type OperationName = "SyncFolderItems" | "SyncFolderHierarchy" | "GetItem" | "GetFolder" | "FindItem";
type Handler = (op: Element, ctx: OperationContext) => string;

const HANDLERS: Readonly<Record<OperationName, Handler>> = {
  SyncFolderItems: syncFolderItems,
  SyncFolderHierarchy: syncFolderHierarchy,
  GetItem: getItem,
  GetFolder: getFolder,
  FindItem: findItem,
};

export const OPERATION_NAMES = Object.keys(HANDLERS) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(HANDLERS, name);
}

/** ConcurrentSyncCalls applies to these (EXO: at most 5 at once per mailbox). */
export function isSyncOperation(name: string): boolean {
  return name === "SyncFolderItems" || name === "SyncFolderHierarchy";
}

export function handlerFor(name: string): Handler {
  if (isOperationName(name)) return HANDLERS[name];
  throw new SoapFault({ code: "ErrorInvalidRequest", message: `The Exchange simulator does not implement the ${name} operation.` });
}
