import type { MailboxAccess, Provider } from "../domain/mailboxStatus";
import { AuditLog } from "../store/auditLog";
import type { Database } from "../store/database";
import type { Mailbox, MailboxRow } from "../store/mailboxRepository";
import { toMailbox } from "../store/mailboxRepository";
import { ActionConflictError } from "./mailboxActions";

const providerNames: Readonly<Record<Provider, string>> = { ews: "EWS", graph: "Microsoft Graph" };

/** Microsoft Graph reaches Exchange Online only: an on-premises mailbox has EWS and nothing else. */
const onPremises: readonly MailboxAccess[] = ["onprem_service_account", "onprem_password"];

function doneMessage(m: Mailbox, to: Provider): string {
  const base = `${m.email} now syncs over ${providerNames[to]}. Its next run reads every folder from the start over ${providerNames[to]}; what was already logged is recognised, so nothing is logged twice.`;
  // A rep consented to the scopes of one transport; only the rep can consent to the other's.
  if (m.access === "delegated") return `${base} If the rep has not consented to ${providerNames[to]} yet, the sidebar asks them to reconnect once.`;
  return base;
}

/**
 * Support moves one mailbox to the other transport. The sync positions belong to the old transport and go in the same
 * transaction; activity keys (Internet Message-ID, iCalendar UID) do not depend on the transport, so the full read
 * that follows logs nothing twice. A mailbox in attention is retried over the new transport at once.
 */
export async function moveMailboxTransport(
  db: Database,
  who: { tenantId: string; actor: string },
  mailboxId: string,
  to: Provider,
): Promise<{ mailbox: Mailbox; message: string }> {
  return db.transaction(async (tx) => {
    const current = await tx.query<MailboxRow & { leased: boolean }>("select *, coalesce(lease_until > now(), false) as leased from mailboxes where tenant_id = $1 and id = $2 for update", [
      who.tenantId,
      mailboxId,
    ]);
    const row = current[0];
    if (!row) throw new ActionConflictError("not found");
    const before = toMailbox(row);
    if (before.provider === to) throw new ActionConflictError(`${before.email} already syncs over ${providerNames[to]}.`);
    if (to === "graph" && onPremises.includes(before.access)) {
      throw new ActionConflictError(`${before.email} is an on-premises mailbox: Microsoft Graph reaches Exchange Online only, so it stays on EWS.`);
    }
    if (before.state.status === "disconnected") throw new ActionConflictError(`${before.email} is deactivated: activate it again first, then choose its transport.`);
    // A running sync would save a cursor of the old transport after ours are gone; wait for it to end instead.
    if (row.leased) throw new ActionConflictError("A sync of this mailbox is running; move it when the sync has finished.");
    const rows = await tx.query<MailboxRow>(
      `update mailboxes set provider = $2,
         status = case when status = 'attention' then 'active' else status end,
         reason = case when status = 'attention' then null else reason end,
         reason_detail = case when status = 'attention' then null else reason_detail end,
         consecutive_failures = case when status = 'attention' then 0 else consecutive_failures end,
         next_sync_at = case when status in ('active', 'attention') then now() else next_sync_at end,
         updated_at = now()
       where id = $1 returning *`,
      [mailboxId, to],
    );
    await tx.query("delete from folder_cursors where mailbox_id = $1", [mailboxId]);
    const after = toMailbox(rows[0] as MailboxRow);
    await new AuditLog(tx).append({
      tenantId: who.tenantId,
      actor: who.actor,
      action: "mailbox.transport",
      mailboxId,
      detail: { from: before.provider, to, status: after.state.status, ...(before.state.status === "attention" ? { reason: before.state.reason } : {}) },
    });
    return { mailbox: after, message: doneMessage(after, to) };
  });
}

/** An admin chooses the transport the organisation's new mailboxes use; mailboxes already set up keep theirs. */
export async function setTenantTransport(db: Database, who: { tenantId: string; actor: string }, to: Provider): Promise<{ transport: Provider; message: string }> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ transport: Provider }>("select transport from tenants where id = $1 for update", [who.tenantId]);
    const from: Provider = rows[0]?.transport ?? "graph";
    await tx.query("insert into tenants (id, transport) values ($1, $2) on conflict (id) do update set transport = excluded.transport", [who.tenantId, to]);
    await new AuditLog(tx).append({ tenantId: who.tenantId, actor: who.actor, action: "tenant.transport", detail: { from, to } });
    const message =
      from === to
        ? `New mailboxes already use ${providerNames[to]}.`
        : `New mailboxes of your organisation use ${providerNames[to]} from now on. Mailboxes already set up keep their transport; support moves them one by one.`;
    return { transport: to, message };
  });
}
