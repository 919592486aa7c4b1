import type { AuditEntryView } from "../api/consoleContract";
import type { Queryable } from "./database";

/** Append-only record of who did what to which mailbox. There is deliberately no update or delete here. */
export class AuditLog {
  constructor(private readonly db: Queryable) {}

  async append(e: { tenantId: string; actor: string; action: string; mailboxId?: string | null; detail?: Record<string, unknown> }): Promise<void> {
    await this.db.query("insert into audit_log (tenant_id, actor, action, mailbox_id, detail) values ($1, $2, $3, $4, $5)", [
      e.tenantId,
      e.actor,
      e.action,
      e.mailboxId ?? null,
      JSON.stringify(e.detail ?? {}),
    ]);
  }

  /** A tenant's entries, newest first (optionally one mailbox's), with the total for the pager. */
  async list(tenantId: string, q: { mailboxId?: string; page: number; pageSize: number }): Promise<{ total: number; items: AuditEntryView[] }> {
    const params: unknown[] = [tenantId];
    let filter = "a.tenant_id = $1";
    if (q.mailboxId) {
      params.push(q.mailboxId);
      filter += " and a.mailbox_id = $2";
    }
    const [rows, count] = await Promise.all([
      this.db.query<{ id: number; at: Date; actor: string; action: string; mailbox_id: string | null; email: string | null; detail: Record<string, unknown> }>(
        `select a.id, a.at, a.actor, a.action, a.mailbox_id, m.email, a.detail from audit_log a left join mailboxes m on m.id = a.mailbox_id
         where ${filter} order by a.at desc, a.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
        params,
      ),
      this.db.query<{ n: number }>(`select count(*)::int as n from audit_log a where ${filter}`, params),
    ]);
    return {
      total: count[0]?.n ?? 0,
      items: rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), actor: r.actor, action: r.action, mailboxId: r.mailbox_id, mailboxEmail: r.email, detail: r.detail ?? {} })),
    };
  }
}
