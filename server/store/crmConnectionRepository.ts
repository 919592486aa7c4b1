import type { Queryable } from "./database";
import type { SecretStore } from "./secretStore";

export interface CrmConnection {
  readonly tenantId: string;
  readonly kind: "salesforce";
  readonly loginUrl: string;
  readonly instanceUrl: string;
  readonly username: string | null;
  readonly refreshToken: string;
}

/** Which Salesforce org each organisation syncs into; the refresh token is sealed like every other secret. */
export class CrmConnectionRepository {
  constructor(
    private readonly db: Queryable,
    private readonly secrets: SecretStore,
  ) {}

  async save(c: CrmConnection): Promise<void> {
    await this.db.query(
      `insert into crm_connections (tenant_id, kind, login_url, instance_url, username) values ($1, $2, $3, $4, $5)
       on conflict (tenant_id) do update set kind = excluded.kind, login_url = excluded.login_url, instance_url = excluded.instance_url,
         username = excluded.username, connected_at = now()`,
      [c.tenantId, c.kind, c.loginUrl, c.instanceUrl, c.username],
    );
    await this.secrets.put({ ownerKind: "crm_connection", ownerId: c.tenantId, purpose: "refresh_token" }, c.refreshToken);
  }

  async get(tenantId: string): Promise<CrmConnection | null> {
    const rows = await this.db.query<{ tenant_id: string; kind: "salesforce"; login_url: string; instance_url: string; username: string | null }>(
      "select tenant_id, kind, login_url, instance_url, username from crm_connections where tenant_id = $1",
      [tenantId],
    );
    const r = rows[0];
    if (!r) return null;
    const refreshToken = await this.secrets.get({ ownerKind: "crm_connection", ownerId: tenantId, purpose: "refresh_token" });
    if (!refreshToken) return null;
    return { tenantId: r.tenant_id, kind: r.kind, loginUrl: r.login_url, instanceUrl: r.instance_url, username: r.username, refreshToken };
  }
}
