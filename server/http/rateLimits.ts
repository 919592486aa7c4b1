import type { RequestHandler, Response } from "express";
import { rateLimit } from "express-rate-limit";
import type { Database } from "../store/database";
import { SharedRateLimitStore } from "./sharedRateLimitStore";

/**
 * Rate limits on what can be hammered: failed authentications (per client address), and the costly or state-making
 * starts (per signed-in user or organisation). A refused request is a 429 with Retry-After and a sentence saying
 * when to try again. On PostgreSQL the counts are kept in the database, shared by every web process; the embedded
 * store (one process) keeps them in memory.
 */
export interface RateLimits {
  /** Counts only 401 answers under /api: a stolen-token or guessing run, not ordinary traffic. */
  readonly failedAuth: RequestHandler;
  /** "Set up sync" starts, per user: each makes a state and a sealed PKCE verifier. */
  readonly connectStart: RequestHandler;
  /** Admin-consent starts, per client address (the link is opened without a token). */
  readonly adminConsentStart: RequestHandler;
  /** Test connection, per user: each is a real call to Exchange. */
  readonly testConnection: RequestHandler;
  /** Mass activation starts, per organisation: each probes every row. */
  readonly activation: RequestHandler;
}

const userOf = (res: Response): string => {
  const caller = res.locals.caller as { oid?: string; tid?: string } | undefined;
  return `${caller?.tid ?? "?"}:${caller?.oid ?? "?"}`;
};
const tenantOf = (res: Response): string => (res.locals.caller as { tid?: string } | undefined)?.tid ?? "?";

function limiter(
  db: Database | undefined,
  o: { name: string; windowMinutes: number; limit: number; what: string; key?: (res: Response) => string; onlyFailedAuth?: boolean },
): RequestHandler {
  return rateLimit({
    // A database that cannot be reached lets requests through: the limits guard the service, they must not stop it.
    ...(db?.kind === "postgres" ? { store: new SharedRateLimitStore(db, o.name), passOnStoreError: true } : {}),
    windowMs: o.windowMinutes * 60_000,
    limit: o.limit,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    ...(o.key ? { keyGenerator: (_req, res) => (o.key as (r: Response) => string)(res) } : {}),
    ...(o.onlyFailedAuth ? { skipSuccessfulRequests: true, requestWasSuccessful: (_req, res) => res.statusCode !== 401 } : {}),
    handler: (_req, res, _next, options) => {
      const seconds = Number(res.getHeader("Retry-After") ?? Math.ceil(options.windowMs / 1000));
      res.status(429).json({ error: "too_many_requests", message: `Too many ${o.what}; try again in ${seconds} seconds.` });
    },
  });
}

/** `db`: on PostgreSQL the counts are shared through it; otherwise (embedded, or none) they stay in this process. */
export function createRateLimits(db?: Database): RateLimits {
  return {
    failedAuth: limiter(db, { name: "failed_auth", windowMinutes: 5, limit: 50, what: "failed sign-ins from this address", onlyFailedAuth: true }),
    connectStart: limiter(db, { name: "connect_start", windowMinutes: 10, limit: 20, what: "sync set-ups started", key: userOf }),
    adminConsentStart: limiter(db, { name: "admin_consent_start", windowMinutes: 10, limit: 20, what: "admin consents started from this address" }),
    testConnection: limiter(db, { name: "test_connection", windowMinutes: 1, limit: 20, what: "connection tests", key: userOf }),
    activation: limiter(db, { name: "activation", windowMinutes: 10, limit: 30, what: "activations started", key: tenantOf }),
  };
}
