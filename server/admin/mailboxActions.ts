import type { MailboxAction } from "../api/consoleContract";
import type { MailboxStatus } from "../domain/mailboxStatus";
import { AuditLog } from "../store/auditLog";
import type { Database } from "../store/database";
import type { Mailbox, MailboxRow } from "../store/mailboxRepository";
import { toMailbox } from "../store/mailboxRepository";
import type { SecretStore } from "../store/secretStore";

/** Refused because of the mailbox's state; the message says what would make the action possible. */
export class ActionConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ActionConflictError";
  }
}

interface Transition {
  /** States the action applies to. */
  readonly from: readonly MailboxStatus[];
  /** The update's SET list (the mailbox's state after the action). */
  readonly set: string;
  /** `heldUntil`: when another run still holds the mailbox, the latest its lease lasts (it ends sooner if the run does). */
  readonly done: (m: Mailbox, heldUntil: Date | null) => string;
  readonly refused: (status: MailboxStatus) => string;
}

const transitions: Readonly<Record<Exclude<MailboxAction, "reset-cursor">, Transition>> = {
  "sync-now": {
    from: ["active", "attention"],
    // A retry clears the reason: the run decides again, and puts it back if the cause is still there.
    set: "status = 'active', reason = null, reason_detail = null, consecutive_failures = 0, next_sync_at = now(), sync_requested_at = now()",
    done: (m, heldUntil) =>
      heldUntil
        ? `A sync of ${m.email} is still under way (or its worker stopped): a new one starts when it ends, at the latest within ${minutesUntil(heldUntil) + 1} minutes.`
        : `A sync of ${m.email} starts within a minute.`,
    refused: (s) => `Only an active mailbox or one needing attention can sync now; this one is ${s}${s === "paused" ? " (resume it first)" : ""}.`,
  },
  pause: {
    from: ["active", "attention", "pending"],
    set: "status = 'paused', reason = null, reason_detail = null, next_sync_at = null",
    done: (m) => `${m.email} is paused; nothing is synced until it is resumed.`,
    refused: (s) => `Only an active, pending or attention mailbox can be paused; this one is ${s}.`,
  },
  resume: {
    from: ["paused"],
    set: "status = 'active', consecutive_failures = 0, next_sync_at = now()",
    done: (m) => `${m.email} syncs again; the first run starts within a minute, where it stopped.`,
    refused: (s) => `Only a paused mailbox can be resumed; this one is ${s}.`,
  },
  deactivate: {
    from: ["active", "attention", "pending", "paused"],
    set: "status = 'disconnected', reason = null, reason_detail = null, next_sync_at = null, home_account_id = null",
    done: (m) => `${m.email} is deactivated and its stored credentials are deleted. What was logged stays in the CRM.`,
    refused: () => "This mailbox is already deactivated.",
  },
};

/** Whole minutes from now until `t`, rounded up. */
function minutesUntil(t: Date): number {
  return Math.max(0, Math.ceil((t.getTime() - Date.now()) / 60_000));
}

export interface ActionDeps {
  readonly db: Database;
  readonly secrets: SecretStore;
}

/**
 * What support and admins do to one mailbox from the console. Each action checks the state and changes it in one
 * statement, together with its audit entry, so two people clicking at once cannot both win.
 */
export async function applyAction(d: ActionDeps, who: { tenantId: string; actor: string }, mailboxId: string, action: MailboxAction): Promise<{ mailbox: Mailbox; message: string }> {
  const result = await d.db.transaction(async (tx) => {
    const current = await tx.query<MailboxRow & { leased: boolean; lease_until: Date | null }>("select *, coalesce(lease_until > now(), false) as leased from mailboxes where tenant_id = $1 and id = $2 for update", [
      who.tenantId,
      mailboxId,
    ]);
    const row = current[0];
    if (!row) throw new ActionConflictError("not found");
    const before = toMailbox(row);
    let after: Mailbox;
    let message: string;
    if (action === "reset-cursor") {
      // A running sync would save its cursor after our delete; wait for it to end instead.
      if (row.leased) throw new ActionConflictError("A sync of this mailbox is running; reset the cursor when it has finished.");
      await tx.query("delete from folder_cursors where mailbox_id = $1", [mailboxId]);
      const rows = await tx.query<MailboxRow>(
        "update mailboxes set next_sync_at = case when status = 'active' then now() else next_sync_at end, updated_at = now() where id = $1 returning *",
        [mailboxId],
      );
      after = toMailbox(rows[0] as MailboxRow);
      message = `The sync state of ${after.email} is reset: the next run reads every folder again from the start. Nothing is logged twice.`;
    } else {
      const t = transitions[action];
      if (!t.from.includes(before.state.status)) throw new ActionConflictError(t.refused(before.state.status));
      const rows = await tx.query<MailboxRow>(`update mailboxes set ${t.set}, updated_at = now() where id = $1 returning *`, [mailboxId]);
      after = toMailbox(rows[0] as MailboxRow);
      message = t.done(after, row.leased ? row.lease_until : null);
    }
    await new AuditLog(tx).append({
      tenantId: who.tenantId,
      actor: who.actor,
      action: `mailbox.${action}`,
      mailboxId,
      detail: { from: before.state.status, to: after.state.status, ...(before.state.status === "attention" ? { reason: before.state.reason } : {}) },
    });
    return { mailbox: after, message };
  });
  if (action === "deactivate") await d.secrets.deleteOwner("mailbox", mailboxId);
  return result;
}
