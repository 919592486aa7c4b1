/**
 * Access tokens (sessions) and refresh tokens. An access token dies after the org's session timeout without use, when
 * revoked, or when a test expires every session; a refresh token lives by its app's refresh-token policy.
 */
import { randomBytes } from "node:crypto";
import type { SimulatedClock } from "../../shared/clock";
import { to15 } from "../ids";
import type { RefreshTokenPolicy } from "./connectedApps";

export interface AccessSession {
  readonly token: string;
  readonly orgId: string;
  readonly userId: string;
  readonly clientId: string;
  readonly issuedAt: number;
  /** The refresh token this session was minted from, if any (revoking it ends the session too). */
  readonly refreshToken: string | null;
  lastUsedAt: number;
  revoked: boolean;
}

export interface RefreshGrant {
  readonly token: string;
  /** Every token rotated out of one approval shares it: reusing a rotated-away token revokes the whole family. */
  readonly family: string;
  readonly orgId: string;
  readonly userId: string;
  readonly clientId: string;
  readonly issuedAt: number;
  lastUsedAt: number;
  revoked: boolean;
  /** Revoked because a newer token replaced it (refresh-token rotation), not by an administrator. */
  rotatedAway: boolean;
}

export class SessionRegistry {
  private readonly sessions = new Map<string, AccessSession>();
  private readonly grants = new Map<string, RefreshGrant>();

  constructor(private readonly clock: SimulatedClock) {}

  issueAccess(orgId: string, userId: string, clientId: string, refreshToken: string | null = null): AccessSession {
    const now = this.clock.now();
    const session: AccessSession = {
      token: `${to15(orgId)}!${randomBytes(72).toString("base64url")}`,
      orgId,
      userId,
      clientId,
      issuedAt: now,
      refreshToken,
      lastUsedAt: now,
      revoked: false,
    };
    this.sessions.set(session.token, session);
    return session;
  }

  issueRefresh(orgId: string, userId: string, clientId: string, family?: string): RefreshGrant {
    const now = this.clock.now();
    const token = `5Aep861${randomBytes(64).toString("base64url")}`;
    const grant: RefreshGrant = {
      token,
      family: family ?? token,
      orgId,
      userId,
      clientId,
      issuedAt: now,
      lastUsedAt: now,
      revoked: false,
      rotatedAway: false,
    };
    this.grants.set(grant.token, grant);
    return grant;
  }

  /** The live session behind a bearer token, touching its inactivity timer; null when unknown, revoked or timed out. */
  authenticate(token: string, timeoutMs: number): AccessSession | null {
    const session = this.sessions.get(token);
    if (!session || session.revoked) return null;
    const now = this.clock.now();
    if (now - session.lastUsedAt >= timeoutMs) {
      session.revoked = true;
      return null;
    }
    session.lastUsedAt = now;
    return session;
  }

  /** Looks a session up without touching it (identity and revoke endpoints). */
  peek(token: string): AccessSession | undefined {
    return this.sessions.get(token);
  }

  /** A usable refresh grant for this app, or null when unknown, revoked, issued to another app, or expired by policy. */
  redeem(token: string, clientId: string, policy: RefreshTokenPolicy): RefreshGrant | null {
    const grant = this.grants.get(token);
    if (grant?.rotatedAway) {
      // Salesforce's refresh-token rotation: "any attempted reuse of an invalidated refresh token results in the
      // immediate revocation of the current refresh token and all associated access tokens".
      this.revokeFamily(grant.family);
      return null;
    }
    if (!grant || grant.revoked || grant.clientId !== clientId) return null;
    const now = this.clock.now();
    const expired =
      (policy.kind === "expire-if-unused" && now - grant.lastUsedAt >= policy.ms) ||
      (policy.kind === "expire-after" && now - grant.issuedAt >= policy.ms);
    if (expired) {
      grant.revoked = true;
      return null;
    }
    grant.lastUsedAt = now;
    return grant;
  }

  /** Replaces a refresh token by a new one of the same family; the old one dies (and its reuse revokes the family). */
  rotate(old: RefreshGrant): RefreshGrant {
    old.revoked = true;
    old.rotatedAway = true;
    return this.issueRefresh(old.orgId, old.userId, old.clientId, old.family);
  }

  /** Revokes every refresh token of a family and every session minted from them. */
  revokeFamily(family: string): void {
    for (const g of this.grants.values()) if (g.family === family) this.revoke(g.token);
  }

  /** Refresh tokens revoked at the revoke endpoint (not by rotation), for tests that check a disconnect revoked. */
  revokedExplicitly(): number {
    let n = 0;
    for (const g of this.grants.values()) if (g.revoked && !g.rotatedAway) n++;
    return n;
  }

  /** Whether the user has approved the app before (holds a live refresh token for it). */
  hasApproval(clientId: string, userId: string): boolean {
    for (const g of this.grants.values()) if (!g.revoked && g.clientId === clientId && g.userId === userId) return true;
    return false;
  }

  /** Revokes an access or refresh token; revoking a refresh token also ends the sessions minted from it. */
  revoke(token: string): boolean {
    const session = this.sessions.get(token);
    if (session) {
      session.revoked = true;
      return true;
    }
    const grant = this.grants.get(token);
    if (!grant) return false;
    grant.revoked = true;
    for (const s of this.sessions.values()) if (s.refreshToken === token) s.revoked = true;
    return true;
  }

  /** Ends every live session (of one org, or all), as a password change or an admin's "revoke sessions" would. */
  expireSessions(orgId?: string): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (s.revoked || (orgId !== undefined && s.orgId !== orgId)) continue;
      s.revoked = true;
      n++;
    }
    return n;
  }

  /** Revokes refresh tokens (of one org, or all). */
  revokeRefreshTokens(orgId?: string): number {
    let n = 0;
    for (const g of this.grants.values()) {
      if (g.revoked || (orgId !== undefined && g.orgId !== orgId)) continue;
      this.revoke(g.token);
      n++;
    }
    return n;
  }
}
