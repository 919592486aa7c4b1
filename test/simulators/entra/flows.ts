import type { Application, RedirectPlatform } from "./directoryTypes";
import type { PkceChallenge } from "./grantStore";
import { opaqueToken } from "./ids";
import type { ResponseMode } from "./responseDelivery";
import type { RequestedScopes } from "./scopes";
import type { TenantPath } from "./tenantPath";

/**
 * An interactive request in progress between pages (Entra keeps it in the `ctx`/flow token the pages post back).
 * Two kinds: a user authorization (/oauth2/v2.0/authorize) and a tenant-wide admin consent (/adminconsent).
 */

export type Prompt = "login" | "none" | "consent" | "select_account";

interface FlowBase {
  readonly id: string;
  readonly path: TenantPath;
  readonly client: Application;
  readonly redirectUri: string;
  readonly state?: string;
  readonly createdMs: number;
  /** prompt=login or "sign in with another account": credentials must be typed in this flow. */
  needsCredentials: boolean;
  /** The account this flow continues with, once known. */
  chosenUserObjectId?: string;
}

export interface AuthorizeFlow extends FlowBase {
  readonly kind: "authorize";
  readonly platform: RedirectPlatform;
  readonly responseMode: ResponseMode;
  readonly nonce?: string;
  readonly requested: RequestedScopes;
  readonly prompt?: Prompt;
  readonly loginHint?: string;
  readonly challenge?: PkceChallenge;
  /** client_info=1 on the request (MSAL sends it): the response carries client_info. */
  readonly clientInfo: boolean;
  /** prompt=select_account: show the picker once even when SSO could pick. */
  needsAccountPick: boolean;
  /** The consent page was answered with Accept in this flow (so prompt=consent is satisfied). */
  consentDone: boolean;
}

export interface AdminConsentFlow extends FlowBase {
  readonly kind: "adminconsent";
  /** v2.0 endpoint: the scopes asked for (echoed back on success); v1.0 endpoint: the app's static permission list. */
  readonly requested?: { readonly raw: string; readonly scopes: RequestedScopes };
}

export type InteractiveFlow = AuthorizeFlow | AdminConsentFlow;

export class FlowStore {
  private readonly flows = new Map<string, InteractiveFlow>();

  create<F extends InteractiveFlow>(flow: Omit<F, "id">): F {
    const created = { ...flow, id: opaqueToken("", 24) } as F;
    this.flows.set(created.id, created);
    return created;
  }

  get(id: string | undefined): InteractiveFlow | undefined {
    return id ? this.flows.get(id) : undefined;
  }

  finish(id: string): void {
    this.flows.delete(id);
  }
}
