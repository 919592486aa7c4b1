import type { RedirectPlatform } from "./directoryTypes";
import { opaqueToken } from "./ids";
import type { RequestedScopes } from "./scopes";
import type { Sequence } from "./sequence";

/**
 * Authorization codes and refresh tokens: opaque strings whose meaning lives here, as at the real service.
 *   - codes: single use, about 10 minutes (v2-oauth2-auth-code-flow.md), bound to client, redirect URI, PKCE
 *     challenge, requested scopes and the signed-in user;
 *   - refresh tokens: 90 days of inactivity for web/native apps, a fixed 24 hours for SPAs, carried over on
 *     redemption; every redemption returns a new one and the old one keeps working (refresh-tokens.md: "not revoked
 *     when used"), until the user's tokens are revoked.
 */

export const authorizationCodeLifetimeMs = 10 * 60 * 1000;
export const refreshTokenInactivityMs = 90 * 24 * 3600 * 1000;
export const spaRefreshTokenLifetimeMs = 24 * 3600 * 1000;

export interface PkceChallenge {
  readonly value: string;
  readonly method: "S256" | "plain";
}

/** The signed-in session a code or refresh token descends from. */
export interface SignInFacts {
  /** Order of issue (sequence.ts): revocation compares against it. */
  readonly seq: number;
  readonly userObjectId: string;
  readonly tenantId: string;
  readonly sessionId: string;
  readonly mfa: boolean;
}

export interface AuthorizationCode extends SignInFacts {
  readonly code: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly platform: RedirectPlatform;
  readonly challenge?: PkceChallenge;
  readonly requested: RequestedScopes;
  readonly nonce?: string;
  readonly issuedMs: number;
  readonly expiresMs: number;
  redeemed: boolean;
}

export interface RefreshToken extends SignInFacts {
  readonly token: string;
  readonly clientId: string;
  readonly platform: RedirectPlatform;
  readonly issuedMs: number;
  /** 90 days after issue for web/native; for SPAs the first token's issue + 24 h, inherited by every successor. */
  readonly expiresMs: number;
  /** When the chain of SPA tokens started (for the AADSTS700084 message). */
  readonly chainStartedMs: number;
  /** What the original authorization asked for: the default when a refresh request names no scope. */
  readonly requested: RequestedScopes;
}

export class GrantStore {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly refreshTokens = new Map<string, RefreshToken>();

  constructor(private readonly sequence: Sequence) {}

  issueCode(input: Omit<AuthorizationCode, "code" | "expiresMs" | "redeemed" | "seq">): AuthorizationCode {
    const record: AuthorizationCode = {
      ...input,
      seq: this.sequence.next(),
      code: opaqueToken("1.A", 96),
      expiresMs: input.issuedMs + authorizationCodeLifetimeMs,
      redeemed: false,
    };
    this.codes.set(record.code, record);
    return record;
  }

  code(value: string): AuthorizationCode | undefined {
    return this.codes.get(value);
  }

  issueRefreshToken(
    input: Omit<SignInFacts, "seq"> & { clientId: string; platform: RedirectPlatform; issuedMs: number; requested: RequestedScopes; predecessor?: RefreshToken },
  ): RefreshToken {
    const chainStartedMs = input.predecessor?.chainStartedMs ?? input.issuedMs;
    const expiresMs =
      input.platform === "spa" ? chainStartedMs + spaRefreshTokenLifetimeMs : input.issuedMs + refreshTokenInactivityMs;
    const record: RefreshToken = {
      seq: this.sequence.next(),
      token: opaqueToken("1.A", 192),
      clientId: input.clientId,
      platform: input.platform,
      userObjectId: input.userObjectId,
      tenantId: input.tenantId,
      sessionId: input.sessionId,
      mfa: input.mfa,
      issuedMs: input.issuedMs,
      expiresMs,
      chainStartedMs,
      requested: input.requested,
    };
    this.refreshTokens.set(record.token, record);
    return record;
  }

  refreshToken(value: string): RefreshToken | undefined {
    return this.refreshTokens.get(value);
  }
}
