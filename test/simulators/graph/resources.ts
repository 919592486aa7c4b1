/**
 * Single-resource GETs: the user (default property set of user-get.md), one message, one event (a single instance, a
 * series master with its pattern, or one occurrence by its id), mail folders by well-known name or id.
 */
import type { CalendarItemData } from "../exchange/model/types";
import type { ItemFolderName } from "../exchange/store/folders";
import { folderByName } from "../exchange/store/folders";
import type { Mailbox } from "../exchange/store/mailbox";
import type { RouteContext } from "./context";
import { GraphError, graphErrors, type GraphReply } from "./errors";
import { folderGraphId, resolveFolder, resolveItem } from "./ids";
import { allInstances, overlaps } from "./instances";
import { EVENT_PROPERTIES, parseGraphDate } from "./eventProperties";
import { demand, has } from "./permissions";
import { option, parseExtendedExpand, parseSelect } from "./query";
import { MESSAGE_PROPERTIES, renderMessage } from "./renderMessage";
import { renderEvent } from "./renderEvent";

const json = (body: unknown): GraphReply => ({ status: 200, headers: { "Content-Type": "application/json" }, body });

export function userResource(mailbox: Mailbox, base: string): Record<string, unknown> {
  const [given, ...rest] = mailbox.displayName.split(" ");
  return {
    "@odata.context": `${base}/$metadata#users/$entity`,
    businessPhones: [],
    displayName: mailbox.displayName,
    givenName: given ?? null,
    jobTitle: null,
    mail: mailbox.smtp,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: "en-US",
    surname: rest.length ? rest.join(" ") : null,
    userPrincipalName: mailbox.smtp,
    id: mailbox.userId,
  };
}

export function getUser(ctx: RouteContext, isSelf: boolean): GraphReply {
  if (!has(ctx.caller, "anyUser") && !(isSelf && has(ctx.caller, "ownProfile"))) throw graphErrors.accessDenied();
  return json(userResource(ctx.mailbox, ctx.base));
}

export function getMessage(ctx: RouteContext, id: string): GraphReply {
  demand(ctx.caller, "mailBasic");
  const found = resolveItem(ctx.mailbox, id);
  if (!found || found.kind !== "item" || found.item.kind === "calendarItem") throw graphErrors.itemNotFound();
  const view = {
    immutable: ctx.prefs.immutableIds,
    full: has(ctx.caller, "mailFull"),
    select: parseSelect(option(ctx.query, "$select"), MESSAGE_PROPERTIES, "message"),
    extended: parseExtendedExpand(option(ctx.query, "$expand")),
  };
  const body = renderMessage(ctx.mailbox, found.folder.name, found.item, view);
  return json({ "@odata.context": `${ctx.base}/$metadata#users('${ctx.mailbox.userId}')/messages/$entity`, ...body });
}

/**
 * GET {user}/events/{id}/instances?startDateTime&endDateTime (event-list-instances.md): the occurrences and exceptions of
 * a series in the window; $select as for events (id and @odata.etag always come back).
 */
export function listInstances(ctx: RouteContext, id: string): GraphReply {
  demand(ctx.caller, "calendar");
  const found = resolveItem(ctx.mailbox, id);
  if (!found || found.kind !== "item" || found.item.kind !== "calendarItem") throw graphErrors.itemNotFound();
  const start = option(ctx.query, "startDateTime");
  const end = option(ctx.query, "endDateTime");
  if (!start || !end) throw new GraphError(400, "ErrorInvalidParameter", "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.");
  const windowStart = parseGraphDate(start, "startDateTime");
  const windowEnd = parseGraphDate(end, "endDateTime");
  const data = found.item.data as CalendarItemData;
  const select = parseSelect(option(ctx.query, "$select"), EVENT_PROPERTIES, "event");
  const value = allInstances(data)
    .filter((i) => overlaps(i, windowStart, windowEnd))
    .map((i) => pick(renderEvent(ctx.mailbox, found.item, i.type === "singleInstance" ? undefined : i, ctx.prefs.immutableIds), select));
  return json({ "@odata.context": `${ctx.base}/$metadata#users('${ctx.mailbox.userId}')/events('${id}')/instances`, value });
}

function pick(event: Record<string, unknown>, select: readonly string[] | undefined): Record<string, unknown> {
  if (!select) return event;
  const out: Record<string, unknown> = { "@odata.etag": event["@odata.etag"], id: event.id };
  for (const key of select) if (key in event) out[key] = event[key];
  return out;
}

export function getEvent(ctx: RouteContext, id: string): GraphReply {
  demand(ctx.caller, "calendar");
  const found = resolveItem(ctx.mailbox, id);
  if (!found || found.item.kind !== "calendarItem") throw graphErrors.itemNotFound();
  const context = { "@odata.context": `${ctx.base}/$metadata#users('${ctx.mailbox.userId}')/events/$entity` };
  if (found.kind === "item") return json({ ...context, ...renderEvent(ctx.mailbox, found.item, undefined, ctx.prefs.immutableIds) });
  const instance = allInstances(found.item.data as CalendarItemData).find((i) => i.originalStart === found.originalStart);
  if (!instance) throw graphErrors.itemNotFound();
  return json({ ...context, ...renderEvent(ctx.mailbox, found.item, instance, ctx.prefs.immutableIds) });
}

const MAIL_FOLDER_LIST: readonly ItemFolderName[] = ["inbox", "drafts", "sentitems", "deleteditems", "outbox", "junkemail"];

function folderResource(mailbox: Mailbox, name: ItemFolderName): Record<string, unknown> {
  const state = mailbox.folder(name);
  return {
    id: folderGraphId(mailbox, name),
    displayName: folderByName(name)?.displayName ?? name,
    parentFolderId: folderGraphId(mailbox, "msgfolderroot"),
    childFolderCount: 0,
    unreadItemCount: state.unreadCount,
    totalItemCount: state.totalCount,
    isHidden: false,
  };
}

export function getMailFolder(ctx: RouteContext, segment: string): GraphReply {
  demand(ctx.caller, "mailBasic");
  const name = resolveFolder(ctx.mailbox, segment);
  if (!name || !(MAIL_FOLDER_LIST as readonly string[]).includes(name)) throw graphErrors.itemNotFound();
  return json({ "@odata.context": `${ctx.base}/$metadata#users('${ctx.mailbox.userId}')/mailFolders/$entity`, ...folderResource(ctx.mailbox, name as ItemFolderName) });
}

export function listMailFolders(ctx: RouteContext): GraphReply {
  demand(ctx.caller, "mailBasic");
  return json({ "@odata.context": `${ctx.base}/$metadata#users('${ctx.mailbox.userId}')/mailFolders`, value: MAIL_FOLDER_LIST.map((f) => folderResource(ctx.mailbox, f)) });
}
