import { createHash, randomBytes } from "node:crypto";
import type { Outcome } from "../simulators/entra/testSupport/formBrowser";
import { expectPage, FormBrowser } from "../simulators/entra/testSupport/formBrowser";
import type { EntraWorld, WorldUser } from "../simulators/world/entraWorld";

/**
 * What a person does on Microsoft's pages, driven over HTTP: sign in, then accept or cancel the consent page.
 * Returns where Entra sent the browser back to the application.
 */
export async function completeSignIn(
  world: EntraWorld,
  browser: FormBrowser,
  start: Outcome,
  user: WorldUser,
  decision: "accept" | "cancel" = "accept",
): Promise<Outcome> {
  let outcome = start;
  if (outcome.kind === "page" && outcome.html.includes('id="signin"')) {
    outcome = await browser.submit(expectPage(outcome), "signin", { login: user.upn, passwd: world.password });
  }
  if (outcome.kind === "page" && outcome.html.includes('id="consent"')) {
    outcome = await browser.submit(expectPage(outcome), "consent", { action: decision });
  }
  return outcome;
}

/**
 * An access token for this server's API as the sidebar gets one (an SPA with PKCE, redeemed with an Origin header,
 * as nested app authentication does), for `user`.
 */
export async function apiToken(world: EntraWorld, user: WorldUser, publicUrl: string): Promise<string> {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const redirectUri = `${publicUrl}/auth/dialog.html`;
  const authorize = new URL(`${world.entra.url}/${user.tenantId}/oauth2/v2.0/authorize`);
  const scope = `api://${world.app.clientId}/access_as_user openid profile offline_access`;
  for (const [k, v] of Object.entries({ client_id: world.app.clientId, response_type: "code", redirect_uri: redirectUri, scope, state: "s", code_challenge: challenge, code_challenge_method: "S256", login_hint: user.upn })) {
    authorize.searchParams.set(k, v);
  }
  const browser = new FormBrowser(world.entra.url);
  const back = await completeSignIn(world, browser, await browser.open(authorize.toString()), user);
  if (back.kind !== "redirect" || !back.params.get("code")) throw new Error(`no code for ${user.upn}: ${back.kind === "page" ? back.html.slice(0, 500) : back.url}`);
  const res = await fetch(`${world.entra.url}/${user.tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(publicUrl).origin },
    body: new URLSearchParams({ grant_type: "authorization_code", client_id: world.app.clientId, code: back.params.get("code") ?? "", redirect_uri: redirectUri, code_verifier: verifier, scope }),
  });
  const body = (await res.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`token for ${user.upn} refused: ${body.error_description}`);
  return body.access_token;
}
