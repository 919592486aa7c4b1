/**
 * An admin connects the organisation's Salesforce: the web server flow with PKCE S256 (a verifier per attempt, sealed
 * with its single-use state, which is bound to the admin, their tenant and their browser), or client credentials for an
 * Integration User at the org's My Domain. Reconnect replaces; disconnect revokes at Salesforce and deletes here.
 */
import { randomBytes } from "node:crypto";
import type { Config } from "../../config";
import type { PreflightReport } from "../../domain/crmConnection";
import type { Logger } from "../../logger";
import type { AuditLog } from "../../store/auditLog";
import type { ConnectStateRepository } from "../../store/connectStateRepository";
import { ConnectStateRepository as States } from "../../store/connectStateRepository";
import type { CrmConnectAttempts } from "../../store/crmConnectAttempts";
import type { CrmConnectionRepository } from "../../store/crmConnectionRepository";
import type { ScheduleRepository } from "../../store/scheduleRepository";
import type { SecretStore } from "../../store/secretStore";
import type { OrgConnections } from "./orgConnections";
import type { AppCredentials, TokenAnswer } from "./oauthClient";
import { authorizeUrl, clientCredentials, exchangeCode, pkcePair, readIdentity, revokeToken, SalesforceOAuthError } from "./oauthClient";
import type { OrgTokens } from "./orgTokens";

/** Who acts: the console's signed-in admin. */
export interface CrmAdmin {
  readonly tenantId: string;
  readonly oid: string;
  /** Shown as "connected by" and in the audit log. */
  readonly actor: string;
}

/** A bad request the admin can fix (400 naming it), or a conflict (409). */
export class CrmConnectRefusedError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 409 | 502 = 400,
  ) {
    super(message);
    this.name = "CrmConnectRefusedError";
  }
}

export type CallbackOutcome = { readonly result: "connected" | "denied" | "failed"; readonly message: string };

export const sandboxLoginUrl = "https://test.salesforce.com";
/** A connect attempt may take this long (Salesforce's login, MFA, the consent page). */
const stateTtlSeconds = 600;

export interface ConnectFlowDeps {
  readonly config: Config;
  readonly states: ConnectStateRepository;
  readonly attempts: CrmConnectAttempts;
  readonly secrets: SecretStore;
  readonly connections: CrmConnectionRepository;
  readonly orgs: OrgConnections;
  readonly tokens: OrgTokens;
  readonly schedule: ScheduleRepository;
  readonly ensureTenant: (tenantId: string) => Promise<void>;
  readonly audit: AuditLog;
  readonly logger: Logger;
  /** Runs the preflight checks right after a connect; its failures never undo the connect. */
  readonly preflight: (tenantId: string) => Promise<PreflightReport>;
}

/** `https://host[:port]` with nothing after it, or a clear 400. */
export function originOf(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new CrmConnectRefusedError(`${what} must be a URL like https://yourcompany.my.salesforce.com`);
  }
  if (url.protocol !== "https:") throw new CrmConnectRefusedError(`${what} must start with https:// (Salesforce's OAuth endpoints are HTTPS only)`);
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash || url.username) {
    throw new CrmConnectRefusedError(`${what} must be just the host, like https://yourcompany.my.salesforce.com (no path)`);
  }
  return url.origin;
}

const genericHosts = ["login.salesforce.com", "test.salesforce.com"];

export class SalesforceConnectFlow {
  constructor(private readonly d: ConnectFlowDeps) {}

  get redirectUri(): string {
    return `${this.d.config.http.publicUrl}/api/crm/salesforce/callback`;
  }

  private loginUrlFor(choice: string): string {
    if (choice === "production") return this.d.config.salesforce.loginUrl;
    if (choice === "sandbox") return sandboxLoginUrl;
    return originOf(choice, "loginHost (production, sandbox or your My Domain URL)");
  }

  private packagedApp(): AppCredentials {
    const sf = this.d.config.salesforce;
    if (!sf.clientId || !sf.clientSecret) {
      throw new CrmConnectRefusedError("This server has no packaged Salesforce app (SALESFORCE_CLIENT_ID/SECRET): paste your own External Client App's consumer key and secret (ownApp)");
    }
    return { clientId: sf.clientId, clientSecret: sf.clientSecret };
  }

