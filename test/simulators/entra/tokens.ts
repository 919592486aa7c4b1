import { randomBytes } from "node:crypto";
import { SignJWT, type JWTPayload } from "jose";
import type { SimulatedClock } from "../shared/clock";
import type { Application, TokenVersion, User } from "./directoryTypes";
import { pairwiseSubject, servicePrincipalObjectId } from "./ids";
import { issuerV1, issuerV2, type SimulatorOrigin } from "./issuers";
import type { SigningKeys } from "./keys";

/**
 * Mints the JWTs Entra issues. The access token's format is chosen by the *resource* (its accessTokenAcceptedVersion),
 * not by the endpoint the client called: Graph and Exchange Online take v1.0 tokens even from the v2.0 endpoint, our
 * own API asks for v2.0 (access-token-claims-reference.md). ID tokens from the v2.0 endpoint are v2.0.
 *
 * Times: like real Entra, `iat`/`nbf` are backdated five minutes to absorb clock skew; `exp` is now + lifetime.
 */

/** How the client authenticated: `appidacr`/`azpacr` = 0 public, 1 secret, 2 certificate. */
export type ClientAuthMethod = 0 | 1 | 2;

export interface TokenLifetimes {
  /** expires_in of delegated access tokens (Entra's default is 60-90 minutes; responses show 3599 and the like). */
  accessTokenSeconds: number;
  /** expires_in of app-only tokens. */
  appOnlyAccessTokenSeconds: number;
  idTokenSeconds: number;
}

export const defaultLifetimes: TokenLifetimes = { accessTokenSeconds: 3599, appOnlyAccessTokenSeconds: 3599, idTokenSeconds: 3600 };

export interface MintedToken {
  readonly token: string;
  readonly claims: JWTPayload;
  readonly expiresIn: number;
  readonly version: TokenVersion;
}

const skewSeconds = 300;
/** Object id of the Global Administrator role template: the `wids` claim of admins. */
const globalAdministratorRoleTemplateId = "62e90394-69f5-4237-9190-012177145e10";

