import type { Queryable } from "./database";

/** What /metrics shows of the mailboxes, read at scrape time. */
export interface MailboxGauges {
  /** Mailboxes per status and reason (reason null outside attention). */
  readonly byState: readonly { readonly status: string; readonly reason: string | null; readonly count: number }[];
  /** Active mailboxes whose turn has come and that no worker holds: waiting to be picked up. */
  readonly due: number;
  /** Mailboxes a worker holds now (a run in progress, or a lease not yet expired). */
  readonly held: number;
  /** The database's now minus the turn of the oldest waiting mailbox; 0 when none waits. */
  readonly lagSeconds: number;
}

/**
 * One statement, one pass over the mailboxes (a scrape every 15 s on 100,000 mailboxes costs a sequential scan of
 * a few MB). The lag is computed with the database's clock, the same clock that set the turns.
 */
export async function readMailboxGauges(db: Queryable): Promise<MailboxGauges> {
  const rows = await db.query<{ status: string; reason: string | null; n: number; due: number; held: number; lag: number | null }>(
    `select status, reason, count(*)::int as n,
       count(*) filter (where w.waiting)::int as due,
       count(*) filter (where lease_until >= now())::int as held,
       extract(epoch from now() - min(next_sync_at) filter (where w.waiting))::float8 as lag
     from mailboxes
     cross join lateral (select status = 'active' and next_sync_at <= now() and (lease_until is null or lease_until < now()) as waiting) w
     group by status, reason`,
  );
  return {
    byState: rows.map((r) => ({ status: r.status, reason: r.reason, count: r.n })),
    due: rows.reduce((sum, r) => sum + r.due, 0),
    held: rows.reduce((sum, r) => sum + r.held, 0),
    lagSeconds: Math.max(0, ...rows.map((r) => r.lag ?? 0)),
  };
}
