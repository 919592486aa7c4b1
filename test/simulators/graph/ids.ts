/**
 * Graph spells Outlook ids in URL-safe base64 (`-` and `_`, padding kept: "AAMkAGI1AAAt9AHjAAA="), the same bytes as
 * the EWS id of the item. With `Prefer: IdType="ImmutableId"` an item is named by where it was created, so the id
 * survives moves; without it the id changes when the item moves, as Microsoft documents (outlook-immutable-id.md).
 * Occurrences of a series have their own ids: the master's id plus the occurrence's original start.
 */
import { decodeFolderId, decodeImmutableItemId, decodeItemId, encodeFolderId, encodeImmutableItemId } from "../exchange/store/ids";
import type { Mailbox } from "../exchange/store/mailbox";
import type { ItemFolderName } from "../exchange/store/folders";
import { folderByCode, folderByName } from "../exchange/store/folders";
import type { FolderState, LiveItem } from "../exchange/store/folderState";

export const toGraphId = (ewsId: string): string => ewsId.replace(/\+/g, "-").replace(/\//g, "_");
export const fromGraphId = (graphId: string): string => graphId.replace(/-/g, "+").replace(/_/g, "/");

const OCCURRENCE_TAG = 0x4f;

export function itemGraphId(mailbox: Mailbox, folder: ItemFolderName, key: number, immutable: boolean): string {
  if (!immutable) return toGraphId(mailbox.itemId(folder, key));
  const code = folderByName(folder)?.code ?? 0;
  const origin = mailbox.originOf(code, key);
  return toGraphId(encodeImmutableItemId({ mailboxGuid: mailbox.guid, folderCode: origin.folderCode, epoch: mailbox.epoch, key: origin.key }));
}

export function folderGraphId(mailbox: Mailbox, folder: ItemFolderName | "msgfolderroot"): string {
  return toGraphId(encodeFolderId(mailbox.guid, folderByName(folder)?.code ?? 0));
}

/** A folder segment: a well-known name (any case) or a folder id of this mailbox. */
export function resolveFolder(mailbox: Mailbox, segment: string): ItemFolderName | "msgfolderroot" | undefined {
  const lower = segment.toLowerCase();
  const named = folderByName(lower);
  if (named && named.name !== "root") return named.name as ItemFolderName | "msgfolderroot";
  const parsed = decodeFolderId(fromGraphId(segment));
  if (!parsed || !parsed.mailboxGuid.equals(mailbox.guid)) return undefined;
  const def = folderByCode(parsed.folderCode);
  return def && def.name !== "root" ? (def.name as ItemFolderName | "msgfolderroot") : undefined;
}

export function occurrenceGraphId(masterId: string, originalStart: number): string {
  const master = Buffer.from(fromGraphId(masterId), "base64");
  const tail = Buffer.alloc(9);
  tail[0] = OCCURRENCE_TAG;
  tail.writeBigUInt64BE(BigInt(originalStart), 1);
  return toGraphId(Buffer.concat([master, tail]).toString("base64"));
}

export type ResolvedItem =
  | { readonly kind: "item"; readonly folder: FolderState; readonly item: LiveItem; readonly masterId: string }
  | { readonly kind: "occurrence"; readonly folder: FolderState; readonly item: LiveItem; readonly masterId: string; readonly originalStart: number };

/** Any id form this face hands out (REST, immutable, occurrence) back to the live item, or undefined. */
export function resolveItem(mailbox: Mailbox, graphId: string): ResolvedItem | undefined {
  const raw = Buffer.from(fromGraphId(graphId), "base64");
  if (raw.length === 32 + 9 && raw[32] === OCCURRENCE_TAG) {
    const masterId = toGraphId(raw.subarray(0, 32).toString("base64"));
    const master = resolveItem(mailbox, masterId);
    if (!master || master.kind !== "item") return undefined;
    return { kind: "occurrence", folder: master.folder, item: master.item, masterId, originalStart: Number(raw.readBigUInt64BE(33)) };
  }
  const ewsId = fromGraphId(graphId);
  const immutable = decodeImmutableItemId(ewsId);
  if (immutable) {
    if (!immutable.mailboxGuid.equals(mailbox.guid) || immutable.epoch !== mailbox.epoch) return undefined;
    const place = mailbox.currentPlaceOf(immutable.folderCode, immutable.key);
    const def = folderByCode(place.folderCode);
    if (!def) return undefined;
    const current = mailbox.lookup(mailbox.itemId(def.name as ItemFolderName, place.key));
    return current.status === "found" ? { kind: "item", folder: current.folder, item: current.item, masterId: graphId } : undefined;
  }
  if (!decodeItemId(ewsId)) return undefined;
  const found = mailbox.lookup(ewsId);
  return found.status === "found" ? { kind: "item", folder: found.folder, item: found.item, masterId: graphId } : undefined;
}
