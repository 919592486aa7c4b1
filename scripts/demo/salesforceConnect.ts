import type { CallbackOutcome, CrmAdmin, SalesforceConnectFlow } from "../../server/crm/salesforce/connectFlow";

/**
 * Connects an organisation's Salesforce through the server's own connect flow, as a browser would, against a
 * simulator that approves at once (no authorize pages): start, follow the authorize URL (signed in as `username`),
 * and hand Salesforce's answer to the callback with the browser's cookie. Used by the demo's start-up and by tests.
 */
export async function connectSalesforce(
  flow: SalesforceConnectFlow,
  admin: CrmAdmin,
  options: { readonly username: string; readonly loginHost?: string; readonly ownApp?: { clientId: string; clientSecret: string } },
): Promise<CallbackOutcome> {
  const started = await flow.start(admin, { loginHost: options.loginHost ?? "production", ownApp: options.ownApp });
  const url = new URL(started.authorizeUrl);
  url.searchParams.set("login_hint", options.username);
  const res = await fetch(url, { redirect: "manual" });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`Salesforce's authorize endpoint answered ${res.status}: ${await res.text()}`);
  const back = new URL(location).searchParams;
  const get = (k: string) => back.get(k) ?? undefined;
  return flow.complete({ state: get("state"), code: get("code"), error: get("error"), errorDescription: get("error_description") }, started.browserCookie);
}
