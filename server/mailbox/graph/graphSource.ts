import { countCall, countCallError } from "../../metrics/instruments";
import type { Change, ChangePage, FolderKind, MailItem } from "../items";
import { MailboxError } from "../mailboxError";
import type { FolderStart, MailboxSource } from "../mailboxSource";
import type { BatchAnswer, BatchGet } from "./graphBatch";
import { batchGets } from "./graphBatch";
import { graphFailure, toGraphError } from "./graphErrors";
import type { GraphHttpAnswer } from "./graphHttp";
import { graphHttp } from "./graphHttp";
import { SENSITIVITY_PROPERTY_FILTER, eventItem, isCompleteMessage, messageItem, messageSelect } from "./graphItems";
import type { CalendarCursor, CalendarWindow } from "./calendarWindow";
import { decodeCalendarCursor, encodeCalendarCursor, sameWindow, windowFor } from "./calendarWindow";
import { Semaphore } from "./semaphore";

export interface GraphSourceOptions {
  /** GRAPH_URL, e.g. https://graph.microsoft.com/v1.0 */
  readonly graphUrl: string;
  /** `/me` (delegated) or `/users/{id or UPN}` (app-only). */
  readonly userPath: string;
  /**
   * An access token for Graph; `refresh` asks for a new one after a 401 (once). Throws MailboxError("unauthorized")
   * when none can be had.
   */
  readonly token: (refresh: boolean) => Promise<string>;
  readonly withBody: boolean;
  readonly timeoutMs: number;
  /** The calendar's rolling window: backfill days back, horizon days ahead. */
  readonly calendar: { readonly backDays: number; readonly aheadDays: number };
  /** Wraps every HTTP call (tenant budget, waiting out 429/503/504); identity by default. */
  readonly call?: <T>(op: string, fn: () => Promise<T>) => Promise<T>;
  /** Requests in flight for this mailbox at once: Outlook allows 4 (throttling-limits.md). */
  readonly maxInFlight?: number;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The most changes asked for per Graph delta page, whatever SYNC_PAGE_SIZE says. A page of 512 messages is about
 * 320 KB of JSON and some 1 MB once parsed, held while its activities go to the CRM; with 64 mailboxes in their first
 * sync at once that was the server's peak memory (382-416 MB in the initial-sync bench, goal 400). At 256 the peak is
 * 364-378 MB, for twice the page calls of a first sync (15,500-16,000 items a second there instead of 19,700-22,000).
 */
export const GRAPH_MAX_PAGE = 256;

/** A prefetched first page, or the failure its batched request met (thrown when the folder is listed). */
type Prefetched = { readonly ok: true; readonly page: ChangePage; readonly items: Map<string, MailItem> } | { readonly ok: false; readonly error: MailboxError };

/**
 * A mailbox over Microsoft Graph: a message delta per mail folder, calendarView delta over a rolling window, immutable
 * ids. A delta page already carries each item's selected properties, so `getItems` usually answers from the page
 * without a call (fewer calls than a `$batch` of GETs, which is kept for entries that carry only changed properties and
 * for checking calendar removals). An idle mailbox's folder deltas share one `$batch`.
 */
export class GraphSource implements MailboxSource {
  private callCount = 0;
  private retryCount = 0;
  private readonly inFlight: Semaphore;
  /** The last listed page's items, by id: only one page is held at a time, so memory stays flat. */
  private pageItems = new Map<string, MailItem>();
  private readonly prefetched = new Map<string, Prefetched>();
  private readonly root: string;

  constructor(private readonly o: GraphSourceOptions) {
    this.inFlight = new Semaphore(o.maxInFlight ?? 4);
    this.root = o.graphUrl.replace(/\/+$/, "");
  }

  get calls(): number {
    return this.callCount;
  }

  /** Requests sent again because Graph throttled them (inside `$batch` and out). */
  get retries(): number {
    return this.retryCount;
  }

