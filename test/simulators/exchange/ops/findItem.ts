/**
 * FindItem over one or more folders with IndexedPageItemView paging. Unsorted results come newest first. A single
 * response holds at most EWSFindCountLimit (1000) items: a bigger page is cut short and IncludesLastItemInRange=false.
 * Restrictions, sorting and other views are not simulated and are refused explicitly rather than ignored.
 */
import { TEXT } from "../soap/errors";
import { SoapFault, schemaValidationFault } from "../soap/faults";
import { openError, openSuccess } from "../soap/responseMessage";
import { findShapeError, parseItemShape } from "../shape/itemShape";
import { writeItem } from "../shape/writeItem";
import { isItemFolder } from "../store/folders";
import type { LiveItem } from "../store/folderState";
import { NS } from "../xml/namespaces";
import type { Element } from "../xml/read";
import { attr, child, children } from "../xml/read";
import { XmlWriter } from "../xml/write";
import type { OperationContext } from "./context";
import { RenderScope, renderItem } from "./context";
import { isError, resolveFolderId } from "./folderIds";
import { intAttribute } from "./values";

const ELEMENT = "FindItemResponseMessage";
export const FIND_COUNT_LIMIT = 1000;

const UNSUPPORTED = ["FractionalPageItemView", "SeekToConditionPageItemView", "CalendarView", "ContactsView", "GroupBy", "DistinguishedGroupBy", "Restriction", "SortOrder", "QueryString"];

interface Page {
  readonly offset: number;
  readonly max: number;
  readonly fromEnd: boolean;
  readonly indexed: boolean;
}

export function findItem(op: Element, ctx: OperationContext): string {
  const traversal = attr(op, "Traversal");
  if (!traversal || !["Shallow", "Deep", "SoftDeleted", "Associated"].includes(traversal)) {
    throw schemaValidationFault(`The 'Traversal' attribute is invalid - The value '${traversal ?? ""}' is invalid according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:ItemQueryTraversalType' - The Enumeration constraint failed.`);
  }
  const shape = parseItemShape(child(op, NS.messages, "ItemShape"));
  for (const name of UNSUPPORTED) {
    if (child(op, NS.messages, name)) {
      throw new SoapFault({ code: "ErrorInvalidRequest", message: `The Exchange simulator does not implement ${name} in FindItem.` });
    }
  }
  const page = readPage(child(op, NS.messages, "IndexedPageItemView"));
  const parentsEl = child(op, NS.messages, "ParentFolderIds");
  const parents = parentsEl ? children(parentsEl, NS.types) : [];
  if (parents.length === 0) throw schemaValidationFault("The element 'ParentFolderIds' in namespace 'http://schemas.microsoft.com/exchange/services/2006/messages' has incomplete content.");

  const w = new XmlWriter();
  for (const parentEl of parents) {
    const resolved = resolveFolderId(parentEl, ctx);
    const shapeError = findShapeError(shape);
    if (isError(resolved) || shapeError) {
      openError(w, ELEMENT, isError(resolved) ? resolved : (shapeError ?? { code: "ErrorInternalServerError", message: TEXT.accessDenied }));
      w.close(`m:${ELEMENT}`);
      continue;
    }
    const { mailbox, def } = resolved;
    // Soft-deleted and associated (FAI) items are not simulated: such views are empty.
    const folder = isItemFolder(def.name) && (traversal === "Shallow" || traversal === "Deep") ? mailbox.folder(def.name) : undefined;
    const total = folder?.totalCount ?? 0;
    const wanted = Math.max(0, Math.min(page.max, FIND_COUNT_LIMIT));
    let items: LiveItem[] = [];
    let firstIndex = 0;
    if (folder && page.offset < total) {
      firstIndex = page.fromEnd ? Math.max(0, total - page.offset - wanted) : page.offset;
      const lastExclusive = page.fromEnd ? total - page.offset : Math.min(total, page.offset + wanted);
      const startKey = folder.keyAtOffset(firstIndex);
      if (startKey !== undefined && lastExclusive > firstIndex) items = folder.newestFirst(startKey, lastExclusive - firstIndex).items;
    }
    const includesLast = page.fromEnd ? firstIndex === 0 : page.offset + items.length >= total;
    openSuccess(w, ELEMENT);
    w.open("m:RootFolder", {
      IndexedPagingOffset: page.indexed ? page.offset + items.length : undefined,
      TotalItemsInView: total,
      IncludesLastItemInRange: includesLast ? "true" : "false",
    });
    if (items.length === 0) {
      w.empty("t:Items");
    } else {
      w.open("t:Items");
      const scope = new RenderScope(ctx, mailbox, folder?.name ?? "inbox", shape.bodyType);
      for (const item of items) writeItem(w, renderItem(scope, item), shape, "find");
      w.close("t:Items");
    }
    w.close("m:RootFolder");
    w.close(`m:${ELEMENT}`);
  }
  return w.toString();
}

function readPage(view: Element | undefined): Page {
  if (!view) return { offset: 0, max: Number.MAX_SAFE_INTEGER, fromEnd: false, indexed: false };
  const offset = intAttribute(view, "Offset", undefined);
  if (offset === undefined) throw schemaValidationFault("The required attribute 'Offset' is missing.");
  const basePoint = attr(view, "BasePoint");
  if (basePoint !== "Beginning" && basePoint !== "End") {
    throw schemaValidationFault(`The 'BasePoint' attribute is invalid - The value '${basePoint ?? ""}' is invalid according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:IndexBasePointType' - The Enumeration constraint failed.`);
  }
  const max = intAttribute(view, "MaxEntriesReturned", Number.MAX_SAFE_INTEGER) as number;
  if (offset < 0 || max < 1) throw new SoapFault({ code: "ErrorInvalidRequest", message: "The request is invalid." });
  return { offset, max, fromEnd: basePoint === "End", indexed: true };
}
