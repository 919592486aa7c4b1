import type { MailboxState } from "../domain/mailboxStatus";
import type { RunStats } from "../sync/runStats";
import type { Queryable } from "./database";
import type { FolderCursor } from "./syncRepository";
import type { Mailbox, MailboxRow } from "./mailboxRepository";
import { toMailbox } from "./mailboxRepository";

export type RunOutcome = "ok" | "partial" | "failed" | "throttled";
export type RunTrigger = "schedule" | "sync_now" | "retry";

export interface RunRecord {
  readonly mailboxId: string;
  readonly trigger: RunTrigger;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly outcome: RunOutcome;
  readonly stats: RunStats;
  readonly calls: number;
  readonly crmCalls: number;
  readonly error: string | null;
}

/** What a run decided about the mailbox's next turn. */
export interface NextTurn {
  /** null: no new turn (the mailbox needs attention). */
  readonly at: Date | null;
  readonly state: MailboxState | null;
  readonly failures: "reset" | "increment";
}

/** A folder's newest link from a round that brought nothing new (see SyncDeps.onQuietCursor): saved with the run. */
export interface QuietCursor {
  readonly folder: string;
  readonly cursor: string;
}

/** A finished run as the store records it: the run, the mailbox's next turn, and the links its quiet folders were given. */
export interface FinishedRun {
  readonly run: RunRecord;
  readonly next: NextTurn;
  readonly quietCursors: readonly QuietCursor[];
}

/** A mailbox this worker holds, with every folder's saved cursor (read in the same statement). */
export interface Claim {
  readonly mailbox: Mailbox;
  readonly cursors: ReadonlyMap<string, FolderCursor>;
  /** Failed runs in a row before this one (back-off and verdicts depend on it). */
  readonly consecutiveFailures: number;
}

type ClaimRow = MailboxRow & { consecutive_failures: number; cursors: { folder: string; cursor: string | null; initial_done: boolean }[] };

// The claimed rows with their cursors: an idle run needs nothing else from the store.
const returningClaim = `returning m.*, (
    select coalesce(json_agg(json_build_object('folder', c.folder, 'cursor', c.cursor, 'initial_done', c.initial_done)), '[]'::json)
    from folder_cursors c where c.mailbox_id = m.id
  ) as cursors`;

function toClaim(row: ClaimRow): Claim {
  return {
    mailbox: toMailbox(row),
    cursors: new Map(row.cursors.map((c) => [c.folder, { cursor: c.cursor, initialDone: c.initial_done }])),
    consecutiveFailures: row.consecutive_failures,
  };
}

