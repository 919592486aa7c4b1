import type { ClientConfig } from "../api";

/** https://login.microsoftonline.com/organizations (or a sovereign cloud's host, or the demo's simulator). */
export function authorityUrl(config: ClientConfig): string {
  return `${config.authorityHost.replace(/\/+$/, "")}/${config.tenant}`;
}

/**
 * MSAL's authority options that keep it on the configured host: the host is a known authority (so MSAL makes no
 * instance-discovery call to login.microsoftonline.com), and the OpenID configuration is handed over rather than
 * fetched by MSAL, when we have it.
 */
export function authorityOptions(config: ClientConfig, openIdConfiguration?: string): { authority: string; knownAuthorities: string[]; authorityMetadata?: string } {
  const host = new URL(config.authorityHost).host;
  return {
    authority: authorityUrl(config),
    knownAuthorities: [host],
    ...(openIdConfiguration ? { authorityMetadata: openIdConfiguration } : {}),
  };
}

export function openIdConfigurationUrl(config: ClientConfig): string {
  return `${authorityUrl(config)}/v2.0/.well-known/openid-configuration`;
}

/** Scopes for the API's own access token: nothing else (Graph and mail scopes belong to the server's connect flow). */
export function apiScopes(config: ClientConfig): string[] {
  return [config.apiScope];
}
