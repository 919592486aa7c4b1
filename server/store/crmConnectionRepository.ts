import type { CrmFlow, PreflightReport, StoredCrmProblem } from "../domain/crmConnection";
import type { Queryable } from "./database";
import type { SecretRef, SecretStore } from "./secretStore";

/** Which Salesforce org an organisation syncs into, as the console connected it. Secrets are not in here: see tokens(). */
export interface CrmConnection {
  readonly tenantId: string;
  readonly kind: "salesforce";
  readonly orgId: string;
  /** The host tokens are refreshed and revoked at: login/test.salesforce.com or the org's My Domain. */
  readonly loginUrl: string;
  readonly instanceUrl: string;
  readonly identityUrl: string | null;
  readonly flow: CrmFlow;
  /** The org's own External Client App; null: the server-wide packaged app (SALESFORCE_CLIENT_ID). */
  readonly clientId: string | null;
  readonly user: { readonly id: string | null; readonly name: string | null; readonly username: string | null };
  readonly connectedAt: Date;
  readonly connectedBy: string | null;
  readonly problem: StoredCrmProblem | null;
  readonly lastCheck: PreflightReport | null;
  /** Bumped by every token refresh: a refresher that saw an older one knows another process refreshed meanwhile. */
  readonly tokenGeneration: number;
  readonly lastRefreshedAt: Date | null;
}

/** What a connect (or reconnect) writes: the connection, and its sealed secrets. */
export interface NewCrmConnection {
  readonly tenantId: string;
  readonly orgId: string;
  readonly loginUrl: string;
  readonly instanceUrl: string;
  readonly identityUrl: string | null;
  readonly flow: CrmFlow;
  readonly clientId: string | null;
  readonly user: { readonly id: string | null; readonly name: string | null; readonly username: string | null };
  readonly connectedBy: string | null;
  /** web_server: Salesforce's refresh token. client_credentials: none, the grant is repeated. */
  readonly refreshToken: string | null;
  readonly accessToken: string;
  /** The org's own app's secret; null with the packaged app. */
  readonly clientSecret: string | null;
}

/** The sealed credentials of a connection, read only by the code that talks to Salesforce. */
export interface CrmTokens {
  readonly refreshToken: string | null;
  readonly accessToken: string | null;
  readonly clientSecret: string | null;
}

interface Row {
  tenant_id: string;
  org_id: string | null;
  login_url: string;
  instance_url: string;
  identity_url: string | null;
  flow: CrmFlow;
  client_id: string | null;
  user_id: string | null;
  user_name: string | null;
  username: string | null;
  connected_at: Date;
  connected_by: string | null;
  problem: StoredCrmProblem | null;
  last_check: PreflightReport | null;
  token_generation: number;
  last_refreshed_at: Date | null;
}

const ref = (tenantId: string, purpose: "refresh_token" | "access_token" | "client_secret"): SecretRef => ({ ownerKind: "crm_connection", ownerId: tenantId, purpose });

function toConnection(r: Row): CrmConnection {
  return {
    tenantId: r.tenant_id,
    kind: "salesforce",
    orgId: r.org_id ?? "",
    loginUrl: r.login_url,
    instanceUrl: r.instance_url,
    identityUrl: r.identity_url,
    flow: r.flow,
    clientId: r.client_id,
    user: { id: r.user_id, name: r.user_name, username: r.username },
    connectedAt: new Date(r.connected_at),
    connectedBy: r.connected_by,
    problem: r.problem,
    lastCheck: r.last_check,
    tokenGeneration: r.token_generation,
    lastRefreshedAt: r.last_refreshed_at ? new Date(r.last_refreshed_at) : null,
  };
}

/** Which Salesforce org each organisation syncs into; refresh token, access token and own-app secret are sealed. */
export class CrmConnectionRepository {
  constructor(
    private readonly db: Queryable,
    private readonly secrets: SecretStore,
  ) {}

  /** The same repository inside a transaction (the refresh lock holds one). */
  withTransaction(tx: Queryable): CrmConnectionRepository {
    return new CrmConnectionRepository(tx, this.secrets.withTransaction(tx));
  }

