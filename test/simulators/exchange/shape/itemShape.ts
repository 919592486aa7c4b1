/**
 * m:ItemShape: BaseShape, BodyType, IncludeMimeContent and AdditionalProperties. Decides, per item, which registry
 * properties to write. "find" context (FindItem, SyncFolderItems) never returns GetItem-only properties.
 */
import type { ItemKind } from "../model/types";
import type { ResponseError } from "../soap/errors";
import { TEXT } from "../soap/errors";
import { schemaValidationFault } from "../soap/faults";
import type { ExchangeVersion } from "../versions";
import { versionRank } from "../versions";
import { NS } from "../xml/namespaces";
import type { Element } from "../xml/read";
import { attr, child, children, lineOf, text } from "../xml/read";
import type { PropertyDef } from "./properties";
import { DEFAULT_SHAPE, PROPERTIES, SEQUENCE, kindHas, propertyByUri } from "./properties";
import type { BodyType } from "./render";

export type BaseShape = "IdOnly" | "Default" | "AllProperties";
export type ShapeContext = "get" | "find";

export interface ItemShape {
  readonly base: BaseShape;
  readonly bodyType: BodyType;
  readonly includeMimeContent: boolean;
  /** Registry properties named in AdditionalProperties (unknown FieldURIs have no value here and are ignored). */
  readonly additional: ReadonlySet<PropertyDef>;
  readonly additionalUris: readonly string[];
}

const BASE_SHAPES: readonly BaseShape[] = ["IdOnly", "Default", "AllProperties"];
const BODY_TYPES: readonly BodyType[] = ["Best", "HTML", "Text"];

export function parseItemShape(el: Element | undefined, elementName = "ItemShape"): ItemShape {
  if (!el) throw schemaValidationFault(`The element '${elementName}' is missing.`);
  const baseEl = child(el, NS.types, "BaseShape");
  const base = baseEl ? text(baseEl) : "";
  if (!BASE_SHAPES.includes(base as BaseShape)) {
    throw schemaValidationFault(
      `The 'http://schemas.microsoft.com/exchange/services/2006/types:BaseShape' element is invalid - The value '${base}' is invalid according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:DefaultShapeNamesType' - The Enumeration constraint failed.`,
      baseEl ? lineOf(baseEl) : 1,
    );
  }
  const bodyTypeEl = child(el, NS.types, "BodyType");
  const bodyType = bodyTypeEl ? text(bodyTypeEl) : "Best";
  if (!BODY_TYPES.includes(bodyType as BodyType)) {
    throw schemaValidationFault(
      `The 'http://schemas.microsoft.com/exchange/services/2006/types:BodyType' element is invalid - The value '${bodyType}' is invalid according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:BodyTypeResponseType' - The Enumeration constraint failed.`,
    );
  }
  const mimeEl = child(el, NS.types, "IncludeMimeContent");
  const additional = new Set<PropertyDef>();
  const additionalUris: string[] = [];
  const addEl = child(el, NS.types, "AdditionalProperties");
  for (const p of addEl ? children(addEl, NS.types) : []) {
    if (p.localName !== "FieldURI") continue; // IndexedFieldURI / ExtendedFieldURI: no such values in simulated items
    const uri = attr(p, "FieldURI") ?? "";
    additionalUris.push(uri);
    const def = propertyByUri(uri);
    if (def) additional.add(def);
  }
  return {
    base: base as BaseShape,
    bodyType: bodyType as BodyType,
    includeMimeContent: mimeEl ? text(mimeEl) === "true" || text(mimeEl) === "1" : false,
    additional,
    additionalUris,
  };
}

/**
 * FindItem/SyncFolderItems refuse properties they cannot return (Body, recipients...), like GetItem refuses a property
 * that does not exist on the item type (sample getitem-operation-email-message-03.xml).
 */
export function findShapeError(shape: ItemShape): ResponseError | undefined {
  const bad = [...shape.additional].find((p) => !p.findable) ?? (shape.includeMimeContent ? PROPERTIES.MimeContent : undefined);
  if (!bad) return undefined;
  return { code: "ErrorInvalidPropertyRequest", message: TEXT.invalidProperty, messageXml: [{ kind: "fieldUri", fieldUri: bad.fieldUri }] };
}

/** GetItem: an explicitly requested property the item's type does not have. */
export function invalidPropertyFor(kind: ItemKind, shape: ItemShape): ResponseError | undefined {
  const bad = [...shape.additional].find((p) => !kindHas(kind, p));
  if (!bad) return undefined;
  return { code: "ErrorInvalidPropertyRequest", message: TEXT.invalidProperty, messageXml: [{ kind: "fieldUri", fieldUri: bad.fieldUri }] };
}

/** Per parsed shape (one per request), the selection per kind/context/version: a sync page computes it once. */
const cache = new WeakMap<ItemShape, Map<string, readonly PropertyDef[]>>();

/** The properties to write for an item of `kind`, in schema order. */
export function selectProperties(kind: ItemKind, shape: ItemShape, context: ShapeContext, version: ExchangeVersion): readonly PropertyDef[] {
  let perShape = cache.get(shape);
  if (!perShape) {
    perShape = new Map();
    cache.set(shape, perShape);
  }
  const cacheKey = kind + context + version;
  const hit = perShape.get(cacheKey);
  if (hit) return hit;
  const rank = versionRank(version);
  const defaults = DEFAULT_SHAPE[kind];
  const selected = SEQUENCE[kind].filter((p) => {
    if (versionRank(p.since) > rank) return false;
    if (p === PROPERTIES.ItemId) return true;
    if (shape.additional.has(p)) return true;
    if (p === PROPERTIES.MimeContent) return shape.includeMimeContent && context === "get";
    if (context === "find" && !p.findable) return false;
    if (shape.base === "AllProperties") return p.inAll;
    if (shape.base === "Default") return defaults.has(p);
    return false;
  });
  perShape.set(cacheKey, selected);
  return selected;
}
