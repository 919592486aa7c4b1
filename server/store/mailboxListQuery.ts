import type { ConsoleMailboxRow, MailboxListQuery, MailboxSortKey } from "../api/consoleContract";
import type { Queryable } from "./database";
import type { Mailbox, MailboxRow } from "./mailboxRepository";
import { toMailbox } from "./mailboxRepository";

// Every order ends on the id, so paging is stable when many rows share a status or a time.
const orderBy: Readonly<Record<MailboxSortKey, string>> = {
  email: "email",
  status: "status, reason nulls first, email",
  lastSync: "last_synced_at nulls first, email",
  nextSync: "next_sync_at nulls last, email",
  updated: "updated_at, email",
};

/** A mailbox as the console lists it. */
export function toConsoleRow(m: Mailbox): ConsoleMailboxRow {
  return {
    id: m.id,
    email: m.email,
    displayName: m.displayName,
    provider: m.provider,
    access: m.access,
    status: m.state.status,
    reason: m.state.status === "attention" ? m.state.reason : null,
    lastSyncAt: m.lastSyncedAt?.toISOString() ?? null,
    nextSyncAt: m.nextSyncAt?.toISOString() ?? null,
    updatedAt: m.updatedAt.toISOString(),
  };
}

/** The where clause and its parameters for a filter, always within one tenant ($1). */
function where(tenantId: string, q: MailboxListQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [tenantId];
  const parts = ["tenant_id = $1"];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    parts.push(clause(`$${params.length}`));
  };
  if (q.status) add((p) => `status = ${p}`, q.status);
  if (q.reason) add((p) => `reason = ${p}`, q.reason);
  if (q.provider) add((p) => `provider = ${p}`, q.provider);
  if (q.access) add((p) => `access = ${p}`, q.access);
  const text = q.q?.trim().toLowerCase();
  if (text) add((p) => `(email like ${p} escape '\\' or lower(coalesce(display_name, '')) like ${p} escape '\\')`, `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return { sql: parts.join(" and "), params };
}

/** One page of a tenant's mailboxes, filtered and sorted, with the total for the pager. */
export async function listMailboxes(db: Queryable, tenantId: string, q: MailboxListQuery): Promise<{ total: number; items: ConsoleMailboxRow[] }> {
  const w = where(tenantId, q);
  const pageSize = q.pageSize ?? 50;
  const offset = ((q.page ?? 1) - 1) * pageSize;
  const dir = q.dir === "desc" ? "desc" : "asc";
  const order = orderBy[q.sort ?? "email"]
    .split(", ")
    .map((c) => (c.includes(" nulls ") ? c.replace(" nulls", ` ${dir} nulls`) : `${c} ${dir}`))
    .join(", ");
  const [rows, count] = await Promise.all([
    db.query<MailboxRow>(`select * from mailboxes where ${w.sql} order by ${order}, id limit ${pageSize} offset ${offset}`, w.params),
    db.query<{ n: number }>(`select count(*)::int as n from mailboxes where ${w.sql}`, w.params),
  ]);
  return { total: count[0]?.n ?? 0, items: rows.map((r) => toConsoleRow(toMailbox(r))) };
}

/** Every mailbox of the filter, for the CSV export, with the raw last error support wants alongside. */
export async function exportMailboxes(db: Queryable, tenantId: string, q: MailboxListQuery): Promise<(ConsoleMailboxRow & { lastError: string | null })[]> {
  const w = where(tenantId, q);
  const rows = await db.query<MailboxRow>(`select * from mailboxes where ${w.sql} order by email, id`, w.params);
  return rows.map((r) => ({ ...toConsoleRow(toMailbox(r)), lastError: r.reason_detail }));
}
