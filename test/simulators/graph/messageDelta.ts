/**
 * GET {user}/mailFolders/{folder}/messages/delta (delta-query-messages.md): the first round walks the folder as it was
 * when the round began, newest first; later rounds report the folder's net changes since the previous deltaLink —
 * created and updated messages in full (or as $select'ed), deleted or moved-away ones as `@removed` "deleted" (the
 * reason for a move is undocumented; "deleted" is what the ex1 sample shows for an item gone from the folder).
 */
import type { ItemFolderName } from "../exchange/store/folders";
import type { ItemChange } from "../exchange/store/folderState";
import type { RouteContext } from "./context";
import type { MessageCursor, MessageDeltaToken } from "./deltaTokens";
import { GraphError, graphErrors, type GraphReply } from "./errors";
import { folderByName } from "../exchange/store/folders";
import { resolveFolder, itemGraphId } from "./ids";
import { demand, has } from "./permissions";
import { option, parseExtendedExpand, parseSelect } from "./query";
import { MESSAGE_PROPERTIES, renderMessage } from "./renderMessage";
import { readToken } from "./tokenCheck";

const MAIL_FOLDERS: readonly ItemFolderName[] = ["inbox", "drafts", "sentitems", "deleteditems", "outbox", "junkemail"];
const CHANGE_TYPES = ["created", "updated", "deleted"] as const;

export function messageDelta(ctx: RouteContext, folderSegment: string): GraphReply {
  demand(ctx.caller, "mailBasic");
  const folder = resolveFolder(ctx.mailbox, folderSegment);
  if (!folder || !(MAIL_FOLDERS as readonly string[]).includes(folder)) throw graphErrors.itemNotFound();
  const folderName = folder as ItemFolderName;
  const folderCode = folderByName(folderName)?.code ?? 0;
  const state = ctx.mailbox.folder(folderName);
  const token = readToken(ctx, "messages") ?? fresh(ctx, folderCode, state.changeNumber);
  if (token.folderCode !== folderCode) throw new GraphError(400, "BadRequest", "The delta token was issued for another folder.");
  const size = ctx.state.pageSize(ctx.prefs.maxPageSize);
  const view = { immutable: ctx.prefs.immutableIds, full: has(ctx.caller, "mailFull"), select: token.select, extended: token.extended };
  const value: Record<string, unknown>[] = [];
  let next: MessageCursor;
  let done: boolean;
  const cursor = token.cursor;
  if (cursor.phase === "initial") {
    // An initial round is all "created"; a round limited to updates or deletions has nothing to say yet.
    const walk = token.changeType && token.changeType !== "created" ? { items: [], nextKey: 0 } : state.newestFirst(cursor.nextKey, size);
    for (const item of walk.items) value.push(renderMessage(ctx.mailbox, folderName, item, view));
    done = walk.nextKey === 0;
    next = done ? { phase: "changes", watermark: cursor.snapshot } : { phase: "initial", snapshot: cursor.snapshot, nextKey: walk.nextKey };
  } else {
    // The page size bounds what is returned, so changes a changeType round leaves out do not shorten pages.
    let watermark = cursor.watermark;
    done = false;
    while (!done && value.length < size) {
      const page = state.changesSince(watermark, size - value.length);
      for (const change of page.changes) {
        if (!wanted(change, token.changeType)) continue;
        if (change.kind === "delete" || !change.item) {
          value.push({ "@odata.type": "#microsoft.graph.message", id: itemGraphId(ctx.mailbox, folderName, change.key, view.immutable), "@removed": { reason: "deleted" } });
        } else {
          value.push(renderMessage(ctx.mailbox, folderName, change.item, view));
        }
      }
      watermark = page.watermark;
      done = page.done;
    }
    next = { phase: "changes", watermark };
  }
  const seq = ctx.state.mint(token.chain, token.seq);
  const link = `${ctx.base}${ctx.prefix}/mailFolders('${folderSegment}')/messages/delta?${done ? "$deltatoken" : "$skiptoken"}=${ctx.state.tokens.encode({ ...token, cursor: next, seq })}`;
  return {
    status: 200,
    headers: { "Content-Type": "application/json", ...(ctx.prefs.applied.length ? { "Preference-Applied": ctx.prefs.applied.join(", ") } : {}) },
    body: { "@odata.context": `${ctx.base}/$metadata#Collection(message)`, [done ? "@odata.deltaLink" : "@odata.nextLink"]: link, value },
  };
}

function fresh(ctx: RouteContext, folderCode: number, snapshot: number): MessageDeltaToken {
  const changeType = option(ctx.query, "changeType");
  if (changeType !== undefined && !(CHANGE_TYPES as readonly string[]).includes(changeType)) {
    throw new GraphError(400, "BadRequest", `Unsupported changeType '${changeType}'; use created, updated or deleted.`);
  }
  return {
    kind: "messages",
    mailbox: ctx.mailbox.guid.toString("hex"),
    epoch: ctx.mailbox.epoch,
    generation: ctx.state.generation(ctx.mailbox),
    chain: ctx.state.newChain(),
    seq: 0,
    folderCode,
    cursor: { phase: "initial", snapshot, nextKey: snapshot },
    select: parseSelect(option(ctx.query, "$select"), MESSAGE_PROPERTIES, "message"),
    extended: parseExtendedExpand(option(ctx.query, "$expand")),
    changeType: changeType as MessageDeltaToken["changeType"],
  };
}

function wanted(change: ItemChange, changeType: MessageDeltaToken["changeType"]): boolean {
  if (!changeType) return true;
  if (changeType === "created") return change.kind === "create";
  if (changeType === "deleted") return change.kind === "delete";
  return change.kind === "update" || change.kind === "readFlag";
}