  /** Starts a web server flow; returns where the browser goes and the cookie that binds the attempt to this browser. */
  async start(admin: CrmAdmin, req: { loginHost: string; ownApp?: AppCredentials }): Promise<{ authorizeUrl: string; browserCookie: string }> {
    const loginUrl = this.loginUrlFor(req.loginHost);
    const app = req.ownApp ?? this.packagedApp();
    const state = await this.d.states.create({ purpose: "crm_connect", tenantId: admin.tenantId, userOid: admin.oid, mailboxEmail: null, provider: null }, stateTtlSeconds);
    const { verifier, challenge } = pkcePair();
    const owner = States.ownerId(state);
    await this.d.secrets.put({ ownerKind: "connect_state", ownerId: owner, purpose: "pkce_verifier" }, verifier);
    if (req.ownApp) await this.d.secrets.put({ ownerKind: "connect_state", ownerId: owner, purpose: "client_secret" }, req.ownApp.clientSecret);
    const browserCookie = randomBytes(24).toString("base64url");
    await this.d.attempts.add(state, { loginUrl, clientId: req.ownApp?.clientId ?? null, actor: admin.actor }, browserCookie);
    return { authorizeUrl: authorizeUrl(loginUrl, { clientId: app.clientId, redirectUri: this.redirectUri, state, challenge }), browserCookie };
  }

  /** The callback: refuses a missing, unknown, replayed, expired or foreign state; Deny comes back as "denied". */
  async complete(q: { state?: string; code?: string; error?: string; errorDescription?: string }, browserCookie: string | null): Promise<CallbackOutcome> {
    if (!q.state) return { result: "failed", message: "The answer from Salesforce carried no state. Start again with Connect Salesforce." };
    const found = await this.d.attempts.find(q.state, browserCookie);
    if (!found) return { result: "failed", message: "This Salesforce sign-in is unknown or expired. Start again with Connect Salesforce." };
    if (!found.sameBrowser) return { result: "failed", message: "This Salesforce sign-in was started by someone else or in another browser. Start again with Connect Salesforce." };
    const started = await this.d.states.consume(q.state, "crm_connect");
    if (!started || !started.userOid) return { result: "failed", message: "This Salesforce sign-in was already used or has expired. Start again with Connect Salesforce." };
    const owner = States.ownerId(q.state);
    const verifier = await this.d.secrets.get({ ownerKind: "connect_state", ownerId: owner, purpose: "pkce_verifier" });
    const ownSecret = await this.d.secrets.get({ ownerKind: "connect_state", ownerId: owner, purpose: "client_secret" });
    await this.d.secrets.deleteOwner("connect_state", owner);
    if (q.error) {
      const denied = q.error === "access_denied";
      this.d.logger.info({ tenantId: started.tenantId, error: q.error }, "Salesforce sign-in not completed");
      return denied
        ? { result: "denied", message: "You chose Deny at Salesforce, so nothing was connected. To connect, choose Connect Salesforce again and then Allow." }
        : { result: "failed", message: `Salesforce refused the sign-in: ${q.error}${q.errorDescription ? ` (${q.errorDescription})` : ""}.` };
    }
    if (!q.code || !verifier) return { result: "failed", message: "Salesforce sent no authorization code. Start again with Connect Salesforce." };
    const { attempt } = found;
    const app: AppCredentials | null = attempt.clientId ? (ownSecret ? { clientId: attempt.clientId, clientSecret: ownSecret } : null) : this.packagedAppOrNull();
    if (!app) return { result: "failed", message: "The Salesforce app's consumer secret is missing. Start again with Connect Salesforce." };
    try {
      const answer = await exchangeCode(attempt.loginUrl, app, { code: q.code, redirectUri: this.redirectUri, verifier });
      await this.save(
        { tenantId: started.tenantId, oid: started.userOid, actor: attempt.actor },
        { loginUrl: attempt.loginUrl, flow: "web_server", clientId: attempt.clientId, clientSecret: attempt.clientId ? app.clientSecret : null },
        answer,
      );
      return { result: "connected", message: "Salesforce is connected." };
    } catch (err) {
      if (err instanceof CrmConnectRefusedError) return { result: "failed", message: err.message };
      const message = err instanceof SalesforceOAuthError ? `Salesforce refused the connection: ${err.error} (${err.description}).` : `Salesforce could not be reached: ${(err as Error).message}`;
      this.d.logger.warn({ tenantId: started.tenantId, err: (err as Error).message }, "Salesforce connect failed");
      return { result: "failed", message };
    }
  }

  private packagedAppOrNull(): AppCredentials | null {
    const sf = this.d.config.salesforce;
    return sf.clientId && sf.clientSecret ? { clientId: sf.clientId, clientSecret: sf.clientSecret } : null;
  }