  private get preferHeader(): string {
    return 'IdType="ImmutableId"';
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------------

  /** One HTTP exchange, counted, within the per-mailbox cap and the caller's guard; a 401 refreshes the token once. */
  private async send(op: string, method: "GET" | "POST", url: string, headers: Record<string, string>, body?: unknown): Promise<GraphHttpAnswer> {
    let refreshed = false;
    let attempts = 0;
    const guard = this.o.call ?? (<T>(_op: string, f: () => Promise<T>) => f());
    return guard(op, async () => {
      if (attempts++ > 0) this.retryCount++;
      for (;;) {
        const token = await this.o.token(refreshed);
        const answer = await this.inFlight.run(async () => {
          this.callCount++;
          countCall("graph", op);
          try {
            return await graphHttp({ method, url, headers: { ...headers, Authorization: `Bearer ${token}` }, body, timeoutMs: this.o.timeoutMs });
          } catch (err) {
            throw toGraphError(err);
          }
        });
        if (answer.status === 401 && !refreshed) {
          refreshed = true;
          continue;
        }
        if (answer.status < 200 || answer.status >= 300) {
          const failure = graphFailure(answer.status, answer.headers, answer.body);
          countCallError("graph", failure.code);
          throw failure;
        }
        return answer;
      }
    });
  }

  /** A delta page's Prefer, alone or inside `$batch`: at most `maxChanges` changes, and never more than GRAPH_MAX_PAGE. */
  private pagePrefer(maxChanges: number): string {
    return `odata.maxpagesize=${Math.min(maxChanges, GRAPH_MAX_PAGE)}, ${this.preferHeader}`;
  }

  private async batch(gets: readonly BatchGet[]): Promise<Map<string, BatchAnswer>> {
    return batchGets(
      async (requests) => (await this.send("$batch", "POST", `${this.root}/$batch`, {}, { requests: requests.map((r) => ({ id: r.id, method: "GET", url: r.url, headers: r.headers })) })).body,
      gets,
      { sleep: this.o.sleep ?? realSleep, maxTotalWaitMs: 300_000, onRetry: (n) => (this.retryCount += n) },
    );
  }

  /** A link Graph gave us, relative to the version root, as `$batch` wants it. */
  private relative(link: string): string {
    if (!link.startsWith(this.root)) throw new MailboxError("invalid_cursor", "the saved cursor is not a Graph link of this server");
    return link.slice(this.root.length) || "/";
  }

  // ---- changes -------------------------------------------------------------------------------------------------

  private firstMailUrl(folder: Exclude<FolderKind, "calendar">): string {
    const q = new URLSearchParams({ $select: messageSelect(this.o.withBody), $expand: SENSITIVITY_PROPERTY_FILTER });
    return `${this.root}${this.o.userPath}/mailFolders/${folder}/messages/delta?${q.toString()}`;
  }

  private calendarUrl(w: CalendarWindow): string {
    const q = new URLSearchParams({ startDateTime: w.start, endDateTime: w.end });
    return `${this.root}${this.o.userPath}/calendarView/delta?${q.toString()}`;
  }

  private currentWindow(): CalendarWindow {
    return windowFor(this.o.now?.() ?? new Date(), this.o.calendar.backDays, this.o.calendar.aheadDays);
  }

  /** The URL to fetch for a folder's cursor (null: none; the calendar's window moved and its round is over). */
  private resolve(folder: FolderKind, cursor: string | null): { url: string; calendar: CalendarCursor | null } {
    if (folder !== "calendar") {
      if (cursor !== null) this.relative(cursor); // ours, or invalid_cursor
      return { url: cursor ?? this.firstMailUrl(folder), calendar: null };
    }
    const saved = cursor === null ? null : decodeCalendarCursor(cursor);
    if (cursor !== null && saved === null) throw new MailboxError("invalid_cursor", "the saved calendar cursor is not a Graph calendar cursor");
    const c: CalendarCursor = saved ?? { window: this.currentWindow(), link: null };
    if (c.link !== null) this.relative(c.link);
    return { url: c.link ?? this.calendarUrl(c.window), calendar: c };
  }

  async listChanges(folder: FolderKind, cursor: string | null, maxChanges: number): Promise<ChangePage> {
    const key = `${folder} ${cursor ?? ""}`;
    const ready = this.prefetched.get(key);
    if (ready) {
      this.prefetched.delete(key);
      if (!ready.ok) throw ready.error;
      this.pageItems = ready.items;
      return ready.page;
    }
    this.pageItems = new Map();
    const { url, calendar } = this.resolve(folder, cursor);
    const answer = await this.send(folder === "calendar" ? "calendarDelta" : "messagesDelta", "GET", url, { Prefer: this.pagePrefer(maxChanges) });
    return this.readPage(folder, calendar, answer.body);
  }

  /**
   * The first page of each folder whose saved cursor is a link, in one `$batch`: an idle mailbox costs one call.
   * Folders starting over (no cursor, a moved calendar window) are left to `listChanges`.
   */
  async prefetch(folders: readonly FolderStart[], maxChanges: number): Promise<void> {
    const gets: { get: BatchGet; folder: FolderKind; cursor: string; calendar: CalendarCursor | null }[] = [];
    for (const f of folders) {
      if (f.cursor === null) continue;
      let resolved;
      try {
        resolved = this.resolve(f.folder, f.cursor);
      } catch {
        continue; // listChanges reports it
      }
      if (resolved.calendar && (resolved.calendar.link === null || !sameWindow(resolved.calendar.window, this.currentWindow()))) continue;
      const get: BatchGet = { id: String(gets.length + 1), url: this.relative(resolved.url), headers: { Prefer: this.pagePrefer(maxChanges) } };
      gets.push({ get, folder: f.folder, cursor: f.cursor, calendar: resolved.calendar });
    }
    if (gets.length < 2) return; // one folder: a plain GET costs the same and is simpler
    const answers = await this.batch(gets.map((g) => g.get));
    for (const g of gets) {
      const a = answers.get(g.get.id);
      if (!a || a.status === 429 || a.status === 503 || a.status === 504) continue; // still throttled: listChanges waits it out
      const key = `${g.folder} ${g.cursor}`;
      if (a.status < 200 || a.status >= 300) {
        this.prefetched.set(key, { ok: false, error: graphFailure(a.status, a.headers, a.body) });
        continue;
      }
      // Each folder's page keeps its own items until the sync lists that folder.
      this.pageItems = new Map();
      try {
        const page = await this.readPage(g.folder, g.calendar, a.body);
        this.prefetched.set(key, { ok: true, page, items: this.pageItems });
      } catch (err) {
        this.prefetched.set(key, { ok: false, error: toGraphError(err) });
      }
      this.pageItems = new Map();
    }
  }

  private async readPage(folder: FolderKind, calendar: CalendarCursor | null, body: unknown): Promise<ChangePage> {
    const page = (body ?? {}) as { value?: unknown; "@odata.nextLink"?: unknown; "@odata.deltaLink"?: unknown };
    const next = typeof page["@odata.nextLink"] === "string" ? page["@odata.nextLink"] : null;
    const delta = typeof page["@odata.deltaLink"] === "string" ? page["@odata.deltaLink"] : null;
    const link = next ?? delta;
    if (!link) throw new MailboxError("protocol", "Graph's delta page had neither a nextLink nor a deltaLink");
    const entries = Array.isArray(page.value) ? (page.value as Record<string, unknown>[]) : [];
    const changes: Change[] = [];
    const removed: string[] = [];
    for (const e of entries) {
      const id = typeof e.id === "string" ? e.id : null;
      if (!id) continue;
      if (e["@removed"]) {
        if (folder === "calendar") removed.push(id);
        else changes.push({ kind: "delete", itemId: id });
        continue;
      }
      changes.push({ kind: "upsert", itemId: id });
      if (folder === "calendar") this.pageItems.set(id, eventItem(e, this.o.withBody));
      else if (isCompleteMessage(e)) this.pageItems.set(id, messageItem(e, this.o.withBody));
    }
    if (removed.length > 0) changes.push(...(await this.checkRemovals(removed)));
    if (!calendar) return { changes, nextCursor: link, done: next === null };
    const nextCursor = encodeCalendarCursor({ window: calendar.window, link });
    if (next === null && !sameWindow(calendar.window, this.currentWindow())) {
      // The round over the old window is complete (its removals seen): the next page starts a round over today's.
      return { changes, nextCursor: encodeCalendarCursor({ window: this.currentWindow(), link: null }), done: false };
    }
    return { changes, nextCursor, done: next === null };
  }

  /**
   * calendarView/delta also says "@removed" for events that changed outside the window (event-delta.md): only an
   * event that is really gone (404) is a deletion; one still there is an update (a meeting moved out of the window).
   */
  private async checkRemovals(ids: readonly string[]): Promise<Change[]> {
    const unique = [...new Set(ids)];
    const answers = await this.batch(unique.map((id, i) => ({ id: String(i + 1), url: `${this.o.userPath}/events/${encodeURIComponent(id)}`, headers: { Prefer: this.preferHeader } })));
    const changes: Change[] = [];
    unique.forEach((id, i) => {
      const a = answers.get(String(i + 1));
      if (!a) throw new MailboxError("throttled", "Graph kept throttling the check of removed meetings", { retryAfterMs: 30_000 });
      if (a.status === 404) changes.push({ kind: "delete", itemId: id });
      else if (a.status >= 200 && a.status < 300 && a.body) {
        changes.push({ kind: "upsert", itemId: id });
        this.pageItems.set(id, eventItem(a.body as Record<string, unknown>, this.o.withBody));
      } else throw graphFailure(a.status, a.headers, a.body);
    });
    return changes;
  }

  // ---- items ---------------------------------------------------------------------------------------------------

  async getItems(folder: FolderKind, ids: readonly string[]): Promise<MailItem[]> {
    const items: MailItem[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const item = this.pageItems.get(id);
      if (item) items.push(item);
      else missing.push(id);
    }
    if (missing.length === 0) return items;
    const q =
      folder === "calendar" ? "" : `?${new URLSearchParams({ $select: messageSelect(this.o.withBody), $expand: SENSITIVITY_PROPERTY_FILTER }).toString()}`;
    const path = folder === "calendar" ? "events" : "messages";
    const answers = await this.batch(missing.map((id, i) => ({ id: String(i + 1), url: `${this.o.userPath}/${path}/${encodeURIComponent(id)}${q}`, headers: { Prefer: this.preferHeader } })));
    missing.forEach((id, i) => {
      const a = answers.get(String(i + 1));
      if (!a) throw new MailboxError("throttled", "Graph kept throttling item reads", { retryAfterMs: 30_000 });
      if (a.status === 404) return; // deleted since it was listed: its removal comes on a later page
      if (a.status < 200 || a.status >= 300) throw graphFailure(a.status, a.headers, a.body);
      const body = a.body as Record<string, unknown>;
      items.push(folder === "calendar" ? eventItem(body, this.o.withBody) : messageItem(body, this.o.withBody));
    });
    return items;
  }
}
