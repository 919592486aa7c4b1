/**
 * Graph access tokens: the checks shared with Exchange (EntraTokenGate: RS256 against the Entra simulator's keys,
 * lifetime, `aud` Microsoft Graph by URI or app id, a v1 issuer naming the token's tenant, a tenant the mailbox store
 * knows), then the grant: delegated `scp` or app-only `roles`. Every refusal is 401 InvalidAuthenticationToken; a token
 * without the permission a route needs is a 403 decided by the route (permissions.ts).
 */
import type { JWTPayload } from "jose";
import type { MailboxStore } from "../exchange/store/mailboxStore";
import type { SimulatedClock } from "../shared/clock";
import type { BearerTrust, TokenRefusal } from "../shared/entraTokenGate";
import { EntraTokenGate, tokenAppId, tokenRoles, tokenUpn } from "../shared/entraTokenGate";
import { graphErrors } from "./errors";

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const AUDIENCES = new Set(["https://graph.microsoft.com", "https://graph.microsoft.com/", GRAPH_APP_ID]);

export type GraphCaller =
  | { readonly kind: "delegated"; readonly tenantId: string; readonly appId: string; readonly upn: string; readonly oid: string | undefined; readonly scopes: ReadonlySet<string> }
  | { readonly kind: "application"; readonly tenantId: string; readonly appId: string; readonly roles: ReadonlySet<string> };

export class GraphTokenVerifier {
  private readonly gate: EntraTokenGate<GraphCaller>;

  constructor(trust: BearerTrust, clock: SimulatedClock, store: MailboxStore) {
    this.gate = new EntraTokenGate(trust, clock, { audiences: AUDIENCES, knowsTenant: (tid) => !!store.organization(tid), toCaller });
  }

  /** Throws GraphError 401 when the token cannot be used at all. */
  async verify(authorization: string | undefined): Promise<GraphCaller> {
    const outcome = await this.gate.check(authorization);
    if (!outcome.ok) throw graphErrors.unauthenticated(message(outcome.refusal));
    return outcome.caller;
  }
}

function toCaller(payload: JWTPayload, tenantId: string): GraphCaller | undefined {
  const appId = tokenAppId(payload) ?? "";
  if (typeof payload.scp === "string") {
    const upn = tokenUpn(payload);
    if (!upn) return undefined;
    const oid = typeof payload.oid === "string" ? payload.oid : undefined;
    return { kind: "delegated", tenantId, appId, upn, oid, scopes: new Set(payload.scp.split(" ").filter(Boolean)) };
  }
  // Entra issues an app-only token without `roles` when nothing was consented; such a caller may do nothing (403 later).
  if (!appId) return undefined;
  return { kind: "application", tenantId, appId, roles: new Set(tokenRoles(payload)) };
}

/** Graph's wording for each refusal (IDX14100 is the .NET token handler's, as Graph shows it). */
function message(r: TokenRefusal): string {
  switch (r.kind) {
    case "missing":
      return "Access token is empty.";
    case "expired":
      return "Lifetime validation failed, the token is expired.";
    case "not_yet_valid":
      return "Lifetime validation failed, the token is not yet valid.";
    case "bad_signature":
      return "Access token validation failure. Invalid signature.";
    case "malformed":
      return "IDX14100: JWT is not well formed.";
    case "audience":
      return "Access token validation failure. Invalid audience.";
    case "issuer":
      return "Access token validation failure. Invalid issuer.";
    case "tenant":
      return "Access token validation failure. Invalid tenant.";
    case "no_grant":
      return "Access token validation failure. The token has neither scp nor roles.";
  }
}
