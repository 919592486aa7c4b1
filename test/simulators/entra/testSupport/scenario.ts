import { createHash, randomBytes } from "node:crypto";
import { seedDemoDirectory, type DemoDirectory } from "../demoDirectory";
import { startEntraSimulator, type EntraSimulator } from "../index";
import { FormBrowser, expectPage, expectRedirect, type AppRedirect, type Outcome } from "./formBrowser";

/** A started simulator with the demo directory, and helpers to run the protocol by hand as an app would. */
export interface Scenario {
  readonly sim: EntraSimulator;
  readonly demo: DemoDirectory;
  close(): Promise<void>;
}

/** `redirects`: the app's redirect URIs, for a test that serves them itself (by default they lead nowhere). */
export async function startScenario(redirects: { webRedirectUri?: string; spaRedirectUri?: string } = {}): Promise<Scenario> {
  const sim = await startEntraSimulator();
  const demo = seedDemoDirectory(sim.control, redirects);
  return { sim, demo, close: () => sim.close() };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function authorizeUrl(sim: EntraSimulator, tenant: string, params: Record<string, string | undefined>): string {
  const url = new URL(`${sim.url}/${tenant}/oauth2/v2.0/authorize`);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** Types the credentials on the sign-in page the outcome shows. */
export async function signIn(browser: FormBrowser, outcome: Outcome, login: string, password: string): Promise<Outcome> {
  return browser.submit(expectPage(outcome), "signin", { login, passwd: password });
}

export async function accept(browser: FormBrowser, outcome: Outcome, extra: Record<string, string> = {}): Promise<Outcome> {
  return browser.submit(expectPage(outcome), "consent", { action: "accept", ...extra });
}

/** Authorization request → sign-in → consent (when shown) → the redirect back with a code. */
export async function obtainCode(
  scenario: Scenario,
  options: { user: { upn: string; password: string }; scope: string; tenant?: string; pkce?: { challenge: string }; extra?: Record<string, string> },
): Promise<{ code: string; redirect: AppRedirect; browser: FormBrowser }> {
  const { sim, demo } = scenario;
  const browser = new FormBrowser(sim.url);
  let outcome = await browser.open(
    authorizeUrl(sim, options.tenant ?? demo.contoso.tenantId, {
      client_id: demo.app.clientId,
      response_type: "code",
      redirect_uri: demo.app.webRedirectUri,
      scope: options.scope,
      state: "st-1",
      code_challenge: options.pkce?.challenge,
      code_challenge_method: options.pkce ? "S256" : undefined,
      ...options.extra,
    }),
  );
  outcome = await signIn(browser, outcome, options.user.upn, options.user.password);
  if (outcome.kind === "page" && outcome.html.includes('id="consent"')) outcome = await accept(browser, outcome);
  const redirect = expectRedirect(outcome);
  const code = redirect.params.get("code");
  if (!code) throw new Error(`No code in ${redirect.url}`);
  return { code, redirect, browser };
}

export async function postToken(sim: EntraSimulator, tenant: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${sim.url}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

/** Redeems a code for the demo web app with its secret. */
export async function redeem(scenario: Scenario, code: string, extra: Record<string, string> = {}) {
  const { sim, demo } = scenario;
  return postToken(sim, demo.contoso.tenantId, {
    grant_type: "authorization_code",
    client_id: demo.app.clientId,
    client_secret: demo.app.clientSecret,
    code,
    redirect_uri: demo.app.webRedirectUri,
    client_info: "1",
    ...extra,
  });
}

export function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}
