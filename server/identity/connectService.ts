import { createHash } from "node:crypto";
import { CryptoProvider } from "@azure/msal-node";
import { z } from "zod";
import type { ConnectOutcome, ConnectStartRequest, ConnectStartResponse } from "../api/contract";
import type { Config } from "../config";
import type { Provider } from "../domain/mailboxStatus";
import type { Logger } from "../logger";
import type { ConnectStateRepository } from "../store/connectStateRepository";
import { ConnectStateRepository as States } from "../store/connectStateRepository";
import type { MailboxRepository } from "../store/mailboxRepository";
import type { SecretStore } from "../store/secretStore";
import type { TenantRepository } from "../store/tenantRepository";
import type { AuthorityMetadataCache } from "./authorityMetadata";
import type { Caller } from "./callerToken";
import { createConfidentialClient } from "./confidentialClient";
import { adminConsentLink } from "./adminConsentLink";
import { classifyMsalError, classifyOAuthError } from "./entraFailure";
import { MailboxTokenCache } from "./mailboxTokenCache";
import { remedyView } from "./remedyView";
import { mailboxScopes, signInScopes } from "./scopes";

/** How long the rep has to finish signing in once the dialog opened. */
const stateTtlSeconds = 600;

export class ConnectRefusedError extends Error {
  constructor(
    readonly status: 400 | 403 | 409,
    message: string,
  ) {
    super(message);
    this.name = "ConnectRefusedError";
  }
}

const startSchema = z.object({
  mailboxEmail: z.string().trim().max(254, "mailboxEmail must be at most 254 characters").toLowerCase().email("mailboxEmail must be the email address of the Outlook mailbox"),
});

export interface ConnectDeps {
  readonly config: Config;
  readonly states: ConnectStateRepository;
  readonly mailboxes: MailboxRepository;
  /** The organisation's transport decides which scopes a new mailbox asks for (Graph unless an admin chose EWS). */
  readonly tenants: TenantRepository;
  readonly secrets: SecretStore;
  readonly metadata: AuthorityMetadataCache;
  readonly logger: Logger;
}

/**
 * The server's own confidential-client authorization-code flow with PKCE: the only way to get a refresh token that
 * lives long enough (90 days, renewed on use) for background sync. A task pane's SPA tokens live 24 hours.
 */
export class ConnectService {
  private readonly crypto = new CryptoProvider();

  constructor(private readonly deps: ConnectDeps) {}

  get redirectUri(): string {
    return `${this.deps.config.http.publicUrl}/api/connect/callback`;
  }

  /** Step 1 (sidebar, authenticated): a single-use state bound to this user, and the URL the Office dialog opens. */
  async start(caller: Caller, body: ConnectStartRequest): Promise<ConnectStartResponse> {
    const parsed = startSchema.safeParse(body);
    if (!parsed.success) throw new ConnectRefusedError(400, parsed.error.issues.map((i) => i.message).join("; "));
    const email = parsed.data.mailboxEmail;
    const existing = await this.deps.mailboxes.findByEmail(caller.tid, email);
    // A rep sets up sync for the mailbox the token names them as (or one already theirs), never a colleague's: it would
    // sync the rep's own mail under the colleague's name and lock the colleague out.
    const ownAddress = caller.username?.trim().toLowerCase() === email || existing?.userOid === caller.oid;
    if (!ownAddress) {
      throw new ConnectRefusedError(
        403,
        `You are signed in as ${caller.username ?? "another account"}, so you can set up sync only for that mailbox, not ${email}. Open Outlook with ${email}'s own account to connect it.`,
      );
    }
    if (existing && existing.access !== "delegated" && existing.state.status !== "disconnected") {
      throw new ConnectRefusedError(409, "Your administrator already syncs this mailbox for you: there is nothing to set up.");
    }
    if (existing?.userOid && existing.userOid !== caller.oid) {
      throw new ConnectRefusedError(409, "This mailbox is connected by another user. Ask them, or support, to disconnect it first.");
    }
    // A mailbox keeps its provider (support may have moved it to Graph, which this consent then asks for); a new one
    // takes its organisation's transport.
    const provider: Provider = existing?.provider ?? (await this.deps.tenants.transport(caller.tid));
    const state = await this.deps.states.create(
      { purpose: "user_connect", tenantId: caller.tid, userOid: caller.oid, mailboxEmail: email, provider },
      stateTtlSeconds,
    );
    const { verifier } = await this.crypto.generatePkceCodes();
    await this.deps.secrets.put({ ownerKind: "connect_state", ownerId: States.ownerId(state), purpose: "pkce_verifier" }, verifier);
    return {
      dialogUrl: `${this.deps.config.http.publicUrl}/api/connect/begin?state=${encodeURIComponent(state)}`,
      expiresAt: new Date(Date.now() + stateTtlSeconds * 1000).toISOString(),
    };
  }

