import type { Provider } from "../domain/mailboxStatus";
import type { Queryable } from "./database";

export interface Tenant {
  readonly id: string;
  readonly displayName: string | null;
  readonly adminConsentedAt: Date | null;
  readonly adminConsentVerified: boolean;
}

export class TenantRepository {
  constructor(private readonly db: Queryable) {}

  async get(id: string): Promise<Tenant | null> {
    const rows = await this.db.query<{ id: string; display_name: string | null; admin_consented_at: Date | null; admin_consent_verified: boolean }>(
      "select id, display_name, admin_consented_at, admin_consent_verified from tenants where id = $1",
      [id],
    );
    const r = rows[0];
    return r ? { id: r.id, displayName: r.display_name, adminConsentedAt: r.admin_consented_at, adminConsentVerified: r.admin_consent_verified } : null;
  }

  async syncPolicy(id: string): Promise<Record<string, unknown>> {
    const rows = await this.db.query<{ sync_policy: Record<string, unknown> }>("select sync_policy from tenants where id = $1", [id]);
    return rows[0]?.sync_policy ?? {};
  }

  async setSyncPolicy(id: string, policy: Record<string, unknown>): Promise<void> {
    await this.db.query("update tenants set sync_policy = $2 where id = $1", [id, JSON.stringify(policy)]);
  }

  /** The transport new mailboxes of the organisation use (Graph unless an admin chose EWS). */
  async transport(id: string): Promise<Provider> {
    const rows = await this.db.query<{ transport: Provider }>("select transport from tenants where id = $1", [id]);
    return rows[0]?.transport ?? "graph";
  }

  async setTransport(id: string, transport: Provider): Promise<void> {
    await this.db.query(
      "insert into tenants (id, transport) values ($1, $2) on conflict (id) do update set transport = excluded.transport",
      [id, transport],
    );
  }

  async recordAdminConsent(id: string, verified: boolean): Promise<void> {
    await this.db.query(
      `insert into tenants (id, admin_consented_at, admin_consent_verified) values ($1, now(), $2)
       on conflict (id) do update set admin_consented_at = now(), admin_consent_verified = excluded.admin_consent_verified`,
      [id, verified],
    );
  }
}
