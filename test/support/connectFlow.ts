import type { ConnectOutcome } from "../../server/api/contract";
import type { Outcome } from "../simulators/entra/testSupport/formBrowser";
import { FormBrowser } from "../simulators/entra/testSupport/formBrowser";
import type { EntraWorld, WorldUser } from "../simulators/world/entraWorld";
import { completeSignIn } from "./signIn";

export async function api(baseUrl: string, token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* HTML pages stay text */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** The outcome the result page hands to the sidebar (read from its script, as messageParent would send it). */
export function outcomeFromPage(html: string): ConnectOutcome {
  const m = /var outcome = (\{[\s\S]*?\});\n/.exec(html);
  if (!m?.[1]) throw new Error(`no outcome on the result page:\n${html.slice(0, 800)}`);
  return JSON.parse(m[1]) as ConnectOutcome;
}

/** Follows an URL on our server that redirects to Entra, as the Office dialog's browser would. */
/** Cookies our server set in a browser on its first hop (the admin-consent binding), sent back when it lands. */
const serverCookies = new WeakMap<FormBrowser, string>();

export function serverCookieOf(browser: FormBrowser): string {
  return serverCookies.get(browser) ?? "";
}

export async function openThroughServer(browser: FormBrowser, url: string): Promise<Outcome> {
  const res = await fetch(url, { redirect: "manual" });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`expected a redirect from ${url}, got ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (cookie) serverCookies.set(browser, cookie);
  return browser.open(location);
}

/** Lands on our callback as the browser would (with the cookie our server set in it, if any) and returns the page. */
export async function land(outcome: Outcome, cookie = ""): Promise<string> {
  if (outcome.kind !== "redirect") throw new Error(`expected Entra to send the browser back, but it shows a page:\n${outcome.html.slice(0, 600)}`);
  const res = await fetch(outcome.url, cookie ? { headers: { cookie } } : {});
  return res.text();
}

/**
 * "Set up sync" end to end: the sidebar asks the server to start, the dialog opens the returned URL, the person signs
 * in and decides, Entra redirects to the server, and the result page reports the outcome.
 */
export async function connectMailbox(
  serverUrl: string,
  world: EntraWorld,
  token: string,
  signInAs: WorldUser,
  options: { mailboxEmail?: string; decision?: "accept" | "cancel"; onPage?: (o: Outcome, b: FormBrowser) => Promise<Outcome> } = {},
): Promise<ConnectOutcome> {
  const start = await api(serverUrl, token, "POST", "/api/me/connect", { mailboxEmail: options.mailboxEmail ?? signInAs.upn });
  if (start.status !== 200) throw new Error(`connect start answered ${start.status}: ${JSON.stringify(start.body)}`);
  const { dialogUrl } = start.body as { dialogUrl: string };
  const browser = new FormBrowser(world.entra.url);
  let outcome = await completeSignIn(world, browser, await openThroughServer(browser, dialogUrl), signInAs, options.decision ?? "accept");
  if (options.onPage) outcome = await options.onPage(outcome, browser);
  return outcomeFromPage(await land(outcome));
}