/** Who is due, who holds a mailbox, and what each run did. */
export class ScheduleRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Takes up to `limit` active mailboxes whose turn came by `dueBy` and that no live worker holds, oldest turn first,
   * for this worker (one statement for the whole batch). SKIP LOCKED lets several server processes claim side by side
   * without waiting on each other or taking the same mailbox.
   */
  async claimDue(worker: string, leaseSeconds: number, limit: number, dueBy: Date): Promise<Claim[]> {
    const rows = await this.db.query<ClaimRow>(
      `with picked as (
         select id from mailboxes
         where status = 'active' and next_sync_at <= $4 and (lease_until is null or lease_until < now())
         order by next_sync_at limit $3
         for update skip locked
       )
       update mailboxes m set lease_owner = $1, lease_until = now() + make_interval(secs => $2)
       from picked where m.id = picked.id
       ${returningClaim}`,
      [worker, leaseSeconds, limit, dueBy],
    );
    // UPDATE ... RETURNING keeps no order: the oldest turn runs first.
    return rows.sort((a, b) => (a.next_sync_at?.getTime() ?? 0) - (b.next_sync_at?.getTime() ?? 0)).map(toClaim);
  }

  /**
   * The mailboxes whose turn came by `dueBy` and that no live worker holds: the turns a cycle adds to the queue. Ids
   * only (the due-turn index answers it); what a run needs is read when a worker claims the mailbox.
   */
  async dueIds(dueBy: Date): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      "select id from mailboxes where status = 'active' and next_sync_at <= $1 and (lease_until is null or lease_until < now()) order by next_sync_at",
      [dueBy],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Claims those of the listed mailboxes (queued turns a worker took) that are still due and that no other live worker
   * holds, in one statement. A turn already run by someone else is no longer due, and a mailbox another worker is
   * syncing is held: both are left out, which is how a turn queued twice still runs once.
   */
  async claimListed(worker: string, leaseSeconds: number, ids: readonly string[]): Promise<Claim[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<ClaimRow>(
      `with picked as (
         select id from mailboxes
         where id = any($3::uuid[]) and status = 'active' and next_sync_at <= now()
           and (lease_until is null or lease_until < now() or lease_owner = $1)
         for update skip locked
       )
       update mailboxes m set lease_owner = $1, lease_until = now() + make_interval(secs => $2)
       from picked where m.id = picked.id
       ${returningClaim}`,
      [worker, leaseSeconds, ids],
    );
    return rows.sort((a, b) => (a.next_sync_at?.getTime() ?? 0) - (b.next_sync_at?.getTime() ?? 0)).map(toClaim);
  }

  /**
   * Takes one mailbox for this worker until the lease runs out and returns it with its cursors (one round trip); null
   * when another worker holds it or it is not active.
   */
  async claim(mailboxId: string, worker: string, leaseSeconds: number): Promise<Claim | null> {
    const rows = await this.db.query<ClaimRow>(
      `update mailboxes m set lease_owner = $2, lease_until = now() + make_interval(secs => $3)
       where m.id = $1 and m.status = 'active' and (m.lease_until is null or m.lease_until < now() or m.lease_owner = $2)
       ${returningClaim}`,
      [mailboxId, worker, leaseSeconds],
    );
    return rows[0] ? toClaim(rows[0]) : null;
  }

  /** Extends this worker's hold (the heartbeat of a running sync); false when the hold is gone (expired and taken). */
  async renew(mailboxId: string, worker: string, leaseSeconds: number): Promise<boolean> {
    const rows = await this.db.query(
      "update mailboxes set lease_until = now() + make_interval(secs => $3) where id = $1 and lease_owner = $2 and lease_until > now() returning id",
      [mailboxId, worker, leaseSeconds],
    );
    return rows.length > 0;
  }

  /** Lets go of one mailbox without recording a run (its run was given up): it stays due, so another worker carries on. */
  async release(mailboxId: string, worker: string): Promise<void> {
    await this.db.query("update mailboxes set lease_owner = null, lease_until = null where id = $1 and lease_owner = $2", [mailboxId, worker]);
  }

  /** Lets go of every mailbox this worker holds (shutdown); returns how many. */
  async releaseAll(worker: string): Promise<number> {
    const rows = await this.db.query("update mailboxes set lease_owner = null, lease_until = null where lease_owner = $1 returning id", [worker]);
    return rows.length;
  }

  /**
   * Every lease, whoever holds it: for a store only one process can open (embedded), whose holders from before a
   * restart are dead by definition. Returns how many were freed.
   */
  async releaseStale(): Promise<number> {
    const rows = await this.db.query("update mailboxes set lease_owner = null, lease_until = null where lease_owner is not null returning id");
    return rows.length;
  }

  /**
   * Ends runs: records them, releases their leases, sets each next turn and, when a run decided it, the new state, and
   * saves the links its quiet folders were given — in one statement for the whole batch, so a crash leaves either the
   * old leases (which expire, and the runs are done again) or all of it. A mailbox appears at most once per batch (the
   * caller sees to it).
   */
  async finish(worker: string, finished: readonly FinishedRun[]): Promise<void> {
    if (finished.length === 0) return;
    const rows = finished.map(({ run, next, quietCursors }) => {
      const s = next.state;
      return {
        mailbox_id: run.mailboxId,
        trigger: run.trigger,
        started_at: run.startedAt.toISOString(),
        ended_at: run.endedAt.toISOString(),
        outcome: run.outcome,
        pages: run.stats.pages,
        items_seen: run.stats.itemsSeen,
        logged: run.stats.logged,
        already_logged: run.stats.alreadyLogged,
        resyncs: run.stats.resyncs,
        rejections: run.stats.rejections,
        skipped: run.stats.skipped,
        calls: run.calls,
        crm_calls: run.crmCalls,
        error: run.error,
        set_next: next.at !== null,
        next_at: next.at?.toISOString() ?? null,
        status: s?.status ?? null,
        reason: s?.status === "attention" ? s.reason : null,
        reason_detail: s?.status === "attention" ? s.detail : null,
        reset_failures: next.failures === "reset",
        cursors: quietCursors,
      };
    });
    // Only runs whose worker still holds the mailbox are recorded and set its next turn: a worker that lost its lease
    // (stalled past it, and another worker took over) leaves no trace. A "Sync now" asked for while the run was going
    // makes the mailbox due again at once, since the run may have passed the folder the new mail is in.
    await this.db.query(
      `with f as (
         select * from jsonb_to_recordset($1::jsonb) as f(
           mailbox_id uuid, trigger text, started_at timestamptz, ended_at timestamptz, outcome text, pages integer,
           items_seen integer, logged integer, already_logged integer, resyncs jsonb, rejections jsonb, skipped jsonb, calls integer, crm_calls integer, error text,
           set_next boolean, next_at timestamptz, status text, reason text, reason_detail text, reset_failures boolean, cursors jsonb)
       ), u as (
         update mailboxes m set
           lease_owner = null, lease_until = null,
           next_sync_at = case
             when f.set_next and f.outcome = 'ok' and m.sync_requested_at > f.started_at then now()
             when f.set_next then f.next_at else m.next_sync_at end,
           status = coalesce(f.status, m.status),
           reason = case when f.status is null then m.reason else f.reason end,
           reason_detail = case when f.status is null then m.reason_detail else f.reason_detail end,
           consecutive_failures = case when f.reset_failures then 0 else m.consecutive_failures + 1 end,
           last_synced_at = case when f.outcome = 'ok' then f.ended_at else m.last_synced_at end,
           updated_at = now()
         from f
         -- The planner cannot see into the JSON; the ids let it use the primary key instead of scanning every mailbox.
         where m.id = any($3::uuid[]) and m.id = f.mailbox_id
           -- Still held by this worker. Written so the planner cannot estimate it: it judged "held by this worker" to
           -- match about one row, joined each mailbox against every run of the batch (64 x 64 in a loop, half the
           -- statement's time) instead of hashing them once.
           and coalesce(m.lease_owner = $2 and m.lease_until > now(), false)
         returning m.id
       ), quiet as (
         -- Quiet folders' new links, for the runs recorded (their worker still held the mailbox). A round that ended is
         -- past the folder's first full pass.
         update folder_cursors c set cursor = q.cursor, initial_done = true, updated_at = now()
         from f join u on u.id = f.mailbox_id cross join lateral jsonb_to_recordset(f.cursors) as q(folder text, cursor text)
         where c.mailbox_id = f.mailbox_id and c.folder = q.folder
       )
       insert into sync_runs (mailbox_id, trigger, started_at, ended_at, outcome, pages, items_seen, logged, already_logged, resyncs, rejections, skipped, calls, crm_calls, error)
       select f.mailbox_id, f.trigger, f.started_at, f.ended_at, f.outcome, f.pages, f.items_seen, f.logged, f.already_logged, f.resyncs, f.rejections, f.skipped, f.calls, f.crm_calls, f.error
       from f join u on u.id = f.mailbox_id`,
      [JSON.stringify(rows), worker, finished.map((f) => f.run.mailboxId)],
    );
  }

  /**
   * Releases a claimed mailbox untouched until `at`: its organisation's CRM is not usable, which is no run of the
   * mailbox's own (no run recorded, failures and cursors unchanged).
   */
  async postpone(mailboxId: string, worker: string, at: Date): Promise<void> {
    await this.db.query("update mailboxes set lease_owner = null, lease_until = null, next_sync_at = $3 where id = $1 and lease_owner = $2", [mailboxId, worker, at.toISOString()]);
  }

  /** Every active mailbox of the organisation is due now (its CRM came back: the backlog goes in by itself). */
  async makeTenantDue(tenantId: string): Promise<number> {
    const rows = await this.db.query("update mailboxes set next_sync_at = now() where tenant_id = $1 and status = 'active' returning id", [tenantId]);
    return rows.length;
  }

  /**
   * The last finished run and how many activities the mailbox put in the CRM today (UTC), for the sidebar. The UTC day
   * is named explicitly: date_trunc on a timestamptz cuts at the session's midnight, which follows the server's TimeZone.
   */
  async summary(mailboxId: string): Promise<{ lastRun: { endedAt: Date; outcome: RunOutcome; logged: number } | null; loggedToday: number }> {
    const rows = await this.db.query<{ ended_at: Date | null; outcome: RunOutcome | null; logged: number | null; today: number }>(
      `select r.ended_at, r.outcome, r.logged,
         (select count(*)::int from activity_mailboxes a where a.mailbox_id = $1 and a.linked_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC') as today
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
}
