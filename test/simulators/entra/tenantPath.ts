import { aadsts } from "./aadsts";
import type { Directory } from "./directory";
import type { Tenant } from "./directoryTypes";

/**
 * The `{tenant}` path segment of every Entra endpoint: a tenant GUID, a verified domain, or one of the multi-tenant
 * aliases (v2-protocols.md "Endpoints"). Unknown values get AADSTS90002.
 */
export type TenantPath =
  | { readonly kind: "tenant"; readonly tenant: Tenant; readonly segment: string }
  | { readonly kind: "common" | "organizations" | "consumers"; readonly segment: string };

export function resolveTenantPath(directory: Directory, segment: string): TenantPath {
  const lower = segment.toLowerCase();
  if (lower === "common" || lower === "organizations" || lower === "consumers") return { kind: lower, segment };
  const tenant = directory.tenantByIdOrDomain(segment);
  if (!tenant) throw aadsts.tenantNotFound(segment);
  return { kind: "tenant", tenant, segment };
}

/** Can a user of `tenantId` sign in through this path? (/consumers is for personal accounts, which are not simulated.) */
export function pathAdmitsTenant(path: TenantPath, tenantId: string): boolean {
  if (path.kind === "tenant") return path.tenant.id === tenantId;
  return path.kind !== "consumers";
}

export function pathTenantName(path: TenantPath): string {
  return path.kind === "tenant" ? path.tenant.displayName : path.segment;
}