function opaqueClaim(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

export interface DelegatedTokenInput {
  readonly resource: Application;
  /** As the client named the resource: v1.0 `aud` (https://outlook.office365.com, or the GUID). */
  readonly audience: string;
  readonly tenantId: string;
  readonly client: Application;
  readonly clientAuth: ClientAuthMethod;
  readonly user: User;
  readonly scopes: readonly string[];
  readonly sessionId: string;
  readonly mfa: boolean;
  /** The user's app roles on the resource (Sync.Admin…). */
  readonly roles: readonly string[];
}

export interface AppOnlyTokenInput {
  readonly resource: Application;
  readonly audience: string;
  readonly tenantId: string;
  readonly client: Application;
  readonly clientAuth: ClientAuthMethod;
  readonly roles: readonly string[];
}

export interface IdTokenInput {
  readonly client: Application;
  readonly tenantId: string;
  readonly user: User;
  readonly oidcScopes: readonly string[];
  readonly nonce?: string;
  readonly sessionId: string;
  readonly roles: readonly string[];
}

export class TokenMinter {
  constructor(
    private readonly keys: SigningKeys,
    private readonly clock: SimulatedClock,
    private readonly origin: SimulatorOrigin,
    readonly lifetimes: TokenLifetimes,
  ) {}

  private times(lifetime: number) {
    const now = this.clock.nowSeconds();
    return { iat: now - skewSeconds, nbf: now - skewSeconds, exp: now + lifetime };
  }

  private async sign(claims: JWTPayload, version: TokenVersion): Promise<string> {
    const key = this.keys.active;
    // v1.0 tokens carry x5t as well as kid (legacy, same value); v2.0 tokens only kid.
    const header = version === 1 ? { typ: "JWT", alg: "RS256", x5t: key.kid, kid: key.kid } : { typ: "JWT", alg: "RS256", kid: key.kid };
    return new SignJWT(claims).setProtectedHeader(header).sign(key.privateKey);
  }

  async delegatedAccessToken(input: DelegatedTokenInput): Promise<MintedToken> {
    const version = input.resource.accessTokenAcceptedVersion;
    const lifetime = this.lifetimes.accessTokenSeconds;
    const roles = [...new Set(input.roles)];
    const common = {
      ...this.times(lifetime),
      aio: opaqueClaim(48),
      name: input.user.displayName,
      oid: input.user.objectId,
      rh: `1.A${opaqueClaim(36)}`,
      scp: input.scopes.join(" "),
      sid: input.sessionId,
      sub: pairwiseSubject(input.user.objectId, input.resource.appId),
      tid: input.tenantId,
      uti: opaqueClaim(16),
      ...(roles.length > 0 ? { roles } : {}),
      ...(input.user.isAdmin ? { wids: [globalAdministratorRoleTemplateId] } : {}),
    };
    const claims: JWTPayload =
      version === 1
        ? {
            aud: input.audience,
            iss: issuerV1(this.origin, input.tenantId),
            acr: "1",
            amr: input.mfa ? ["pwd", "mfa"] : ["pwd"],
            app_displayname: input.client.displayName,
            appid: input.client.appId,
            appidacr: String(input.clientAuth),
            ...(input.user.surname ? { family_name: input.user.surname } : {}),
            ...(input.user.givenName ? { given_name: input.user.givenName } : {}),
            idtyp: "user",
            ipaddr: "127.0.0.1",
            unique_name: input.user.userPrincipalName,
            upn: input.user.userPrincipalName,
            ...common,
            ver: "1.0",
          }
        : {
            // v2.0: `aud` is always the API's client id (access-token-claims-reference.md).
            aud: input.resource.appId,
            iss: issuerV2(this.origin, input.tenantId),
            azp: input.client.appId,
            azpacr: String(input.clientAuth),
            preferred_username: input.user.userPrincipalName,
            ...common,
            ver: "2.0",
          };
    return { token: await this.sign(claims, version), claims, expiresIn: lifetime, version };
  }

  async appOnlyAccessToken(input: AppOnlyTokenInput): Promise<MintedToken> {
    const version = input.resource.accessTokenAcceptedVersion;
    const lifetime = this.lifetimes.appOnlyAccessTokenSeconds;
    const spId = servicePrincipalObjectId(input.tenantId, input.client.appId);
    const common = {
      ...this.times(lifetime),
      aio: opaqueClaim(48),
      idtyp: "app",
      oid: spId,
      rh: `1.A${opaqueClaim(36)}`,
      // Without admin-granted application permissions Entra still issues the token, just without `roles`
      // (v2-oauth2-client-creds-grant-flow.md "Controlling tokens without the roles claim").
      ...(input.roles.length > 0 ? { roles: [...input.roles] } : {}),
      sub: spId,
      tid: input.tenantId,
      uti: opaqueClaim(16),
    };
    const claims: JWTPayload =
      version === 1
        ? {
            aud: input.audience,
            iss: issuerV1(this.origin, input.tenantId),
            app_displayname: input.client.displayName,
            appid: input.client.appId,
            appidacr: String(input.clientAuth),
            idp: issuerV1(this.origin, input.tenantId),
            ...common,
            ver: "1.0",
          }
        : {
            aud: input.resource.appId,
            iss: issuerV2(this.origin, input.tenantId),
            azp: input.client.appId,
            azpacr: String(input.clientAuth),
            ...common,
            ver: "2.0",
          };
    return { token: await this.sign(claims, version), claims, expiresIn: lifetime, version };
  }

  async idToken(input: IdTokenInput): Promise<MintedToken> {
    const profile = input.oidcScopes.includes("profile");
    const claims: JWTPayload = {
      aud: input.client.appId,
      iss: issuerV2(this.origin, input.tenantId),
      ...this.times(this.lifetimes.idTokenSeconds),
      aio: opaqueClaim(48),
      ...(input.oidcScopes.includes("email") && input.user.mail ? { email: input.user.mail } : {}),
      ...(profile ? { name: input.user.displayName, preferred_username: input.user.userPrincipalName } : {}),
      ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
      oid: input.user.objectId,
      rh: `1.A${opaqueClaim(36)}`,
      ...(input.roles.length > 0 ? { roles: [...input.roles] } : {}),
      sid: input.sessionId,
      sub: pairwiseSubject(input.user.objectId, input.client.appId),
      tid: input.tenantId,
      uti: opaqueClaim(16),
      ver: "2.0",
    };
    return { token: await this.sign(claims, 2), claims, expiresIn: this.lifetimes.idTokenSeconds, version: 2 };
  }
}
