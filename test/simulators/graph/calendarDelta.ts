/**
 * GET {user}/calendarView/delta?startDateTime&endDateTime (event-delta.md, delta-query-events.md): expanded instances
 * (single instances, occurrences, exceptions; never series masters) overlapping the window. No $select/$expand/$filter/
 * $orderby/$search (400). Later rounds report changed items: their instances in the window in full; as `@removed`
 * "deleted" their instances that left (deleted item, cancelled occurrence) and any change outside the window (§3.5).
 */
import type { CalendarItemData } from "../exchange/model/types";
import type { LiveItem } from "../exchange/store/folderState";
import type { RouteContext } from "./context";
import type { EventCursor, EventDeltaToken } from "./deltaTokens";
import { GraphError, type GraphReply } from "./errors";
import { itemGraphId, occurrenceGraphId } from "./ids";
import type { Instance } from "./instances";
import { allInstances, instancesInWindow, overlaps } from "./instances";
import { demand } from "./permissions";
import { option } from "./query";
import { renderEvent } from "./renderEvent";
import { parseGraphDate } from "./eventProperties";
import { readToken } from "./tokenCheck";

const UNSUPPORTED = ["$select", "$expand", "$filter", "$orderby", "$search", "$top"];

export function calendarDelta(ctx: RouteContext): GraphReply {
  demand(ctx.caller, "calendar");
  const refused = UNSUPPORTED.filter((o) => option(ctx.query, o) !== undefined);
  if (refused.length > 0) {
    // Undocumented wording; the documented fact is only that these options are not supported (event-delta.md).
    throw new GraphError(400, "ErrorInvalidUrlQuery", `The following parameters are not supported with change tracking over the 'CalendarView' resource: '${refused.join(", ")}'.`);
  }
  const folder = ctx.mailbox.folder("calendar");
  const token = readToken(ctx, "events") ?? fresh(ctx, folder.changeNumber);
  const size = ctx.state.pageSize(ctx.prefs.maxPageSize);
  const immutable = ctx.prefs.immutableIds;
  const value: Record<string, unknown>[] = [];
  const removed = (id: string) => value.push({ "@odata.type": "#microsoft.graph.event", id, "@removed": { reason: "deleted" } });
  let next: EventCursor;
  let done: boolean;
  const cursor = token.cursor;
  if (cursor.phase === "initial") {
    const pending: { item: LiveItem; instance: Instance; order: number }[] = [];
    // Oldest item first, then instance order: a stable walk that items created after the snapshot cannot disturb.
    for (const item of folder.all().reverse()) {
      if (item.key > cursor.snapshot || item.key < cursor.afterKey) continue;
      for (const instance of instancesInWindow(item.data as CalendarItemData, token.start, token.end)) {
        const order = instance.originalStart ?? instance.start;
        if (item.key === cursor.afterKey && order <= cursor.afterStart) continue;
        pending.push({ item, instance, order });
        if (pending.length > size) break;
      }
      if (pending.length > size) break;
    }
    const page = pending.slice(0, size);
    for (const p of page) value.push(renderEvent(ctx.mailbox, p.item, p.instance.type === "singleInstance" ? undefined : p.instance, immutable));
    done = pending.length <= size;
    const last = page[page.length - 1];
    next = done || !last ? { phase: "changes", watermark: cursor.snapshot } : { phase: "initial", snapshot: cursor.snapshot, afterKey: last.item.key, afterStart: last.order };
  } else {
    const page = folder.changesSince(cursor.watermark, size);
    for (const change of page.changes) {
      const masterId = itemGraphId(ctx.mailbox, "calendar", change.key, immutable);
      const data = (change.item?.data ?? folder.lastData(change.key)) as CalendarItemData | undefined;
      if (!data) continue;
      const inWindow = instancesInWindow(data, token.start, token.end);
      const idOf = (i: Instance) => (i.originalStart === undefined ? masterId : occurrenceGraphId(masterId, i.originalStart));
      if (change.kind === "delete" || !change.item) {
        if (inWindow.length === 0) removed(masterId);
        for (const i of inWindow) removed(idOf(i));
        continue;
      }
      const item = change.item;
      if (inWindow.length === 0) removed(masterId);
      for (const i of inWindow) value.push(renderEvent(ctx.mailbox, item, i.type === "singleInstance" ? undefined : i, immutable));
      // Occurrences cancelled from the series that would have fallen in the window are gone from it.
      const r = data.meeting.recurrence;
      if (r) {
        const duration = data.meeting.end - data.meeting.start;
        for (const original of r.cancelled) if (overlaps({ start: original, end: original + duration }, token.start, token.end)) removed(occurrenceGraphId(masterId, original));
        // Exceptions moved out of the window.
        for (const i of allInstances(data)) if (i.type === "exception" && !overlaps(i, token.start, token.end)) removed(idOf(i));
      }
    }
    done = page.done;
    next = { phase: "changes", watermark: page.watermark };
  }
  const seq = ctx.state.mint(token.chain, token.seq);
  const link = `${ctx.base}${ctx.prefix}/calendarView/delta?${done ? "$deltatoken" : "$skiptoken"}=${ctx.state.tokens.encode({ ...token, cursor: next, seq })}`;
  return {
    status: 200,
    headers: { "Content-Type": "application/json", ...(ctx.prefs.applied.length ? { "Preference-Applied": ctx.prefs.applied.join(", ") } : {}) },
    body: { "@odata.context": `${ctx.base}/$metadata#Collection(event)`, [done ? "@odata.deltaLink" : "@odata.nextLink"]: link, value },
  };
}

function fresh(ctx: RouteContext, snapshot: number): EventDeltaToken {
  const startRaw = option(ctx.query, "startDateTime");
  const endRaw = option(ctx.query, "endDateTime");
  if (!startRaw || !endRaw) {
    throw new GraphError(400, "ErrorInvalidParameter", "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.");
  }
  const start = parseGraphDate(startRaw, "startDateTime");
  const end = parseGraphDate(endRaw, "endDateTime");
  if (end <= start) throw new GraphError(400, "ErrorInvalidParameter", "The parameter 'EndDateTime' must be later than 'StartDateTime'.");
  return {
    kind: "events",
    mailbox: ctx.mailbox.guid.toString("hex"),
    epoch: ctx.mailbox.epoch,
    generation: ctx.state.generation(ctx.mailbox),
    chain: ctx.state.newChain(),
    seq: 0,
    start,
    end,
    cursor: { phase: "initial", snapshot, afterKey: 0, afterStart: Number.MIN_SAFE_INTEGER },
  };
}
