import type { MailboxAccess, MailboxState, Provider } from "../domain/mailboxStatus";
import { isAttentionReason, isMailboxStatus } from "../domain/mailboxStatus";
import type { Queryable } from "./database";

export interface Mailbox {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly userOid: string | null;
  readonly displayName: string | null;
  readonly provider: Provider;
  readonly access: MailboxAccess;
  /** Set exactly when access is onprem_service_account: the account that impersonates this mailbox. */
  readonly serviceAccountId: string | null;
  readonly state: MailboxState;
  readonly nextSyncAt: Date | null;
  readonly folders: readonly string[];
  /** The rep's own sync settings (validated where they are used). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** msal-node's account key for a delegated mailbox ("<oid>.<tid>"). */
  readonly homeAccountId: string | null;
  /** When a run last ended ok; null until the first does. */
  readonly lastSyncedAt: Date | null;
  /** Failed runs since the last good one. */
  readonly consecutiveFailures: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface MailboxRow {
  id: string;
  tenant_id: string;
  email: string;
  user_oid: string | null;
  display_name: string | null;
  provider: Provider;
  access: MailboxAccess;
  service_account_id: string | null;
  status: string;
  reason: string | null;
  reason_detail: string | null;
  next_sync_at: Date | null;
  home_account_id: string | null;
  last_synced_at: Date | null;
  consecutive_failures: number;
  folders: string[];
  settings: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

function toState(row: MailboxRow): MailboxState {
  if (!isMailboxStatus(row.status)) throw new Error(`mailbox ${row.id} has an unknown status ${row.status}`);
  if (row.status === "attention") {
    const reason = row.reason && isAttentionReason(row.reason) ? row.reason : "unknown";
    return { status: "attention", reason, detail: row.reason_detail };
  }
  return { status: row.status };
}

export function toMailbox(row: MailboxRow): Mailbox {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    userOid: row.user_oid,
    displayName: row.display_name,
    provider: row.provider,
    access: row.access,
    serviceAccountId: row.service_account_id,
    state: toState(row),
    nextSyncAt: row.next_sync_at,
    homeAccountId: row.home_account_id,
    lastSyncedAt: row.last_synced_at ?? null,
    consecutiveFailures: row.consecutive_failures ?? 0,
    folders: row.folders,
    settings: row.settings ?? {},
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewMailbox {
  tenantId: string;
  email: string;
  userOid?: string | null;
  displayName?: string | null;
  provider: Provider;
  access: MailboxAccess;
}

/** Mailboxes and their state. Emails are kept lower-case: Exchange addresses are case-insensitive. */
export class MailboxRepository {
  constructor(private readonly db: Queryable) {}

  async ensureTenant(tenantId: string, displayName: string | null = null): Promise<void> {
    await this.db.query(
      "insert into tenants (id, display_name) values ($1, $2) on conflict (id) do update set display_name = coalesce(excluded.display_name, tenants.display_name)",
      [tenantId, displayName],
    );
  }

  /** Addresses of the organisation's mailboxes that sync (or will): the reps whose activities need an owner in the CRM. */
  async activeEmails(tenantId: string): Promise<string[]> {
    const rows = await this.db.query<{ email: string }>("select email from mailboxes where tenant_id = $1 and status <> 'disconnected' order by email", [tenantId]);
    return rows.map((r) => r.email);
  }

  /** Creates the mailbox, or returns the existing one for the same tenant and address. */
  async upsert(m: NewMailbox): Promise<Mailbox> {
    const rows = await this.db.query<MailboxRow>(
      `insert into mailboxes (tenant_id, email, user_oid, display_name, provider, access)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (tenant_id, email) do update set
         user_oid = coalesce(excluded.user_oid, mailboxes.user_oid),
         display_name = coalesce(excluded.display_name, mailboxes.display_name),
         updated_at = now()
       returning *`,
      [m.tenantId, m.email.trim().toLowerCase(), m.userOid ?? null, m.displayName ?? null, m.provider, m.access],
    );
    return toMailbox(rows[0] as MailboxRow);
  }

  async get(tenantId: string, id: string): Promise<Mailbox | null> {
    const rows = await this.db.query<MailboxRow>("select * from mailboxes where tenant_id = $1 and id = $2", [tenantId, id]);
    return rows[0] ? toMailbox(rows[0]) : null;
  }

  /** Internal lookup (jobs). API routes use get(tenantId, id), which cannot cross tenants. */
  async getById(id: string): Promise<Mailbox | null> {
    const rows = await this.db.query<MailboxRow>("select * from mailboxes where id = $1", [id]);
    return rows[0] ? toMailbox(rows[0]) : null;
  }

  async findByEmail(tenantId: string, email: string): Promise<Mailbox | null> {
    const rows = await this.db.query<MailboxRow>("select * from mailboxes where tenant_id = $1 and email = $2", [
      tenantId,
      email.trim().toLowerCase(),
    ]);
    return rows[0] ? toMailbox(rows[0]) : null;
  }

  /**
   * The caller's own mailbox: the one connected by this Entra user, or (mass-activated, no user known yet) the one at
   * the caller's own sign-in address, which is then claimed for this user. Never a mailbox by an address alone.
   */
  async findForUser(tenantId: string, oid: string, username: string | null): Promise<Mailbox | null> {
    const byOid = await this.db.query<MailboxRow>(
      "select * from mailboxes where tenant_id = $1 and user_oid = $2 order by (status = 'disconnected'), updated_at desc limit 1",
      [tenantId, oid],
    );
    if (byOid[0]) return toMailbox(byOid[0]);
    if (!username) return null;
    const claimed = await this.db.query<MailboxRow>(
      "update mailboxes set user_oid = $2, updated_at = now() where tenant_id = $1 and email = $3 and user_oid is null returning *",
      [tenantId, oid, username.trim().toLowerCase()],
    );
    return claimed[0] ? toMailbox(claimed[0]) : null;
  }

  /** "Sync now": at most once a minute per mailbox. Returns false when asked again too soon. */
  /**
   * Makes the mailbox due now, at most once per `minIntervalSeconds`; null when asked again too soon. `heldUntil`: a
   * run (possibly of a worker that died) still holds the mailbox; the new run starts when it ends, at the latest then.
   */
  async requestSync(id: string, minIntervalSeconds: number): Promise<{ nextSyncAt: Date; heldUntil: Date | null } | null> {
    const rows = await this.db.query<{ next_sync_at: Date; held_until: Date | null }>(
      `update mailboxes set sync_requested_at = now(), next_sync_at = now(), updated_at = now()
       where id = $1 and (sync_requested_at is null or sync_requested_at < now() - make_interval(secs => $2))
       returning next_sync_at, case when lease_until > now() then lease_until end as held_until`,
      [id, minIntervalSeconds],
    );
    const r = rows[0];
    return r ? { nextSyncAt: r.next_sync_at, heldUntil: r.held_until } : null;
  }

  async saveSettings(id: string, folders: readonly string[], settings: Record<string, unknown>): Promise<void> {
    await this.db.query("update mailboxes set folders = $2, settings = $3, updated_at = now() where id = $1", [id, folders, JSON.stringify(settings)]);
  }

  async markDisconnected(id: string): Promise<void> {
    await this.db.query(
      "update mailboxes set status = 'disconnected', reason = null, reason_detail = null, home_account_id = null, next_sync_at = null, updated_at = now() where id = $1",
      [id],
    );
  }

  /**
   * Moves a mailbox to another transport. Its cursors belong to the old transport and go; its links and logged
   * activities stay, keyed by Internet Message-ID and iCalendar UID, so the first sync over the new one logs nothing twice.
   */
  async setProvider(id: string, provider: Provider): Promise<void> {
    await this.db.query("update mailboxes set provider = $2, updated_at = now() where id = $1", [id, provider]);
    await this.db.query("delete from folder_cursors where mailbox_id = $1", [id]);
  }

  async setState(tenantId: string, id: string, state: MailboxState): Promise<void> {
    const [reason, detail] = state.status === "attention" ? [state.reason, state.detail] : [null, null];
    const rows = await this.db.query(
      "update mailboxes set status = $3, reason = $4, reason_detail = $5, updated_at = now() where tenant_id = $1 and id = $2 returning id",
      [tenantId, id, state.status, reason, detail],
    );
    if (rows.length === 0) throw new Error(`no mailbox ${id} in tenant ${tenantId}`);
  }

  /** A delegated mailbox got its tokens: remember the msal account, and sync it at once. */
  async markConnected(id: string, c: { homeAccountId: string; displayName: string | null }): Promise<void> {
    await this.db.query(
      `update mailboxes set home_account_id = $2, display_name = coalesce($3, display_name), access = 'delegated',
         status = 'active', reason = null, reason_detail = null, next_sync_at = now(), updated_at = now()
       where id = $1`,
      [id, c.homeAccountId, c.displayName],
    );
  }

  /**
   * An admin switches sync on for an address with service-level access: a new mailbox, or one that is not syncing
   * (pending, attention, disconnected) taken over. An active or paused mailbox is left alone: null.
   */
  async activateManaged(
    m: { tenantId: string; email: string; displayName: string | null; access: "app_only" | "onprem_service_account"; serviceAccountId: string | null; provider: Provider },
    tx: Queryable = this.db,
  ): Promise<Mailbox | null> {
    const rows = await tx.query<MailboxRow>(
      `insert into mailboxes (tenant_id, email, display_name, provider, access, service_account_id, status, next_sync_at)
       values ($1, $2, $3, $6, $4, $5, 'active', now())
       on conflict (tenant_id, email) do update set
         access = excluded.access, service_account_id = excluded.service_account_id, provider = excluded.provider,
         display_name = coalesce(mailboxes.display_name, excluded.display_name),
         status = 'active', reason = null, reason_detail = null, consecutive_failures = 0, home_account_id = null,
         next_sync_at = now(), updated_at = now()
       where mailboxes.status not in ('active', 'paused')
       returning *`,
      [m.tenantId, m.email.trim().toLowerCase(), m.displayName, m.access, m.serviceAccountId, m.provider],
    );
    return rows[0] ? toMailbox(rows[0]) : null;
  }

  /** After the cause of a reason is fixed tenant-wide (an admin consented): those mailboxes go back to pending. */
  async clearReason(tenantId: string, reason: string): Promise<number> {
    const rows = await this.db.query(
      "update mailboxes set status = 'pending', reason = null, reason_detail = null, updated_at = now() where tenant_id = $1 and status = 'attention' and reason = $2 returning id",
      [tenantId, reason],
    );
    return rows.length;
  }

  async countByStatus(tenantId: string): Promise<Record<string, number>> {
    const rows = await this.db.query<{ status: string; n: number }>(
      "select status, count(*)::int as n from mailboxes where tenant_id = $1 group by status",
      [tenantId],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}
