import { isUuid } from "../domain/ids";
import type { Queryable } from "./database";
import type { SecretStore } from "./secretStore";

export type ServiceAccountAuth = "ntlm" | "basic";

/** An on-premises account holding ApplicationImpersonation; its password lives sealed in the secret store. */
export interface ServiceAccount {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly ewsUrl: string;
  readonly username: string;
  readonly authMethod: ServiceAccountAuth;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export interface ServiceAccountWithUse extends ServiceAccount {
  readonly mailboxCount: number;
}

interface Row {
  id: string;
  tenant_id: string;
  name: string;
  ews_url: string;
  username: string;
  auth_method: ServiceAccountAuth;
  created_by: string;
  created_at: Date;
  mailbox_count?: number;
}

const toAccount = (r: Row): ServiceAccount => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  ewsUrl: r.ews_url,
  username: r.username,
  authMethod: r.auth_method,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const passwordRef = (id: string) => ({ ownerKind: "service_account" as const, ownerId: id, purpose: "password" as const });

export class ServiceAccountNameTakenError extends Error {
  constructor(name: string) {
    super(`a service account named "${name}" already exists; choose another name`);
    this.name = "ServiceAccountNameTakenError";
  }
}

export class ServiceAccountRepository {
  constructor(
    private readonly db: Queryable,
    private readonly secrets: SecretStore,
  ) {}

  async create(a: Omit<ServiceAccount, "id" | "createdAt">, password: string): Promise<ServiceAccount> {
    // A new organisation's first act may be adding its Exchange account: its tenant row may not exist yet.
    await this.db.query("insert into tenants (id) values ($1) on conflict (id) do nothing", [a.tenantId]);
    const rows = await this.db.query<Row>(
      `insert into service_accounts (tenant_id, name, ews_url, username, auth_method, created_by) values ($1, $2, $3, $4, $5, $6)
       on conflict (tenant_id, name) do nothing returning *`,
      [a.tenantId, a.name, a.ewsUrl, a.username, a.authMethod, a.createdBy],
    );
    const row = rows[0];
    if (!row) throw new ServiceAccountNameTakenError(a.name);
    await this.secrets.put(passwordRef(row.id), password);
    return toAccount(row);
  }

  async list(tenantId: string): Promise<ServiceAccountWithUse[]> {
    const rows = await this.db.query<Row>(
      `select s.*, (select count(*)::int from mailboxes m where m.service_account_id = s.id and m.status <> 'disconnected') as mailbox_count
       from service_accounts s where s.tenant_id = $1 order by s.name`,
      [tenantId],
    );
    return rows.map((r) => ({ ...toAccount(r), mailboxCount: r.mailbox_count ?? 0 }));
  }

  /** Within one tenant only: an id from another tenant is simply not found. */
  async get(tenantId: string, id: string): Promise<ServiceAccount | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.query<Row>("select * from service_accounts where tenant_id = $1 and id = $2", [tenantId, id]);
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /**
   * A new password, and the account's mailboxes that stopped because the old one was refused go back to syncing.
   * Returns how many resumed.
   */
  async replacePassword(tenantId: string, id: string, password: string): Promise<number> {
    await this.secrets.put(passwordRef(id), password);
    const rows = await this.db.query(
      `update mailboxes set status = 'active', reason = null, reason_detail = null, consecutive_failures = 0, next_sync_at = now(), updated_at = now()
       where tenant_id = $1 and service_account_id = $2 and status = 'attention' and reason = 'service_account_rejected' returning id`,
      [tenantId, id],
    );
    return rows.length;
  }

  /** The account with its password, for the sync engine; null when either is gone. */
  async credentials(tenantId: string, id: string): Promise<{ account: ServiceAccount; password: string } | null> {
    const account = await this.get(tenantId, id);
    if (!account) return null;
    const password = await this.secrets.get(passwordRef(id));
    return password === null ? null : { account, password };
  }
}
