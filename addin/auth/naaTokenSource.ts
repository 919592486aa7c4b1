import type { ClientConfig } from "../api";
import { apiScopes, authorityOptions } from "./authority";
import { SignInError, signInErrorFromMsal } from "./signInError";
import type { TokenSource } from "./tokenSource";

/** The part of MSAL's nestable client the pane uses. */
export interface NestableClient {
  acquireTokenSilent(request: { scopes: string[] }): Promise<{ accessToken: string }>;
  acquireTokenPopup(request: { scopes: string[]; loginHint?: string }): Promise<{ accessToken: string }>;
}

export interface NaaLoader {
  /** Starts fetching the client's code, so it downloads while the sign-in settings are fetched (optional). */
  preload?(): Promise<unknown>;
  create(config: ClientConfig): Promise<NestableClient>;
  isInteractionRequired(err: unknown): boolean;
}

// Destructured where it is imported, so webpack keeps only what the nestable client needs in MSAL's chunk.
const loadNestableFactory = async () => {
  const { createNestablePublicClientApplication } = await import("@azure/msal-browser");
  return createNestablePublicClientApplication;
};
let nestableFactory: ReturnType<typeof loadNestableFactory> | null = null;
const nestableFactoryOnce = () =>
  (nestableFactory ??= loadNestableFactory().catch((err: unknown) => {
    nestableFactory = null;
    throw err;
  }));

/** msal-browser is loaded only when Outlook offers NAA, so the dialog-fallback pane never downloads it. */
export const msalNaaLoader: NaaLoader = {
  preload: nestableFactoryOnce,
  async create(config) {
    const createNestable = await nestableFactoryOnce();
    const { authority, knownAuthorities } = authorityOptions(config);
    return createNestable({ auth: { clientId: config.clientId, authority, knownAuthorities } });
  },
  isInteractionRequired: (err) => (err as { name?: string } | null)?.name === "InteractionRequiredAuthError",
};

/**
 * Nested app authentication (Outlook brokers the sign-in): acquireTokenSilent, and acquireTokenPopup when Entra needs
 * the rep (InteractionRequiredAuthError). Outlook caches and renews the tokens itself, so forget() has nothing to drop.
 */
export function naaTokenSource(loadConfig: () => Promise<ClientConfig>, options: { loginHint?: string; loader?: NaaLoader } = {}): TokenSource {
  const loader = options.loader ?? msalNaaLoader;
  let client: Promise<{ client: NestableClient; scopes: string[] }> | null = null;
  const getClient = () =>
    // The settings and MSAL's code are fetched side by side: the first screen of a pane on NAA waits for both.
    (client ??= Promise.all([loadConfig(), loader.preload?.()])
      .then(async ([config]) => ({ client: await loader.create(config), scopes: apiScopes(config) }))
      .catch((err: unknown) => {
        client = null;
        throw err;
      }));
  return {
    kind: "naa",
    async silent() {
      const { client: pca, scopes } = await getClient();
      try {
        return (await pca.acquireTokenSilent({ scopes })).accessToken;
      } catch (err) {
        if (loader.isInteractionRequired(err)) return null;
        throw signInErrorFromMsal(err);
      }
    },
    async interactive() {
      try {
        const { client: pca, scopes } = await getClient();
        const result = await pca.acquireTokenPopup({ scopes, ...(options.loginHint ? { loginHint: options.loginHint } : {}) });
        if (!result.accessToken) throw new SignInError("failed", "Microsoft sent no access token. Try again.");
        return result.accessToken;
      } catch (err) {
        if (err instanceof SignInError) throw err;
        throw signInErrorFromMsal(err);
      }
    },
    forget: () => undefined,
  };
}
