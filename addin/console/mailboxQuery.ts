/**
 * The mailbox list's filter, sort and page as one value: written to the API's query string and to the console's
 * address (so a filtered list can be bookmarked, shared and reloaded), and read back from the address. Values the
 * API would refuse are dropped when read, so a hand-edited address still opens a list.
 */
import type { AccessKind, MailboxListQuery, MailboxSortKey } from "../../server/api/consoleContract";
import { mailboxSortKeys } from "../../server/api/consoleContract";
import type { AttentionReason, MailboxStatus, Provider } from "../../server/api/contract";
import { attentionReasons, mailboxStatuses } from "../../server/domain/mailboxStatus";

export const pageSize = 50;

export const providers: readonly Provider[] = ["ews", "graph"];
export const accessKinds: readonly AccessKind[] = ["delegated", "app_only", "onprem_service_account", "onprem_password"];

/** Order of the query's keys in an address, so equal queries give equal strings (and equal cache keys). */
const keys = ["status", "reason", "provider", "access", "q", "sort", "dir", "page", "pageSize"] as const;

/** `?status=attention&page=2`, or "" for the whole list, first page, server's order. Page 1 and the default page size are left out. */
export function mailboxQueryString(query: MailboxListQuery): string {
  const p = new URLSearchParams();
  for (const key of keys) {
    const value = query[key];
    if (value === undefined || value === "") continue;
    if (key === "page" && value === 1) continue;
    if (key === "pageSize" && value === pageSize) continue;
    if (key === "q") {
      const q = String(value).trim();
      if (q) p.set("q", q);
      continue;
    }
    p.set(key, String(value));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

const oneOf = <T extends string>(allowed: readonly T[], value: string | null): T | undefined =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;

function positiveInt(value: string | null, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= max ? n : undefined;
}

/** The query an address's search part describes (unknown or wrong values are left out). */
export function parseMailboxQuery(search: string | URLSearchParams): MailboxListQuery {
  const p = typeof search === "string" ? new URLSearchParams(search) : search;
  const query: {
    status?: MailboxStatus;
    reason?: AttentionReason;
    provider?: Provider;
    access?: AccessKind;
    q?: string;
    sort?: MailboxSortKey;
    dir?: "asc" | "desc";
    page?: number;
    pageSize?: number;
  } = {};
  const status = oneOf(mailboxStatuses, p.get("status"));
  const reason = oneOf(attentionReasons, p.get("reason"));
  const provider = oneOf(providers, p.get("provider"));
  const access = oneOf(accessKinds, p.get("access"));
  const q = p.get("q")?.trim();
  const sort = oneOf(mailboxSortKeys, p.get("sort"));
  const dir = oneOf(["asc", "desc"] as const, p.get("dir"));
  const page = positiveInt(p.get("page"));
  const size = positiveInt(p.get("pageSize"), 200);
  if (status) query.status = status;
  if (reason) query.reason = reason;
  if (provider) query.provider = provider;
  if (access) query.access = access;
  if (q) query.q = q;
  if (sort) query.sort = sort;
  if (dir) query.dir = dir;
  if (page && page > 1) query.page = page;
  if (size && size !== pageSize) query.pageSize = size;
  return query;
}

type FilterKey = "status" | "reason" | "provider" | "access" | "q";

/**
 * The query with one filter changed: back to page 1 (page 7 of the old filter means nothing in the new one). A reason
 * implies attention, so choosing one sets the status too; choosing another status drops the reason.
 */
export function withFilter<K extends FilterKey>(query: MailboxListQuery, key: K, value: MailboxListQuery[K] | undefined): MailboxListQuery {
  const next: Record<string, unknown> = { ...query, [key]: value };
  delete next.page;
  if (value === undefined || value === "") delete next[key];
  if (key === "reason" && value) next.status = "attention";
  if (key === "status" && value !== "attention") delete next.reason;
  return next as MailboxListQuery;
}

/** "Needs attention": the quick filter support starts the day with. */
export function needsAttention(query: MailboxListQuery): MailboxListQuery {
  return withFilter(query, "status", "attention");
}

export function isNeedsAttention(query: MailboxListQuery): boolean {
  return query.status === "attention" && !query.reason;
}

/** Clicking a column: sort by it ascending, or flip the direction when it is already the sort. */
export function withSort(query: MailboxListQuery, key: MailboxSortKey): MailboxListQuery {
  const dir: "asc" | "desc" = query.sort === key && (query.dir ?? "asc") === "asc" ? "desc" : "asc";
  const { page: _page, ...rest } = query;
  return { ...rest, sort: key, dir };
}

export function withPage(query: MailboxListQuery, page: number): MailboxListQuery {
  const { page: _page, ...rest } = query;
  return page > 1 ? { ...rest, page } : rest;
}

export function hasFilter(query: MailboxListQuery): boolean {
  return Boolean(query.status || query.reason || query.provider || query.access || query.q?.trim());
}

export function clearFilters(query: MailboxListQuery): MailboxListQuery {
  const { sort, dir } = query;
  return { ...(sort ? { sort } : {}), ...(dir ? { dir } : {}) };
}

/** The pages a list of `total` rows has, at least one (an empty list still shows "Page 1 of 1"). */
export function pageCount(total: number, size = pageSize): number {
  return Math.max(1, Math.ceil(total / size));
}

/** "1-50 of 10,000", "0 of 0". */
export function rangeLabel(total: number, page: number, size = pageSize): string {
  if (total === 0) return "No mailboxes";
  const first = (page - 1) * size + 1;
  const last = Math.min(total, page * size);
  const n = (x: number) => x.toLocaleString("en-US");
  return `${n(first)}–${n(last)} of ${n(total)}`;
}

/** mailboxes-attention-2025-01-31.csv: says what the file holds and when it was taken. */
export function exportFileName(query: MailboxListQuery, now: Date): string {
  const parts = ["mailboxes", query.status, query.reason, query.provider, query.access].filter(Boolean);
  const day = now.toISOString().slice(0, 10);
  return `${parts.join("-")}-${day}.csv`;
}
