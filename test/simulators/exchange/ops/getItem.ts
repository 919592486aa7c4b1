/**
 * GetItem: one response message per requested id, in request order. A deleted or unknown item yields ErrorItemNotFound
 * for that id only; the rest of the batch still succeeds (as real batches do).
 */
import type { ResponseError } from "../soap/errors";
import { TEXT } from "../soap/errors";
import { schemaValidationFault } from "../soap/faults";
import { openError, openSuccess } from "../soap/responseMessage";
import { invalidPropertyFor, parseItemShape } from "../shape/itemShape";
import { writeItem } from "../shape/writeItem";
import { decodeItemId } from "../store/ids";
import { NS } from "../xml/namespaces";
import type { Element } from "../xml/read";
import { attr, child, children } from "../xml/read";
import { XmlWriter } from "../xml/write";
import type { OperationContext } from "./context";
import { canAccess, renderContext } from "./context";

const ELEMENT = "GetItemResponseMessage";

export function getItem(op: Element, ctx: OperationContext): string {
  const shape = parseItemShape(child(op, NS.messages, "ItemShape"));
  const idsEl = child(op, NS.messages, "ItemIds");
  const ids = idsEl ? children(idsEl, NS.types) : [];
  if (ids.length === 0) throw schemaValidationFault("The element 'ItemIds' in namespace 'http://schemas.microsoft.com/exchange/services/2006/messages' has incomplete content.");
  const w = new XmlWriter();
  for (const idEl of ids) {
    const error = writeOne(w, idEl, ctx, shape);
    if (error) {
      // ItemInfoResponseMessageType requires m:Items even on error (sample getitem-operation-email-message-03.xml).
      openError(w, ELEMENT, error);
      w.empty("m:Items");
      w.close(`m:${ELEMENT}`);
    }
  }
  return w.toString();
}

function writeOne(w: XmlWriter, idEl: Element, ctx: OperationContext, shape: ReturnType<typeof parseItemShape>): ResponseError | undefined {
  // Occurrence and recurring-master ids need recurring items, which the simulator does not have.
  if (idEl.localName !== "ItemId") return { code: "ErrorInvalidIdMalformed", message: TEXT.idMalformed };
  const id = attr(idEl, "Id") ?? "";
  const parts = decodeItemId(id);
  if (!parts) return { code: "ErrorInvalidIdMalformed", message: TEXT.idMalformed };
  const mailbox = ctx.store.mailboxByGuid(parts.mailboxGuid);
  if (!mailbox) return { code: "ErrorItemNotFound", message: TEXT.itemNotFound };
  if (!canAccess(ctx, mailbox)) return { code: "ErrorAccessDenied", message: TEXT.accessDenied };
  const found = mailbox.lookup(id);
  if (found.status !== "found") return { code: "ErrorItemNotFound", message: TEXT.itemNotFound };
  const invalid = invalidPropertyFor(found.item.kind, shape);
  if (invalid) return invalid;
  openSuccess(w, ELEMENT);
  w.open("m:Items");
  writeItem(w, renderContext(ctx, mailbox, found.folder.name, found.item, shape.bodyType), shape, "get");
  w.close("m:Items");
  w.close(`m:${ELEMENT}`);
  return undefined;
}
