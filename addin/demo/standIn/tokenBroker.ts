/**
 * The demo Outlook's token broker: what Outlook does for a nested app when the pane asks for a token. Outlook signs
 * the rep in to Entra ID for the add-in's client id (with its brk-multihub redirect URI); the demo has no native
 * broker, so it runs the same authorization-code flow with PKCE in a popup, landing on /demo/broker.html (registered
 * as a SPA redirect URI of the demo's app), and keeps the refresh token for this browser tab only.
 */
export interface BrokerRequest {
  readonly clientId: string;
  readonly authority: string;
  readonly scope: string;
  readonly loginHint?: string;
}

export interface BrokerToken {
  readonly accessToken: string;
  readonly idToken: string;
  readonly expiresIn: number;
  readonly scope: string;
  readonly claims: Record<string, unknown>;
}

/** Why the broker could not answer, in the words of the NAA bridge (BridgeStatusCode). */
export class BrokerError extends Error {
  constructor(
    readonly status: "USER_INTERACTION_REQUIRED" | "USER_CANCEL" | "PERSISTENT_ERROR" | "TRANSIENT_ERROR",
    readonly code: string,
    description: string,
  ) {
    super(description);
  }
}

export const brokerRedirectPath = "/demo/broker.html";
export const brokerMessageTag = "crm-sync-demo-broker";
const standardScopes = "openid profile offline_access";

const b64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

function randomText(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return b64url(bytes);
}

export function jwtClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split(".")[1] ?? "";
  const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(decodeURIComponent(escape(json))) as Record<string, unknown>;
}

interface Held {
  readonly refreshToken: string | null;
  readonly token: BrokerToken;
  readonly expiresAt: number;
}

/**
 * Holds what Entra ID gave for this browser tab (sessionStorage, shared by the demo page and the pane's frame), so a
 * reloaded pane signs in silently, as a pane in Outlook does.
 */
export class TokenBroker {
  private readonly held = {
    get: (key: string): Held | undefined => {
      try {
        const raw = this.win.sessionStorage.getItem(key);
        return raw ? (JSON.parse(raw) as Held) : undefined;
      } catch {
        return undefined;
      }
    },
    set: (key: string, value: Held) => this.win.sessionStorage.setItem(key, JSON.stringify(value)),
    delete: (key: string) => this.win.sessionStorage.removeItem(key),
  };

  constructor(private readonly win: Window) {}

  private key(req: BrokerRequest) {
    return `demoOutlook.naa.${req.authority}|${req.clientId}|${req.scope}`;
  }

  /** A held token, or one refreshed with the held refresh token; else the rep must sign in (popup). */
  async silent(req: BrokerRequest, forceRefresh = false): Promise<BrokerToken> {
    const held = this.held.get(this.key(req));
    if (held && !forceRefresh && held.expiresAt - Date.now() > 5 * 60_000) return held.token;
    if (!held?.refreshToken) throw new BrokerError("USER_INTERACTION_REQUIRED", "no_tokens_found", "Sign-in is needed.");
    return this.redeem(req, { grant_type: "refresh_token", refresh_token: held.refreshToken });
  }

  async interactive(req: BrokerRequest): Promise<BrokerToken> {
    const verifier = randomText();
    const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    const state = randomText();
    const redirectUri = `${this.win.location.origin}${brokerRedirectPath}`;
    const url = new URL(`${req.authority.replace(/\/+$/, "")}/oauth2/v2.0/authorize`);
    const params: Record<string, string> = {
      client_id: req.clientId,
      response_type: "code",
      redirect_uri: redirectUri,
      response_mode: "query",
      scope: `${req.scope} ${standardScopes}`,
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
      ...(req.loginHint ? { login_hint: req.loginHint } : {}),
    };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const answer = await this.popup(url.toString());
    if (answer.get("state") !== state) throw new BrokerError("PERSISTENT_ERROR", "state_mismatch", "The sign-in answer was not for this request.");
    const error = answer.get("error");
    if (error) {
      const description = answer.get("error_description") ?? error;
      throw new BrokerError(error === "access_denied" ? "USER_CANCEL" : "PERSISTENT_ERROR", error, description);
    }
    const code = answer.get("code");
    if (!code) throw new BrokerError("PERSISTENT_ERROR", "no_code", "Entra ID sent no authorization code.");
    return this.redeem(req, { grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier });
  }

  private popup(url: string): Promise<URLSearchParams> {
    const popup = this.win.open(url, "crm-sync-demo-broker", "popup,width=480,height=640");
    if (!popup) return Promise.reject(new BrokerError("USER_CANCEL", "popup_blocked", "The sign-in window was blocked."));
    return new Promise((resolve, reject) => {
      const onMessage = (e: MessageEvent) => {
        const data = e.data as { tag?: string; search?: string } | null;
        if (e.origin !== this.win.location.origin || e.source !== popup || data?.tag !== brokerMessageTag) return;
        done();
        popup.close();
        resolve(new URLSearchParams(data.search ?? ""));
      };
      const watch = setInterval(() => {
        if (!popup.closed) return;
        done();
        reject(new BrokerError("USER_CANCEL", "user_cancelled", "The sign-in window was closed."));
      }, 200);
      const done = () => {
        clearInterval(watch);
        this.win.removeEventListener("message", onMessage);
      };
      this.win.addEventListener("message", onMessage);
    });
  }

  private async redeem(req: BrokerRequest, grant: Record<string, string>): Promise<BrokerToken> {
    const body = new URLSearchParams({ client_id: req.clientId, scope: `${req.scope} ${standardScopes}`, ...grant });
    let res: Response;
    try {
      res = await fetch(`${req.authority.replace(/\/+$/, "")}/oauth2/v2.0/token`, { method: "POST", body });
    } catch (err) {
      throw new BrokerError("TRANSIENT_ERROR", "network", (err as Error).message);
    }
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) {
      const code = String(json.error ?? "error");
      const description = String(json.error_description ?? code);
      this.held.delete(this.key(req));
      throw new BrokerError(code === "invalid_grant" || code === "interaction_required" ? "USER_INTERACTION_REQUIRED" : "PERSISTENT_ERROR", code, description);
    }
    const idToken = String(json.id_token ?? "");
    const token: BrokerToken = {
      accessToken: String(json.access_token),
      idToken,
      expiresIn: Number(json.expires_in ?? 3600),
      scope: String(json.scope ?? req.scope),
      claims: idToken ? jwtClaims(idToken) : {},
    };
    this.held.set(this.key(req), { refreshToken: typeof json.refresh_token === "string" ? json.refresh_token : null, token, expiresAt: Date.now() + token.expiresIn * 1000 });
    return token;
  }
}
