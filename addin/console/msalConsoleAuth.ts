/**
 * Signing in to the console with Entra ID: MSAL's redirect flow back to /console.html (registered as a SPA redirect
 * URI), for the same API scope the sidebar uses. Tokens live in sessionStorage, so closing the tab ends the session;
 * the Entra session cookie makes the next sign-in one click.
 */
import type { AccountInfo, IPublicClientApplication } from "@azure/msal-browser";
import type { ClientConfig } from "../api";
import { fetchClientConfig } from "../api";
import { apiScopes, authorityOptions, openIdConfigurationUrl } from "../auth/authority";
import { signInErrorFromMsal } from "../auth/signInError";
import type { ConsoleAuth, SignedInAccount } from "./consoleAuth";
import { SignInRequiredError } from "./consoleAuth";

/** The console's page; Entra has it registered as a SPA redirect URI, path and all. */
export const consolePath = "/console.html";

/** The authority's OpenID configuration, so MSAL fetches nothing itself (and nothing outside the configured host). */
async function openIdConfiguration(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(url);
    return res.ok ? await res.text() : undefined;
  } catch {
    return undefined;
  }
}

function accountView(account: AccountInfo): SignedInAccount {
  return { name: account.name ?? null, username: account.username || null };
}

export function msalConsoleAuth(origin: string, loadConfig: () => Promise<ClientConfig> = () => fetchClientConfig()): ConsoleAuth {
  const redirectUri = `${origin}${consolePath}`;
  let ready: Promise<{ pca: IPublicClientApplication; scopes: string[] }> | null = null;
  const client = () =>
    (ready ??= (async () => {
      // MSAL is the console's biggest library: it loads alongside the settings, while the page already shows itself.
      const [config, msal] = await Promise.all([loadConfig(), import(/* webpackChunkName: "msal" */ "@azure/msal-browser")]);
      const pca = new msal.PublicClientApplication({
        auth: { clientId: config.clientId, redirectUri, postLogoutRedirectUri: redirectUri, ...authorityOptions(config, await openIdConfiguration(openIdConfigurationUrl(config))) },
        cache: { cacheLocation: "sessionStorage" },
      });
      await pca.initialize();
      return { pca, scopes: apiScopes(config) };
    })().catch((err: unknown) => {
      ready = null;
      throw err;
    }));

  const activeAccount = (pca: IPublicClientApplication) => pca.getActiveAccount() ?? pca.getAllAccounts()[0] ?? null;

  return {
    async start() {
      const { pca } = await client();
      let returnTo: string | null = null;
      try {
        // The console keeps its place in the hash itself (state), so MSAL need not navigate back anywhere.
        const result = await pca.handleRedirectPromise({ navigateToLoginRequestUrl: false });
        if (result?.account) pca.setActiveAccount(result.account);
        returnTo = result?.state ?? null;
      } catch (err) {
        throw signInErrorFromMsal(err);
      }
      const account = activeAccount(pca);
      return { account: account ? accountView(account) : null, returnTo };
    },
    async signIn(returnTo, options = {}) {
      const { pca, scopes } = await client();
      await pca.loginRedirect({ scopes, state: returnTo, ...(options.chooseAccount ? { prompt: "select_account" } : {}) });
    },
    async token(fresh) {
      const { pca, scopes } = await client();
      const account = activeAccount(pca);
      if (!account) throw new SignInRequiredError();
      try {
        return (await pca.acquireTokenSilent({ scopes, account, forceRefresh: fresh })).accessToken;
      } catch (err) {
        // Entra needs the person (session ended, consent withdrawn, MFA): by name, as MSAL is loaded lazily.
        if ((err as { name?: string } | null)?.name === "InteractionRequiredAuthError") throw new SignInRequiredError();
        throw err;
      }
    },
    async signOut() {
      const { pca } = await client();
      const account = activeAccount(pca);
      await pca.logoutRedirect({ ...(account ? { account } : {}), postLogoutRedirectUri: redirectUri });
    },
  };
}
