import type { CursorView, RunView } from "../api/consoleContract";
import type { Rejection, Resync } from "../sync/runStats";
import type { Queryable } from "./database";

/** A mailbox's recent runs, newest first, as support reads them. */
export async function recentRuns(db: Queryable, mailboxId: string, limit = 50): Promise<RunView[]> {
  const rows = await db.query<{
    id: number;
    trigger: RunView["trigger"];
    started_at: Date;
    ended_at: Date | null;
    outcome: RunView["outcome"];
    pages: number;
    items_seen: number;
    logged: number;
    already_logged: number;
    resyncs: Resync[];
    rejections: Rejection[];
    skipped: Record<string, number>;
    calls: number;
    crm_calls: number;
    error: string | null;
  }>("select * from sync_runs where mailbox_id = $1 order by started_at desc, id desc limit $2", [mailboxId, limit]);
  return rows.map((r) => ({
    id: Number(r.id),
    trigger: r.trigger,
    startedAt: r.started_at.toISOString(),
    endedAt: r.ended_at?.toISOString() ?? null,
    durationMs: r.ended_at ? r.ended_at.getTime() - r.started_at.getTime() : null,
    outcome: r.outcome,
    pages: r.pages,
    itemsSeen: r.items_seen,
    logged: r.logged,
    alreadyLogged: r.already_logged,
    resyncs: r.resyncs ?? [],
    rejections: r.rejections ?? [],
    skipped: r.skipped ?? {},
    calls: r.calls,
    crmCalls: r.crm_calls,
    error: r.error,
  }));
}

/** Where each folder's sync stands; the sync state itself is opaque and stays on the server. */
export async function cursorStates(db: Queryable, mailboxId: string): Promise<CursorView[]> {
  const rows = await db.query<{ folder: string; has_cursor: boolean; initial_done: boolean; updated_at: Date }>(
    "select folder, cursor is not null as has_cursor, initial_done, updated_at from folder_cursors where mailbox_id = $1 order by folder",
    [mailboxId],
  );
  return rows.map((r) => ({ folder: r.folder, hasCursor: r.has_cursor, initialDone: r.initial_done, updatedAt: r.updated_at.toISOString() }));
}
