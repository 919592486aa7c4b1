/**
 * Each organisation's Salesforce access token, refreshed one at a time across every process: Salesforce's refresh-token
 * rotation revokes the whole grant when a refresh token is used twice, so a refresher holds a per-org advisory lock in
 * the shared database, re-reads the stored token under it, and saves the rotated refresh token before anyone uses the
 * new access token. A refresher that finds a newer generation than it saw takes that one instead of calling Salesforce.
 */
import type { Config } from "../../config";
import type { Logger } from "../../logger";
import type { Database } from "../../store/database";
import type { CrmConnection, CrmConnectionRepository } from "../../store/crmConnectionRepository";
import { CrmOrgUnavailableError } from "../crmSink";
import { blocks, crmProblemTexts, newProblem, problemFromOAuth } from "../crmProblems";
import type { AppCredentials } from "./oauthClient";
import { clientCredentials, refreshAccess, SalesforceOAuthError } from "./oauthClient";

export interface OrgAccess {
  readonly accessToken: string;
  readonly instanceUrl: string;
  readonly generation: number;
}

type Refreshed = { readonly ok: true; readonly access: OrgAccess } | { readonly ok: false; readonly error: Error };

export class OrgTokens {
  /** One refresh per org in this process; the advisory lock orders processes. */
  private readonly inFlight = new Map<string, Promise<OrgAccess>>();

  constructor(
    private readonly d: { readonly config: Config; readonly db: Database; readonly connections: CrmConnectionRepository; readonly logger: Logger },
  ) {}

  /** The app a connection uses: its own (secret sealed with it) or the server-wide packaged one. */
  appFor(c: CrmConnection, ownSecret: string | null): AppCredentials | null {
    if (c.clientId) return ownSecret ? { clientId: c.clientId, clientSecret: ownSecret } : null;
    const sf = this.d.config.salesforce;
    return sf.clientId && sf.clientSecret ? { clientId: sf.clientId, clientSecret: sf.clientSecret } : null;
  }

  /** The stored access token (maybe expired: a 401 then asks for refresh()). */
  async current(tenantId: string): Promise<OrgAccess | null> {
    const c = await this.d.connections.get(tenantId);
    if (!c) return null;
    const t = await this.d.connections.tokens(tenantId);
    return t.accessToken ? { accessToken: t.accessToken, instanceUrl: c.instanceUrl, generation: c.tokenGeneration } : null;
  }

  /** A fresh access token; `seen` is the generation whose access token failed (a newer stored one is used as is). */
  refresh(tenantId: string, seen: number): Promise<OrgAccess> {
    const running = this.inFlight.get(tenantId);
    if (running) return running;
    const p = this.refreshLocked(tenantId, seen).finally(() => this.inFlight.delete(tenantId));
    this.inFlight.set(tenantId, p);
    return p;
  }

  private async refreshLocked(tenantId: string, seen: number): Promise<OrgAccess> {
    const result = await this.d.db.transaction(async (tx): Promise<Refreshed> => {
      await tx.query("select pg_advisory_xact_lock(hashtext($1))", [`crm-refresh:${tenantId}`]);
      const repo = this.d.connections.withTransaction(tx);
      const c = await repo.get(tenantId);
      if (!c) return { ok: false, error: new CrmOrgUnavailableError("no CRM is connected for this organisation", "not_connected") };
      const tokens = await repo.tokens(tenantId);
      if (c.tokenGeneration > seen && tokens.accessToken) {
        return { ok: true, access: { accessToken: tokens.accessToken, instanceUrl: c.instanceUrl, generation: c.tokenGeneration } };
      }
      if (blocks(c.problem, new Date()) && c.problem?.reason !== "api_limit") {
        return { ok: false, error: new CrmOrgUnavailableError(`${crmProblemTexts[c.problem!.reason].title}: ${c.problem!.detail}`, "disconnected") };
      }
      const app = this.appFor(c, tokens.clientSecret);
      if (!app) return { ok: false, error: new CrmOrgUnavailableError("the Salesforce app's consumer key or secret is not configured on this server", "disconnected") };
      try {
        const answer =
          c.flow === "client_credentials"
            ? await clientCredentials(c.loginUrl, app)
            : tokens.refreshToken
              ? await refreshAccess(c.loginUrl, app, tokens.refreshToken)
              : null;
        if (!answer) return { ok: false, error: new CrmOrgUnavailableError("the connection has no refresh token", "disconnected") };
        // Saved before anyone uses it: a crash now leaves the new refresh token, never the dead one.
        const generation = await repo.saveRefreshed(tenantId, { accessToken: answer.accessToken, refreshToken: answer.refreshToken, instanceUrl: answer.instanceUrl || c.instanceUrl });
        return { ok: true, access: { accessToken: answer.accessToken, instanceUrl: answer.instanceUrl || c.instanceUrl, generation } };
      } catch (err) {
        if (!(err instanceof SalesforceOAuthError)) return { ok: false, error: err as Error };
        const reason = problemFromOAuth(err.error, err.description);
        if (!reason) return { ok: false, error: err };
        await repo.setProblem(tenantId, newProblem(reason, err.message, new Date()));
        this.d.logger.warn({ tenantId, reason, error: err.error }, "Salesforce refused the organisation's connection");
        return { ok: false, error: new CrmOrgUnavailableError(`${crmProblemTexts[reason].title}: ${err.message}`, "disconnected") };
      }
    });
    if (!result.ok) throw result.error;
    return result.access;
  }
}