  /** Step 2 (dialog's first page): where to send the browser, or null when the state is unknown, used or expired. */
  async authorizeUrl(state: string): Promise<string | null> {
    const s = await this.deps.states.peek(state, "user_connect");
    if (!s) return null;
    const verifier = await this.deps.secrets.get({ ownerKind: "connect_state", ownerId: States.ownerId(state), purpose: "pkce_verifier" });
    if (!verifier) return null;
    const client = await createConfidentialClient(this.deps.config.microsoft, this.deps.metadata, s.tenantId, this.deps.logger);
    return client.getAuthCodeUrl({
      scopes: [...mailboxScopes(this.deps.config.microsoft, s.provider ?? "ews"), ...signInScopes],
      redirectUri: this.redirectUri,
      state,
      codeChallenge: createHash("sha256").update(verifier).digest("base64url"),
      codeChallengeMethod: "S256",
      loginHint: s.mailboxEmail ?? undefined,
      responseMode: "query",
    });
  }

  /** Step 3 (Entra redirected back): redeem the code, keep the tokens sealed, and say how it went. */
  async complete(query: Record<string, unknown>): Promise<ConnectOutcome> {
    const state = typeof query.state === "string" ? query.state : "";
    const s = state ? await this.deps.states.consume(state, "user_connect") : null;
    const verifierRef = { ownerKind: "connect_state", ownerId: States.ownerId(state), purpose: "pkce_verifier" } as const;
    const verifier = s ? await this.deps.secrets.get(verifierRef) : null;
    if (state) await this.deps.secrets.delete(verifierRef);
    if (!s || !verifier || !s.userOid || !s.mailboxEmail) {
      return { outcome: "error", message: "This sign-in has expired or was already used. Close this window and choose Set up sync again." };
    }
    await this.deps.mailboxes.ensureTenant(s.tenantId);
    const mailboxRow = () =>
      this.deps.mailboxes.upsert({ tenantId: s.tenantId, email: s.mailboxEmail ?? "", userOid: s.userOid, provider: s.provider ?? "ews", access: "delegated" });

    if (typeof query.error === "string") {
      const failure = classifyOAuthError(query.error, typeof query.error_description === "string" ? query.error_description : undefined);
      this.deps.logger.info({ tenantId: s.tenantId, error: query.error, code: failure.code }, "connect ended with an error");
      // A rep who declined has not set anything up: no mailbox row unless a state must be remembered.
      return this.outcomeOf(failure, failure.kind === "attention" ? (await mailboxRow()).id : null, s.tenantId);
    }
    const mailbox = await mailboxRow();
    const code = typeof query.code === "string" ? query.code : "";
    if (!code) return { outcome: "error", message: "Microsoft sent neither a code nor an error back. Close this window and try again." };

    const cache = new MailboxTokenCache(this.deps.secrets, mailbox.id);
    try {
      const client = await createConfidentialClient(this.deps.config.microsoft, this.deps.metadata, s.tenantId, this.deps.logger, cache);
      const result = await client.acquireTokenByCode({
        code,
        codeVerifier: verifier,
        redirectUri: this.redirectUri,
        scopes: [...mailboxScopes(this.deps.config.microsoft, s.provider ?? "ews"), ...signInScopes],
      });
      const claims = (result.idTokenClaims ?? {}) as { oid?: string; tid?: string };
      const account = result.account;
      if (!account || claims.oid !== s.userOid || claims.tid !== s.tenantId) {
        // Someone signed in with another account than the Outlook user who started: keep nothing.
        await this.deps.secrets.delete({ ownerKind: "mailbox", ownerId: mailbox.id, purpose: "msal_cache" });
        return {
          outcome: "error",
          message: `You signed in as ${account?.username ?? "another account"}, not as the owner of ${s.mailboxEmail}. Choose Set up sync again and sign in with this mailbox's account.`,
        };
      }
      await this.deps.mailboxes.markConnected(mailbox.id, { homeAccountId: account.homeAccountId, displayName: account.name ?? null });
      this.deps.logger.info({ mailboxId: mailbox.id, tenantId: s.tenantId }, "mailbox connected");
      return { outcome: "connected", email: s.mailboxEmail };
    } catch (err) {
      const failure = classifyMsalError(err);
      this.deps.logger.warn({ mailboxId: mailbox.id, failure }, "code redemption failed");
      return this.outcomeOf(failure, mailbox.id, s.tenantId);
    }
  }

  private async outcomeOf(failure: ReturnType<typeof classifyOAuthError>, mailboxId: string | null, tenantId: string): Promise<ConnectOutcome> {
    if (failure.kind === "declined") {
      return {
        outcome: "declined",
        message:
          "Access was not allowed, so sync is not set up. If Microsoft said your organisation needs an administrator's approval, send them the link below; otherwise choose Set up sync whenever you are ready.",
        adminConsentUrl: adminConsentLink(this.deps.config, tenantId),
      };
    }
    if (failure.kind === "transient") {
      return { outcome: "error", message: "Microsoft's sign-in service did not answer. Please try again in a minute." };
    }
    if (mailboxId) await this.deps.mailboxes.setState(tenantId, mailboxId, { status: "attention", reason: failure.reason, detail: failure.detail });
    const adminConsentUrl = failure.reason === "admin_approval_required" ? adminConsentLink(this.deps.config, tenantId) : null;
    return { outcome: "attention", reason: failure.reason, remedy: remedyView(failure.reason, "user"), adminConsentUrl };
  }
}
