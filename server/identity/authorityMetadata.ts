/**
 * msal-node reaches only the authority it is configured with when it is told the authority's metadata up front
 * (knownAuthorities + authorityMetadata); otherwise it asks login.microsoftonline.com for instance discovery, which a
 * sovereign cloud or an isolated network cannot answer. We fetch each tenant's OpenID configuration once and reuse it.
 */
export interface OpenIdConfiguration {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
  readonly end_session_endpoint?: string;
}

export class AuthorityMetadataCache {
  private readonly cache = new Map<string, Promise<OpenIdConfiguration>>();

  constructor(
    private readonly authorityHost: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  authority(tenant: string): string {
    return `${this.authorityHost}/${tenant}`;
  }

  get(tenant: string): Promise<OpenIdConfiguration> {
    let hit = this.cache.get(tenant);
    if (!hit) {
      hit = this.load(tenant);
      // A failed fetch (Entra down) must not be remembered.
      hit.catch(() => this.cache.delete(tenant));
      this.cache.set(tenant, hit);
    }
    return hit;
  }

  private async load(tenant: string): Promise<OpenIdConfiguration> {
    const url = `${this.authority(tenant)}/v2.0/.well-known/openid-configuration`;
    const res = await this.fetchImpl(url, { signal: AbortSignal.timeout(15_000) });
    if (!res.ok) {
      throw Object.assign(new Error(`Entra ID answered ${res.status} for ${url}`), { errorCode: res.status >= 500 ? "server_error" : "endpoints_resolution_error" });
    }
    const body = (await res.json()) as Partial<OpenIdConfiguration>;
    for (const field of ["issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"] as const) {
      if (typeof body[field] !== "string") throw Object.assign(new Error(`${url} has no ${field}`), { errorCode: "endpoints_resolution_error" });
    }
    return body as OpenIdConfiguration;
  }
}
