/**
 * Exchange Online bearer tokens (v1 shape for resource https://outlook.office365.com): the checks shared with Graph
 * (EntraTokenGate: signature, lifetime, audience, issuer, tenant), then the grant — `scp` containing
 * EWS.AccessAsUser.All makes a delegated caller, `roles` containing full_access_as_app an application caller. Any
 * refusal is a 401 challenge whose x-ms-diagnostics says why, as Exchange Online's does.
 */
import type { JWTPayload } from "jose";
import type { SimulatedClock } from "../../shared/clock";
import type { BearerTrust, TokenRefusal } from "../../shared/entraTokenGate";
import { EntraTokenGate, tokenAppId, tokenRoles, tokenUpn } from "../../shared/entraTokenGate";
import type { MailboxStore } from "../store/mailboxStore";
import type { HttpRejection } from "./challenge";
import { bearerChallenge } from "./challenge";
import type { Caller } from "./identity";

export type { BearerTrust } from "../../shared/entraTokenGate";

export const EXCHANGE_APP_ID = "00000002-0000-0ff1-ce00-000000000000";
const AUDIENCES = new Set(["https://outlook.office365.com", "https://outlook.office365.com/", "https://outlook.office.com", "https://outlook.office.com/", EXCHANGE_APP_ID]);
const DELEGATED_SCOPE = "EWS.AccessAsUser.All";
const APP_ROLE = "full_access_as_app";

export type BearerOutcome = { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly rejection: HttpRejection };

export class BearerVerifier {
  private readonly gate: EntraTokenGate<Caller>;

  constructor(trust: BearerTrust, clock: SimulatedClock, store: MailboxStore) {
    this.gate = new EntraTokenGate(trust, clock, { audiences: AUDIENCES, knowsTenant: (tid) => !!store.organization(tid), toCaller });
  }

  async verify(authorization: string | undefined): Promise<BearerOutcome> {
    const outcome = await this.gate.check(authorization);
    return outcome.ok ? outcome : { ok: false, rejection: bearerChallenge(diagnostics(outcome.refusal)) };
  }
}

function toCaller(payload: JWTPayload, tid: string): Caller | undefined {
  const appId = tokenAppId(payload);
  const scopes = typeof payload.scp === "string" ? payload.scp.split(" ") : [];
  if (scopes.includes(DELEGATED_SCOPE)) {
    const upn = tokenUpn(payload);
    return upn ? { kind: "delegated", tenantId: tid, upn, appId } : undefined;
  }
  if (tokenRoles(payload).includes(APP_ROLE) && appId) return { kind: "application", tenantId: tid, appId };
  return undefined;
}

/**
 * Exchange Online's x-ms-diagnostics for each refusal (codes and wording as captured; no_grant's are this simulator's).
 * No token at all gets none: the bare challenge, which tells the client where to get one.
 */
function diagnostics(r: TokenRefusal): { code: number; reason: string; category: string } | undefined {
  switch (r.kind) {
    case "missing":
      return undefined;
    case "expired":
      return { code: 2000008, reason: "The token has expired.", category: "expired_token" };
    case "not_yet_valid":
      return { code: 2000008, reason: "The token is not yet valid.", category: "invalid_lifetime" };
    case "bad_signature":
      return { code: 2000000, reason: "The token has an invalid signature.", category: "invalid_signature" };
    case "malformed":
      return { code: 2000001, reason: "OAuth token submitted with the request cannot be parsed.", category: "invalid_token" };
    case "audience":
      return { code: 2000003, reason: `The audience claim value is invalid '${r.claim}'.`, category: "invalid_resource" };
    case "issuer":
      return { code: 2000002, reason: `The issuer claim value is invalid '${r.claim}'.`, category: "invalid_issuer" };
    case "tenant":
      return { code: 2000004, reason: `The tenant for tenant guid '${r.claim}' does not exist.`, category: "invalid_tenant" };
    case "no_grant":
      return { code: 2000005, reason: "The token does not grant EWS access (scp EWS.AccessAsUser.All or role full_access_as_app).", category: "insufficient_claims" };
  }
}