  /** An Integration User (the app's Run-As user): client credentials at the org's My Domain, never login/test. */
  async connectClientCredentials(admin: CrmAdmin, req: { myDomain: string; clientId: string; clientSecret: string }): Promise<void> {
    const myDomain = originOf(req.myDomain, "myDomain");
    if (genericHosts.includes(new URL(myDomain).hostname)) {
      throw new CrmConnectRefusedError("myDomain must be your org's My Domain (https://yourcompany.my.salesforce.com): Salesforce's client credentials flow does not work at login.salesforce.com or test.salesforce.com");
    }
    const app = { clientId: req.clientId, clientSecret: req.clientSecret };
    let answer: TokenAnswer;
    try {
      answer = await clientCredentials(myDomain, app);
    } catch (err) {
      if (err instanceof SalesforceOAuthError) {
        throw new CrmConnectRefusedError(`Salesforce refused the client credentials: ${err.error} (${err.description}). Check the consumer key and secret, and that the app's client credentials flow has a Run-As user.`);
      }
      throw new CrmConnectRefusedError(`Salesforce could not be reached at ${myDomain}: ${(err as Error).message}`, 502);
    }
    await this.save(admin, { loginUrl: myDomain, flow: "client_credentials", clientId: app.clientId, clientSecret: app.clientSecret }, answer);
  }

  private async save(
    admin: CrmAdmin,
    how: { loginUrl: string; flow: "web_server" | "client_credentials"; clientId: string | null; clientSecret: string | null },
    answer: TokenAnswer,
  ): Promise<void> {
    const who = await readIdentity(answer.identityUrl, answer.accessToken);
    const previous = await this.d.connections.get(admin.tenantId);
    // What was logged is known by the old org's record ids: switching orgs is a deliberate disconnect first.
    if (previous && previous.orgId && previous.orgId !== who.orgId) {
      await revokeToken(how.loginUrl, answer.refreshToken ?? answer.accessToken).catch(() => undefined);
      throw new CrmConnectRefusedError(
        `This organisation is connected to Salesforce org ${previous.orgId}, and the sign-in was for org ${who.orgId}. To switch orgs, Disconnect first, then connect the other org.`,
        409,
      );
    }
    // Reconnect replaces: the old grant is revoked so it cannot linger at Salesforce.
    if (previous) await this.revokeStored(admin.tenantId, previous.loginUrl);
    await this.d.ensureTenant(admin.tenantId);
    await this.d.connections.save({
      tenantId: admin.tenantId,
      orgId: who.orgId,
      loginUrl: how.loginUrl,
      instanceUrl: answer.instanceUrl,
      identityUrl: answer.identityUrl,
      flow: how.flow,
      clientId: how.clientId,
      user: { id: who.userId, name: who.displayName, username: who.username },
      connectedBy: admin.actor,
      refreshToken: answer.refreshToken,
      accessToken: answer.accessToken,
      clientSecret: how.clientSecret,
    });
    this.d.orgs.forget(admin.tenantId);
    // Mailboxes kept their cursors while the CRM was away: they catch up now, once.
    const due = await this.d.schedule.makeTenantDue(admin.tenantId);
    await this.d.audit.append({
      tenantId: admin.tenantId,
      actor: admin.actor,
      action: "crm.connect",
      detail: { orgId: who.orgId, loginUrl: how.loginUrl, flow: how.flow, app: how.clientId ? "own" : "packaged", username: who.username, reconnect: previous !== null, mailboxesDue: due },
    });
    this.d.logger.info({ tenantId: admin.tenantId, orgId: who.orgId, flow: how.flow }, "Salesforce connected");
    try {
      await this.d.preflight(admin.tenantId);
    } catch (err) {
      this.d.logger.warn({ tenantId: admin.tenantId, err: (err as Error).message }, "preflight after connect failed");
    }
  }

  /** Revokes the stored refresh token (or access token) at Salesforce; a dead token is no error. */
  private async revokeStored(tenantId: string, loginUrl: string): Promise<boolean> {
    const t = await this.d.connections.tokens(tenantId);
    const token = t.refreshToken ?? t.accessToken;
    if (!token) return false;
    try {
      await revokeToken(loginUrl, token);
      return true;
    } catch (err) {
      this.d.logger.warn({ tenantId, err: (err as Error).message }, "could not revoke the Salesforce token");
      return false;
    }
  }

  /** Revokes at Salesforce and deletes here. */
  async disconnect(admin: CrmAdmin): Promise<boolean> {
    const c = await this.d.connections.get(admin.tenantId);
    if (!c) return false;
    const revoked = await this.revokeStored(admin.tenantId, c.loginUrl);
    await this.d.connections.delete(admin.tenantId);
    this.d.orgs.forget(admin.tenantId);
    await this.d.audit.append({ tenantId: admin.tenantId, actor: admin.actor, action: "crm.disconnect", detail: { orgId: c.orgId, revokedAtSalesforce: revoked } });
    return true;
  }
}
