/**
 * The Office dialog fallback's sign-in page (auth/dialog.html, registered in Entra as a SPA redirect URI). It runs
 * MSAL's redirect flow for the API scope and hands the access token to the pane with messageParent. No React here:
 * the page only shows a line of status while it works.
 */
import { PublicClientApplication } from "@azure/msal-browser";
import { fetchClientConfig } from "../api";
import type { AuthDialogMessage } from "./authDialogMessage";
import { apiScopes, authorityOptions, openIdConfigurationUrl } from "./authority";
import { authDialogPath } from "./chooseTokenSource";
import { adminConsentLinkFor } from "./adminConsentLink";
import { loadOfficeJs } from "./loadOfficeJs";
import { signInErrorFromMsal } from "./signInError";

const office = loadOfficeJs();

function show(title: string, text: string, link?: string): void {
  const h1 = document.getElementById("title");
  const status = document.getElementById("status");
  if (h1) h1.textContent = title;
  if (status) status.textContent = text;
  if (link && status) {
    const p = document.createElement("p");
    const code = document.createElement("code");
    code.id = "admin-consent-url";
    code.textContent = link;
    p.append("Link for your administrator: ", code);
    status.after(p);
  }
}

async function tell(message: AuthDialogMessage): Promise<void> {
  const o = await office;
  if (o?.context?.ui?.messageParent) {
    o.context.ui.messageParent(JSON.stringify(message));
    return;
  }
  // Opened outside Outlook: nobody to tell, so say it on the page.
  if (message.type === "crm-sync-token") show("Signed in", "You are signed in. Return to Outlook.");
}

/** The authority's OpenID configuration, so MSAL fetches nothing itself (and nothing outside the configured host). */
async function openIdConfiguration(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(url);
    return res.ok ? await res.text() : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const loginHint = new URLSearchParams(location.search).get("login_hint") ?? undefined;
  try {
    const config = await fetchClientConfig();
    const pca = new PublicClientApplication({
      auth: { clientId: config.clientId, redirectUri: `${location.origin}${authDialogPath}`, ...authorityOptions(config, await openIdConfiguration(openIdConfigurationUrl(config))) },
      cache: { cacheLocation: "sessionStorage" },
    });
    await pca.initialize();
    const result = await pca.handleRedirectPromise({ navigateToLoginRequestUrl: false });
    if (result) {
      if (!result.accessToken) throw new Error("Microsoft sent no access token.");
      show("Signed in", "Returning to Outlook…");
      await tell({ type: "crm-sync-token", accessToken: result.accessToken, expiresOn: result.expiresOn ? result.expiresOn.getTime() : Date.now() + 30 * 60 * 1000 });
      return;
    }
    show("Signing you in to CRM Sync", "Opening Microsoft sign-in…");
    await pca.acquireTokenRedirect({ scopes: apiScopes(config), ...(loginHint ? { loginHint } : {}) });
  } catch (err) {
    const problem = signInErrorFromMsal(err);
    if (problem.problem === "declined") {
      show("Need admin approval?", problem.message, adminConsentLinkFor(location.origin));
      await tell({ type: "crm-sync-sign-in-failed", problem: "declined", message: problem.message });
    } else {
      show("Sign-in did not finish", problem.message);
      await tell({ type: "crm-sync-sign-in-failed", problem: "failed", message: problem.message });
    }
  }
}

void main();
