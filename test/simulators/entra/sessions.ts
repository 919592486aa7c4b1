import type { Request, Response } from "express";
import type { User } from "./directoryTypes";
import { newGuid, opaqueToken } from "./ids";
import type { Sequence } from "./sequence";

/**
 * Browser sign-in sessions (Entra's ESTSAUTH cookie): which accounts this browser has signed in, when, and whether
 * with MFA. They give single sign-on, the account picker, `prompt=none`, and are cut short by revoke-sessions.
 */

export const sessionCookieName = "ESTSAUTH";

export interface SessionAccount {
  /** Order of sign-in (sequence.ts), compared with revocations. */
  readonly seq: number;
  readonly userObjectId: string;
  readonly tenantId: string;
  /** `sid` claim: one per sign-in. */
  readonly sessionId: string;
  readonly authTimeMs: number;
  mfa: boolean;
}

export interface BrowserSession {
  readonly id: string;
  accounts: SessionAccount[];
}

export class SessionStore {
  private readonly sessions = new Map<string, BrowserSession>();

  constructor(private readonly sequence: Sequence) {}

  /** The browser's session, created (and the cookie set) on first use. */
  forRequest(req: Request, res: Response): BrowserSession {
    const existing = this.fromCookie(req);
    if (existing) return existing;
    const session: BrowserSession = { id: opaqueToken("", 32), accounts: [] };
    this.sessions.set(session.id, session);
    // SameSite=None: the cookie must ride along on the cross-site top-level redirects and form posts of OAuth.
    res.cookie(sessionCookieName, session.id, { httpOnly: true, secure: true, sameSite: "none", path: "/" });
    return session;
  }

  fromCookie(req: Request): BrowserSession | undefined {
    const id = readCookie(req, sessionCookieName);
    return id ? this.sessions.get(id) : undefined;
  }

  signIn(session: BrowserSession, user: User, nowMs: number, mfa: boolean): SessionAccount {
    const account: SessionAccount = { seq: this.sequence.next(), userObjectId: user.objectId, tenantId: user.tenantId, sessionId: newGuid(), authTimeMs: nowMs, mfa };
    session.accounts = [account, ...session.accounts.filter((a) => a.userObjectId !== user.objectId)];
    return account;
  }

  signOutEverywhere(session: BrowserSession): void {
    session.accounts = [];
  }
}

function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}
