import type { MailboxState } from "../domain/mailboxStatus";
import type { RunStats } from "../sync/runStats";
import type { Queryable } from "./database";
import type { Mailbox, MailboxRow } from "./mailboxRepository";
import { toMailbox } from "./mailboxRepository";

export type RunOutcome = "ok" | "partial" | "failed" | "throttled";
export type RunTrigger = "schedule" | "sync_now" | "retry";

export interface RunRecord {
  readonly mailboxId: string;
  readonly trigger: RunTrigger;
  readonly startedAt: Date;
  readonly outcome: RunOutcome;
  readonly stats: RunStats;
  readonly calls: number;
  readonly crmCalls: number;
  readonly error: string | null;
}

/** Who is due, who holds a mailbox, and what each run did. */
export class ScheduleRepository {
  constructor(private readonly db: Queryable) {}

  /** Active mailboxes whose turn has come and that no live worker holds, oldest turn first. */
  async due(limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `select id from mailboxes
       where status = 'active' and next_sync_at <= now() and (lease_until is null or lease_until < now())
       order by next_sync_at limit $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Takes the mailbox for this worker until the lease runs out and returns it (one round trip); null when another
   * worker holds it or it is not active.
   */
  async claim(mailboxId: string, worker: string, leaseSeconds: number): Promise<Mailbox | null> {
    const rows = await this.db.query<MailboxRow>(
      `update mailboxes set lease_owner = $2, lease_until = now() + make_interval(secs => $3)
       where id = $1 and status = 'active' and (lease_until is null or lease_until < now() or lease_owner = $2)
       returning *`,
      [mailboxId, worker, leaseSeconds],
    );
    return rows[0] ? toMailbox(rows[0]) : null;
  }

  async renew(mailboxId: string, worker: string, leaseSeconds: number): Promise<void> {
    await this.db.query("update mailboxes set lease_until = now() + make_interval(secs => $3) where id = $1 and lease_owner = $2", [
      mailboxId,
      worker,
      leaseSeconds,
    ]);
  }

  /**
   * Ends a run: records it, releases the lease, sets the next turn and, when the run decided it, the new state —
   * in one statement, so a crash leaves either the old lease (which expires) or all of it.
   */
  async finish(worker: string, run: RunRecord, next: { at: Date | null; state: MailboxState | null; failures: "reset" | "increment" }): Promise<void> {
    const s = next.state;
    await this.db.query(
      `with r as (
         insert into sync_runs (mailbox_id, trigger, started_at, ended_at, outcome, pages, items_seen, logged, skipped, calls, crm_calls, error)
         values ($1, $2, $3, now(), $4, $5, $6, $7, $8, $9, $10, $11) returning id
       )
       update mailboxes set
         lease_owner = null, lease_until = null,
         next_sync_at = case when $12::boolean then $13 else next_sync_at end,
         status = coalesce($14, status),
         reason = case when $14::text is null then reason else $15 end,
         reason_detail = case when $14::text is null then reason_detail else $16 end,
         consecutive_failures = case when $17 = 'reset' then 0 else consecutive_failures + 1 end,
         last_synced_at = case when $4 = 'ok' then now() else last_synced_at end,
         updated_at = now()
       where id = $1 and lease_owner = $18`,
      [
        run.mailboxId,
        run.trigger,
        run.startedAt,
        run.outcome,
        run.stats.pages,
        run.stats.itemsSeen,
        run.stats.logged,
        JSON.stringify(run.stats.skipped),
        run.calls,
        run.crmCalls,
        run.error,
        next.at !== null,
        next.at,
        s?.status ?? null,
        s?.status === "attention" ? s.reason : null,
        s?.status === "attention" ? s.detail : null,
        next.failures,
        worker,
      ],
    );
  }

  /** The last finished run and how many activities the mailbox put in the CRM today (UTC), for the sidebar. */
  async summary(mailboxId: string): Promise<{ lastRun: { endedAt: Date; outcome: RunOutcome; logged: number } | null; loggedToday: number }> {
    const rows = await this.db.query<{ ended_at: Date | null; outcome: RunOutcome | null; logged: number | null; today: number }>(
      `select r.ended_at, r.outcome, r.logged,
         (select count(*)::int from activity_mailboxes a where a.mailbox_id = $1 and a.linked_at >= date_trunc('day', now())) as today
       from (select 1) one
       left join lateral (select ended_at, outcome, logged from sync_runs where mailbox_id = $1 and ended_at is not null order by id desc limit 1) r on true`,
      [mailboxId],
    );
    const r = rows[0];
    return {
      lastRun: r?.ended_at && r.outcome ? { endedAt: r.ended_at, outcome: r.outcome, logged: r.logged ?? 0 } : null,
      loggedToday: r?.today ?? 0,
    };
  }

  async failures(mailboxId: string): Promise<number> {
    const rows = await this.db.query<{ consecutive_failures: number }>("select consecutive_failures from mailboxes where id = $1", [mailboxId]);
    return rows[0]?.consecutive_failures ?? 0;
  }
}
