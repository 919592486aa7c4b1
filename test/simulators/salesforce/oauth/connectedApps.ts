/**
 * Connected apps (External Client Apps): the OAuth clients the simulated login host knows — consumer key and secret,
 * callback URLs, the certificate that signs JWT bearer assertions, who may use the app, the client-credentials run-as
 * user and the refresh-token policy.
 */
import type { KeyObject } from "node:crypto";
import { createPublicKey, randomBytes, X509Certificate } from "node:crypto";

/** "all": users self-authorize (a JWT needs a prior approval); "admin-approved": only pre-authorized users may connect. */
export type PermittedUsers = "all" | "admin-approved";

/** How long refresh tokens live (Salesforce's "Refresh Token Policy"). */
export type RefreshTokenPolicy =
  | { readonly kind: "until-revoked" }
  | { readonly kind: "expire-if-unused"; readonly ms: number }
  | { readonly kind: "expire-after"; readonly ms: number };

export interface ConnectedAppSpec {
  readonly name?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly callbackUrls?: readonly string[];
  /** PEM X.509 certificate (or SPKI public key) whose private key signs JWT bearer assertions. */
  readonly certificatePem?: string;
  readonly permittedUsers?: PermittedUsers;
  /** Usernames pre-authorized by an administrator (profiles/permission sets in the real product). */
  readonly preAuthorizedUsernames?: readonly string[];
  /** Enables the client-credentials flow, running as this user. */
  readonly clientCredentialsUsername?: string;
  readonly scopes?: readonly string[];
  readonly refreshTokenPolicy?: RefreshTokenPolicy;
  /** Whether the refresh-token flow must present the consumer secret (Salesforce's default: yes). */
  readonly requireSecretForRefresh?: boolean;
  /** "Enable Refresh Token Rotation": every refresh returns a new refresh token and kills the old one. */
  readonly rotateRefreshTokens?: boolean;
  /** "Require PKCE": an authorization request without code_challenge is refused. */
  readonly requirePkce?: boolean;
}

export interface ConnectedApp {
  readonly name: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly callbackUrls: readonly string[];
  readonly publicKey: KeyObject | null;
  readonly permittedUsers: PermittedUsers;
  readonly preAuthorizedUsernames: ReadonlySet<string>;
  readonly clientCredentialsUsername: string | null;
  readonly scopes: readonly string[];
  readonly refreshTokenPolicy: RefreshTokenPolicy;
  readonly requireSecretForRefresh: boolean;
  readonly rotateRefreshTokens: boolean;
  readonly requirePkce: boolean;
}

function readPublicKey(pem: string): KeyObject {
  return pem.includes("BEGIN CERTIFICATE") ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

function consumerKey(): string {
  return `3MVG9${randomBytes(60).toString("base64url").slice(0, 80)}`;
}

export class ConnectedApps {
  private readonly apps = new Map<string, ConnectedApp>();

  register(spec: ConnectedAppSpec): ConnectedApp {
    const clientId = spec.clientId ?? consumerKey();
    if (this.apps.has(clientId)) throw new RangeError(`a connected app with client id ${clientId} already exists`);
    const app: ConnectedApp = {
      name: spec.name ?? "Simulated Connected App",
      clientId,
      clientSecret: spec.clientSecret ?? randomBytes(32).toString("hex").toUpperCase(),
      callbackUrls: spec.callbackUrls ?? [],
      publicKey: spec.certificatePem ? readPublicKey(spec.certificatePem) : null,
      permittedUsers: spec.permittedUsers ?? "all",
      preAuthorizedUsernames: new Set((spec.preAuthorizedUsernames ?? []).map((u) => u.toLowerCase())),
      clientCredentialsUsername: spec.clientCredentialsUsername ?? null,
      scopes: spec.scopes ?? ["api", "refresh_token", "offline_access"],
      refreshTokenPolicy: spec.refreshTokenPolicy ?? { kind: "until-revoked" },
      requireSecretForRefresh: spec.requireSecretForRefresh ?? true,
      rotateRefreshTokens: spec.rotateRefreshTokens ?? false,
      requirePkce: spec.requirePkce ?? false,
    };
    this.apps.set(clientId, app);
    return app;
  }

  get(clientId: string): ConnectedApp | undefined {
    return this.apps.get(clientId);
  }

  all(): readonly ConnectedApp[] {
    return [...this.apps.values()];
  }
}
