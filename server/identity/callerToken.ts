import type { JWTPayload, JWTVerifyGetKey } from "jose";
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify } from "jose";
import { apiScopeName } from "./scopes";

/** Who calls the API: an Entra user, identified by object id + tenant id, with the app roles their admin assigned. */
export interface Caller {
  readonly oid: string;
  readonly tid: string;
  readonly name: string | null;
  readonly username: string | null;
  readonly roles: readonly AppRole[];
}

export const appRoles = ["Sync.Admin", "Sync.Support"] as const;
export type AppRole = (typeof appRoles)[number];

export class UnauthorizedError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = "UnauthorizedError";
  }
}

export interface CallerTokenOptions {
  readonly authorityHost: string;
  readonly clientId: string;
  /** "organizations"/"common" accept any tenant; a tenant id accepts only that tenant. */
  readonly tenant: string;
  /** Overridable for tests; by default the authority's signing keys, shared by every tenant. */
  readonly keys?: JWTVerifyGetKey;
}

/**
 * Checks a bearer token the sidebar or console sent: an Entra v2.0 access token for this API's scope, signed by a key
 * from the authority's JWKS, issued by the caller's own tenant, for our audience, not expired. ID tokens are refused
 * (they carry no scp), as are tokens for other APIs.
 */
export class CallerTokenVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly audiences: string[];

  constructor(private readonly options: CallerTokenOptions) {
    this.keys = options.keys ?? createRemoteJWKSet(new URL(`${options.authorityHost}/common/discovery/v2.0/keys`), { cooldownDuration: 30_000 });
    this.audiences = [options.clientId, `api://${options.clientId}`];
  }

  async verify(authorization: string | undefined): Promise<Caller> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!token) throw new UnauthorizedError("send an Entra access token for this API as 'Authorization: Bearer <token>'");
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new UnauthorizedError("the bearer token is not a JWT");
    }
    const tid = typeof unverified.tid === "string" ? unverified.tid : "";
    if (!/^[0-9a-f-]{36}$/i.test(tid)) throw new UnauthorizedError("the token names no tenant (tid)");
    const singleTenant = !["organizations", "common"].includes(this.options.tenant);
    if (singleTenant && tid !== this.options.tenant) throw new UnauthorizedError("the token is from a tenant this server does not serve");

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: ["RS256"],
        issuer: `${this.options.authorityHost}/${tid}/v2.0`,
        audience: this.audiences,
        clockTolerance: 60,
      }));
    } catch (err) {
      throw new UnauthorizedError(describeJoseError(err));
    }
    const scopes = typeof payload.scp === "string" ? payload.scp.split(" ") : [];
    if (!scopes.includes(apiScopeName)) {
      throw new UnauthorizedError(
        payload.scp === undefined ? "an access token for this API is required (ID tokens and app-only tokens are refused)" : `the token lacks the ${apiScopeName} scope`,
      );
    }
    // The sidebar and console sign in as our own app (NAA and MSAL.js use its client id); a token another app obtained
    // for our scope (v2 azp, v1 appid) is refused, so a third-party app a user consented to cannot act as them here.
    const client = typeof payload.azp === "string" ? payload.azp : typeof payload.appid === "string" ? payload.appid : "";
    if (client.toLowerCase() !== this.options.clientId.toLowerCase()) throw new UnauthorizedError("the token was issued to a client app this API does not accept (azp)");
    const oid = typeof payload.oid === "string" ? payload.oid : "";
    if (!oid) throw new UnauthorizedError("the token names no user (oid)");
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is AppRole => (appRoles as readonly string[]).includes(r as string)) : [];
    return {
      oid,
      tid,
      name: typeof payload.name === "string" ? payload.name : null,
      username: typeof payload.preferred_username === "string" ? payload.preferred_username : null,
      roles,
    };
  }
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return "the token has expired";
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${err.claim} claim is not accepted here`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return "the token's signature is not valid";
  if (err instanceof joseErrors.JWKSNoMatchingKey) return "the token is not signed by a key of the authority";
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return "the token's signing algorithm is not accepted";
  return "the token could not be verified";
}