  /** Connects or reconnects: replaces everything, clears any problem, bumps the token generation. */
  async save(c: NewCrmConnection): Promise<void> {
    await this.db.query(
      `insert into crm_connections (tenant_id, kind, org_id, login_url, instance_url, identity_url, flow, client_id, user_id, user_name, username, connected_by, connected_at, problem, last_check, token_generation, last_refreshed_at)
       values ($1, 'salesforce', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), null, null, 1, now())
       on conflict (tenant_id) do update set kind = excluded.kind, org_id = excluded.org_id, login_url = excluded.login_url,
         instance_url = excluded.instance_url, identity_url = excluded.identity_url, flow = excluded.flow, client_id = excluded.client_id,
         user_id = excluded.user_id, user_name = excluded.user_name, username = excluded.username, connected_by = excluded.connected_by,
         connected_at = now(), problem = null, last_check = case when crm_connections.org_id = excluded.org_id then crm_connections.last_check end,
         token_generation = crm_connections.token_generation + 1, last_refreshed_at = now()`,
      [c.tenantId, c.orgId, c.loginUrl, c.instanceUrl, c.identityUrl, c.flow, c.clientId, c.user.id, c.user.name, c.user.username, c.connectedBy],
    );
    await this.putOrDelete(ref(c.tenantId, "refresh_token"), c.refreshToken);
    await this.putOrDelete(ref(c.tenantId, "access_token"), c.accessToken);
    await this.putOrDelete(ref(c.tenantId, "client_secret"), c.clientSecret);
  }

  private async putOrDelete(r: SecretRef, value: string | null): Promise<void> {
    if (value === null) await this.secrets.delete(r);
    else await this.secrets.put(r, value);
  }

  async get(tenantId: string): Promise<CrmConnection | null> {
    const rows = await this.db.query<Row>("select * from crm_connections where tenant_id = $1", [tenantId]);
    return rows[0] ? toConnection(rows[0]) : null;
  }

  /** Takes the same row for update (only inside a transaction). */
  async getForUpdate(tenantId: string): Promise<CrmConnection | null> {
    const rows = await this.db.query<Row>("select * from crm_connections where tenant_id = $1 for update", [tenantId]);
    return rows[0] ? toConnection(rows[0]) : null;
  }

  async tokens(tenantId: string): Promise<CrmTokens> {
    // One after another: inside a transaction the queries share one connection.
    const refreshToken = await this.secrets.get(ref(tenantId, "refresh_token"));
    const accessToken = await this.secrets.get(ref(tenantId, "access_token"));
    const clientSecret = await this.secrets.get(ref(tenantId, "client_secret"));
    return { refreshToken, accessToken, clientSecret };
  }

  /**
   * Saves what a refresh returned: the new access token and, when Salesforce rotated it, the new refresh token, before
   * anyone uses either. Returns the new generation.
   */
  async saveRefreshed(tenantId: string, tokens: { accessToken: string; refreshToken: string | null; instanceUrl: string }): Promise<number> {
    if (tokens.refreshToken) await this.secrets.put(ref(tenantId, "refresh_token"), tokens.refreshToken);
    await this.secrets.put(ref(tenantId, "access_token"), tokens.accessToken);
    const rows = await this.db.query<{ token_generation: number }>(
      "update crm_connections set token_generation = token_generation + 1, last_refreshed_at = now(), instance_url = $2 where tenant_id = $1 returning token_generation",
      [tenantId, tokens.instanceUrl],
    );
    return rows[0]?.token_generation ?? 0;
  }

  /** Records (or replaces) the organisation-wide problem; null clears it. Returns whether it was cleared from a problem. */
  async setProblem(tenantId: string, problem: StoredCrmProblem | null): Promise<boolean> {
    const rows = await this.db.query<{ had: boolean }>(
      `update crm_connections c set problem = $2::jsonb from (select problem is not null as had from crm_connections where tenant_id = $1) old
       where c.tenant_id = $1 returning old.had`,
      [tenantId, problem === null ? null : JSON.stringify(problem)],
    );
    return rows[0]?.had ?? false;
  }

  /** Clears the problem only if it is still the one seen (a newer one, recorded meanwhile by another process, stays). */
  async clearProblem(tenantId: string, seenSince: string): Promise<void> {
    await this.db.query("update crm_connections set problem = null where tenant_id = $1 and problem->>'since' = $2", [tenantId, seenSince]);
  }

  async saveCheck(tenantId: string, report: PreflightReport): Promise<void> {
    await this.db.query("update crm_connections set last_check = $2::jsonb where tenant_id = $1", [tenantId, JSON.stringify(report)]);
  }

  /** Orgs whose refresh token has not been used for this long (the idle-refresh job keeps them alive). */
  async idleSince(olderThan: Date): Promise<string[]> {
    const rows = await this.db.query<{ tenant_id: string }>(
      "select tenant_id from crm_connections where flow = 'web_server' and problem is null and coalesce(last_refreshed_at, connected_at) < $1",
      [olderThan.toISOString()],
    );
    return rows.map((r) => r.tenant_id);
  }

  /** Forgets the connection and its secrets (after revoking them at Salesforce). */
  async delete(tenantId: string): Promise<void> {
    await this.db.query("delete from crm_connections where tenant_id = $1", [tenantId]);
    await this.secrets.deleteOwner("crm_connection", tenantId);
  }
}
