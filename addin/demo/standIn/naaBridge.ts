import type { BrokerRequest, BrokerToken } from "./tokenBroker";
import { BrokerError, TokenBroker } from "./tokenBroker";

/**
 * window.nestedAppAuthBridge as Outlook provides it to a nested app: MSAL's nestable client posts JSON requests
 * (GetInitContext, GetToken, GetTokenPopup) and listens for JSON responses with the same requestId. Tokens come from the
 * demo's broker (tokenBroker.ts).
 */
interface BridgeRequest {
  readonly method: string;
  readonly requestId: string;
  readonly tokenParams?: { clientId: string; authority?: string; scope: string; forceRefresh?: boolean };
}

export interface NaaBridgeOptions {
  readonly loginHint: string;
  /** The authority when MSAL names none (the pane's configured one, from /api/config). */
  defaultAuthority(): Promise<string>;
  /** Records each request, for tests that tell NAA from the dialog fallback. */
  readonly log: string[];
}

function accountOf(token: BrokerToken, authority: string) {
  const c = token.claims;
  const oid = String(c.oid ?? "");
  const tid = String(c.tid ?? "");
  return {
    homeAccountId: `${oid}.${tid}`,
    environment: new URL(authority).host,
    tenantId: tid,
    username: String(c.preferred_username ?? ""),
    localAccountId: oid,
    name: typeof c.name === "string" ? c.name : undefined,
    idToken: token.idToken,
    idTokenClaims: c,
  };
}

export function createNaaBridge(win: Window, options: NaaBridgeOptions) {
  const broker = new TokenBroker(win);
  const listeners: ((response: string) => void)[] = [];
  const reply = (payload: unknown) => setTimeout(() => listeners.forEach((l) => l(JSON.stringify(payload))), 0);

  async function answer(request: BridgeRequest): Promise<unknown> {
    if (request.method === "GetInitContext") {
      return { initContext: { sdkName: "crm-sync-demo-outlook", sdkVersion: "1.0.0", capabilities: { queryAccount: false } } };
    }
    const params = request.tokenParams;
    if (!params || (request.method !== "GetToken" && request.method !== "GetTokenPopup")) {
      throw new BrokerError("PERSISTENT_ERROR", "unsupported", `The demo Outlook does not support ${request.method}.`);
    }
    const authority = params.authority || (await options.defaultAuthority());
    const req: BrokerRequest = { clientId: params.clientId, authority, scope: params.scope, loginHint: options.loginHint };
    options.log.push(request.method === "GetToken" ? "naa-silent" : "naa-popup");
    const token = request.method === "GetToken" ? await broker.silent(req, params.forceRefresh === true) : await broker.interactive(req);
    return {
      token: { access_token: token.accessToken, expires_in: token.expiresIn, id_token: token.idToken, properties: null, scope: token.scope, authority },
      account: accountOf(token, authority),
    };
  }

  return {
    addEventListener(_type: string, listener: (response: string) => void) {
      listeners.push(listener);
    },
    removeEventListener(_type: string, listener: (response: string) => void) {
      const i = listeners.indexOf(listener);
      if (i >= 0) listeners.splice(i, 1);
    },
    postMessage(message: string) {
      const request = JSON.parse(message) as BridgeRequest;
      answer(request).then(
        (result) => reply({ messageType: "NestedAppAuthResponse", requestId: request.requestId, success: true, ...(result as object) }),
        (err: unknown) => {
          const e = err instanceof BrokerError ? err : new BrokerError("PERSISTENT_ERROR", "error", (err as Error).message);
          reply({ messageType: "NestedAppAuthResponse", requestId: request.requestId, success: false, error: { status: e.status, code: e.code, description: e.message } });
        },
      );
    },
  };
}
