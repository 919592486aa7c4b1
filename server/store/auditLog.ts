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
}
