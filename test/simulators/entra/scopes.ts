import { aadsts } from "./aadsts";
import type { Directory } from "./directory";
import type { Application } from "./directoryTypes";
import { graphAppId, oidcScopes, type OidcScope } from "./wellKnownResources";

/**
 * The v2.0 `scope` parameter, resolved against the directory. Forms Entra accepts (scopes-oidc.md):
 *   - OIDC scopes: openid profile email offline_access
 *   - a bare permission ("User.Read", "Mail.Read"): Microsoft Graph is the default resource
 *   - "{identifier}/{permission}" where identifier is an App ID URI (https://outlook.office365.com, api://{clientId})
 *     or the app id GUID
 *   - "{identifier}/.default": every permission statically configured for that resource
 * Names are case-insensitive; the canonical spelling is the resource's.
 */

export interface RequestedResource {
  readonly resourceAppId: string;
  /** The identifier as the client spelled it (URI or GUID): v1.0 tokens use it as `aud`. */
  readonly audience: string;
  /** Canonical permission values; empty when isDefault. */
  readonly permissions: readonly string[];
  readonly isDefault: boolean;
}

export interface RequestedScopes {
  readonly oidc: readonly OidcScope[];
  /** In order of first appearance: the first is the resource a token request is for. */
  readonly resources: readonly RequestedResource[];
}

function isOidcScope(value: string): value is OidcScope {
  return (oidcScopes as readonly string[]).includes(value);
}

export function parseScopeParameter(raw: string, directory: Directory, client: Application, tenantName = "the directory"): RequestedScopes {
  const oidc = new Set<OidcScope>();
  const resources = new Map<string, { audience: string; permissions: string[]; isDefault: boolean }>();
  for (const token of raw.split(/\s+/).filter(Boolean)) {
    const lower = token.toLowerCase();
    if (isOidcScope(lower)) {
      oidc.add(lower);
      continue;
    }
    const slash = token.lastIndexOf("/");
    const identifier = slash > 0 ? token.slice(0, slash) : graphAppId;
    const permission = slash > 0 ? token.slice(slash + 1) : token;
    if (!permission) throw aadsts.invalidScope(token);
    const resource = directory.resourceByIdentifier(identifier);
    if (!resource) throw aadsts.resourceNotFound(identifier, tenantName);
    const entry = resources.get(resource.appId) ?? { audience: identifier, permissions: [], isDefault: false };
    if (permission === ".default") {
      if (entry.permissions.length > 0) throw aadsts.invalidScope(raw);
      entry.isDefault = true;
    } else {
      if (entry.isDefault) throw aadsts.invalidScope(raw);
      const known = directory.delegatedPermission(resource, permission);
      if (!known) throw aadsts.scopeNotOnResource(client.displayName, permission, resource.appId);
      if (!entry.permissions.includes(known.value)) entry.permissions.push(known.value);
      // A URI spelling wins over the bare-Graph default so `aud` follows what the client wrote.
      if (slash > 0) entry.audience = identifier;
    }
    resources.set(resource.appId, entry);
  }
  return {
    oidc: [...oidc],
    resources: [...resources.entries()].map(([resourceAppId, e]) => ({ resourceAppId, ...e })),
  };
}

/** Delegated permissions a request asks for on one resource; `/.default` means the app's static list for it. */
export function permissionsAskedFor(request: RequestedResource, client: Application): string[] {
  if (!request.isDefault) return [...request.permissions];
  return [...(client.requiredResourceAccess.find((r) => r.resourceAppId === request.resourceAppId)?.scopes ?? [])];
}

/**
 * Everything the request asks the user to consent to, grouped by resource. OIDC scopes count as Graph permissions
 * (they are, on the v2.0 endpoint).
 */
export function consentTargets(requested: RequestedScopes, client: Application): Map<string, Set<string>> {
  const targets = new Map<string, Set<string>>();
  const add = (resourceAppId: string, values: Iterable<string>) => {
    const set = targets.get(resourceAppId) ?? new Set<string>();
    for (const v of values) set.add(v);
    targets.set(resourceAppId, set);
  };
  if (requested.oidc.length > 0) add(graphAppId, requested.oidc);
  for (const r of requested.resources) add(r.resourceAppId, permissionsAskedFor(r, client));
  return targets;
}
