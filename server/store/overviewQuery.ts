import type { ConsoleOverview } from "../api/consoleContract";
import type { AttentionReason, MailboxStatus } from "../domain/mailboxStatus";
import { mailboxStatuses } from "../domain/mailboxStatus";
import type { Queryable } from "./database";

/** The console's first page for one tenant: where its mailboxes stand and how syncing went lately. */
export async function overviewCounts(db: Queryable, tenantId: string): Promise<Omit<ConsoleOverview, "tenant" | "crm">> {
  const [states, lastHour, trend] = await Promise.all([
    db.query<{ status: MailboxStatus; reason: AttentionReason | null; n: number }>(
      "select status, reason, count(*)::int as n from mailboxes where tenant_id = $1 group by status, reason",
      [tenantId],
    ),
    db.query<{ outcome: "ok" | "partial" | "failed" | "throttled"; n: number }>(
      `select r.outcome, count(*)::int as n from sync_runs r join mailboxes m on m.id = r.mailbox_id
       where m.tenant_id = $1 and r.ended_at >= now() - interval '1 hour' and r.outcome is not null group by r.outcome`,
      [tenantId],
    ),
    db.query<{ hour: Date; ok: number; failed: number }>(
      `select h.hour,
         count(r.id) filter (where r.outcome in ('ok', 'partial'))::int as ok,
         count(r.id) filter (where r.outcome = 'failed')::int as failed
       from generate_series(date_trunc('hour', now()) - interval '23 hours', date_trunc('hour', now()), interval '1 hour') as h(hour)
       left join sync_runs r on r.ended_at >= h.hour and r.ended_at < h.hour + interval '1 hour'
         and r.mailbox_id in (select id from mailboxes where tenant_id = $1)
       group by h.hour order by h.hour`,
      [tenantId],
    ),
  ]);
  const byStatus = Object.fromEntries(mailboxStatuses.map((s) => [s, 0])) as Record<MailboxStatus, number>;
  const byReason: Partial<Record<AttentionReason, number>> = {};
  let total = 0;
  for (const s of states) {
    byStatus[s.status] += s.n;
    total += s.n;
    if (s.status === "attention" && s.reason) byReason[s.reason] = (byReason[s.reason] ?? 0) + s.n;
  }
  const hour = { ok: 0, partial: 0, failed: 0, throttled: 0 };
  for (const r of lastHour) hour[r.outcome] = r.n;
  return { total, byStatus, byReason, lastHour: hour, trend: trend.map((t) => ({ hour: t.hour.toISOString(), ok: t.ok, failed: t.failed })) };
}
