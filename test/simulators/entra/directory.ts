import type {
  AdminConsentRequest,
  AppRole,
  AppRoleAssignment,
  Application,
  ConsentPolicy,
  DelegatedGrant,
  DelegatedPermission,
  Tenant,
  User,
} from "./directoryTypes";
import { newGuid } from "./ids";
import { exchangeOnline, microsoftGraph } from "./wellKnownResources";

/** A control-API mistake (unknown user, duplicate domain…): carries the HTTP status the control routes answer with. */
export class DirectoryError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = "DirectoryError";
  }
}

function normaliseIdentifier(value: string): string {
  return value.trim().replace(/\/+$/, "").toLowerCase();
}

/**
 * The simulated Entra directory: state plus the lookups the protocol endpoints need. It knows nothing about HTTP or
 * tokens; the endpoints ask it questions ("which scopes has this user granted this client on Graph?").
 */
export class Directory {
  readonly tenants = new Map<string, Tenant>();
  readonly users = new Map<string, User>();
  readonly apps = new Map<string, Application>();
  /** `${tenantId}|${appId}`: the app has a service principal (enterprise application) in that tenant. */
  private readonly servicePrincipals = new Set<string>();
  readonly delegatedGrants: DelegatedGrant[] = [];
  readonly appRoleAssignments: AppRoleAssignment[] = [];
  readonly adminConsentRequests: AdminConsentRequest[] = [];

  constructor() {
    for (const resource of [microsoftGraph(), exchangeOnline()]) this.apps.set(resource.appId, resource);
  }

  // --- tenants ---------------------------------------------------------------------------------------------------

  addTenant(input: { id?: string; displayName: string; verifiedDomains: string[]; consentPolicy: ConsentPolicy }): Tenant {
    const id = (input.id ?? newGuid()).toLowerCase();
    if (this.tenants.has(id)) throw new DirectoryError(409, `A tenant with id ${id} already exists.`);
    const domains = input.verifiedDomains.map((d) => d.toLowerCase());
    for (const domain of domains) {
      const owner = this.tenantByDomain(domain);
      if (owner) throw new DirectoryError(409, `The domain ${domain} is already verified by tenant ${owner.id}.`);
    }
    const tenant: Tenant = { id, displayName: input.displayName, verifiedDomains: domains, consentPolicy: input.consentPolicy };
    this.tenants.set(id, tenant);
    return tenant;
  }

  tenantByDomain(domain: string): Tenant | undefined {
    const wanted = domain.toLowerCase();
    for (const tenant of this.tenants.values()) if (tenant.verifiedDomains.includes(wanted)) return tenant;
    return undefined;
  }

  /** A tenant named the way Entra accepts in a URL path: its GUID or one of its verified domains. */
  tenantByIdOrDomain(value: string): Tenant | undefined {
    return this.tenants.get(value.toLowerCase()) ?? this.tenantByDomain(value);
  }

  requireTenant(value: string): Tenant {
    const tenant = this.tenantByIdOrDomain(value);
    if (!tenant) throw new DirectoryError(404, `No tenant has the id or verified domain '${value}'.`);
    return tenant;
  }

  // --- users -----------------------------------------------------------------------------------------------------

  addUser(input: {
    tenantId: string;
    objectId?: string;
    userPrincipalName: string;
    displayName: string;
    mail?: string;
    givenName?: string;
    surname?: string;
    password?: string;
    isAdmin: boolean;
    mfaRequired: boolean;
    mfaRegistered: boolean;
    accountEnabled: boolean;
  }): User {
    const tenant = this.requireTenant(input.tenantId);
    const upn = input.userPrincipalName.toLowerCase();
    const domain = upn.split("@")[1] ?? "";
    if (!tenant.verifiedDomains.includes(domain)) {
      throw new DirectoryError(
        400,
        `The user principal name ${input.userPrincipalName} must use a verified domain of tenant ${tenant.displayName} (${tenant.verifiedDomains.join(", ")}).`,
      );
    }
    if (this.userBySignInName(upn)) throw new DirectoryError(409, `A user named ${upn} already exists.`);
    const objectId = (input.objectId ?? newGuid()).toLowerCase();
    if (this.users.has(objectId)) throw new DirectoryError(409, `A user with object id ${objectId} already exists.`);
    const user: User = {
      objectId,
      tenantId: tenant.id,
      userPrincipalName: input.userPrincipalName,
      mail: input.mail ?? input.userPrincipalName,
      displayName: input.displayName,
      givenName: input.givenName,
      surname: input.surname,
      password: input.password,
      isAdmin: input.isAdmin,
      accountEnabled: input.accountEnabled,
      mfaRequired: input.mfaRequired,
      mfaRegistered: input.mfaRegistered,
    };
    this.users.set(objectId, user);
    return user;
  }

  /** Sign-in names are the UPN or the mail address, compared case-insensitively as the sign-in page does. */
  userBySignInName(name: string): User | undefined {
    const wanted = name.trim().toLowerCase();
    for (const user of this.users.values()) {
      if (user.userPrincipalName.toLowerCase() === wanted || user.mail.toLowerCase() === wanted) return user;
    }
    return undefined;
  }

  requireUser(idOrName: string): User {
    const user = this.users.get(idOrName.toLowerCase()) ?? this.userBySignInName(idOrName);
    if (!user) throw new DirectoryError(404, `No user has the object id or sign-in name '${idOrName}'.`);
    return user;
  }

  // --- applications ----------------------------------------------------------------------------------------------

  addApplication(app: Application): Application {
    if (this.apps.has(app.appId)) throw new DirectoryError(409, `An application with client id ${app.appId} already exists.`);
    for (const uri of app.identifierUris) {
      const owner = this.resourceByIdentifier(uri);
      if (owner) throw new DirectoryError(409, `The identifier URI ${uri} is already used by application ${owner.appId}.`);
    }
    this.apps.set(app.appId, app);
    this.servicePrincipals.add(`${app.homeTenantId}|${app.appId}`);
    return app;
  }

  app(appId: string): Application | undefined {
    return this.apps.get(appId.toLowerCase());
  }

  requireApp(appId: string): Application {
    const app = this.app(appId);
    if (!app) throw new DirectoryError(404, `No application has the client id '${appId}'.`);
    return app;
  }

  /** A resource named by its app id GUID or one of its identifier URIs (api://…, https://graph.microsoft.com). */
  resourceByIdentifier(identifier: string): Application | undefined {
    const wanted = normaliseIdentifier(identifier);
    const byId = this.apps.get(wanted);
    if (byId) return byId;
    for (const app of this.apps.values()) {
      if (app.identifierUris.some((uri) => normaliseIdentifier(uri) === wanted)) return app;
    }
    return undefined;
  }

  delegatedPermission(resource: Application, value: string): DelegatedPermission | undefined {
    const wanted = value.toLowerCase();
    return resource.delegatedPermissions.find((p) => p.value.toLowerCase() === wanted);
  }

  appRole(resource: Application, value: string): AppRole | undefined {
    const wanted = value.toLowerCase();
    return resource.appRoles.find((r) => r.value.toLowerCase() === wanted);
  }

  /** Is the application usable in this tenant (its home tenant, first-party, or consented there once)? */
  hasServicePrincipal(tenantId: string, appId: string): boolean {
    const app = this.app(appId);
    return !!app && (app.firstParty || this.servicePrincipals.has(`${tenantId}|${app.appId}`));
  }

  ensureServicePrincipal(tenantId: string, appId: string): void {
    this.servicePrincipals.add(`${tenantId}|${appId.toLowerCase()}`);
  }

  // --- delegated grants ------------------------------------------------------------------------------------------

  /** Adds scopes to the user's own grant (principalId set) or to the tenant-wide admin grant. */
  grantDelegated(input: { tenantId: string; clientId: string; resourceAppId: string; scopes: Iterable<string>; principalId?: string }): void {
    this.ensureServicePrincipal(input.tenantId, input.clientId);
    this.ensureServicePrincipal(input.tenantId, input.resourceAppId);
    const existing = this.delegatedGrants.find(
      (g) =>
        g.tenantId === input.tenantId &&
        g.clientId === input.clientId &&
        g.resourceAppId === input.resourceAppId &&
        (input.principalId === undefined
          ? g.consentType === "AllPrincipals"
          : g.consentType === "Principal" && g.principalId === input.principalId),
    );
    if (existing) {
      for (const s of input.scopes) existing.scopes.add(s);
      return;
    }
    const base = { tenantId: input.tenantId, clientId: input.clientId, resourceAppId: input.resourceAppId, scopes: new Set(input.scopes) };
    this.delegatedGrants.push(
      input.principalId === undefined
        ? { ...base, consentType: "AllPrincipals" }
        : { ...base, consentType: "Principal", principalId: input.principalId },
    );
  }

  /** Removes one user's grants for a client, or (no principal) the tenant-wide ones. Returns how many were removed. */
  revokeDelegated(input: { tenantId: string; clientId: string; principalId?: string }): number {
    const before = this.delegatedGrants.length;
    const keep = this.delegatedGrants.filter(
      (g) =>
        !(
          g.tenantId === input.tenantId &&
          g.clientId === input.clientId &&
          (input.principalId === undefined
            ? g.consentType === "AllPrincipals"
            : g.consentType === "Principal" && g.principalId === input.principalId)
        ),
    );
    this.delegatedGrants.splice(0, this.delegatedGrants.length, ...keep);
    return before - keep.length;
  }

  /** Scopes this client may use on this resource for this user: the user's own grant plus the tenant-wide one. */
  grantedScopes(input: { tenantId: string; clientId: string; resourceAppId: string; userObjectId: string }): Set<string> {
    const granted = new Set<string>();
    for (const g of this.delegatedGrants) {
      if (g.tenantId !== input.tenantId || g.clientId !== input.clientId || g.resourceAppId !== input.resourceAppId) continue;
      if (g.consentType === "Principal" && g.principalId !== input.userObjectId) continue;
      for (const s of g.scopes) granted.add(s);
    }
    return granted;
  }

  // --- app roles -------------------------------------------------------------------------------------------------

  assignAppRole(assignment: AppRoleAssignment): void {
    const duplicate = this.appRoleAssignments.some(
      (a) =>
        a.tenantId === assignment.tenantId &&
        a.resourceAppId === assignment.resourceAppId &&
        a.appRoleValue === assignment.appRoleValue &&
        a.principalType === assignment.principalType &&
        (a.principalType === "User"
          ? assignment.principalType === "User" && a.principalId === assignment.principalId
          : assignment.principalType === "ServicePrincipal" && a.clientId === assignment.clientId),
    );
    if (!duplicate) this.appRoleAssignments.push(assignment);
  }

  removeAppRoleAssignments(predicate: (a: AppRoleAssignment) => boolean): number {
    const keep = this.appRoleAssignments.filter((a) => !predicate(a));
    const removed = this.appRoleAssignments.length - keep.length;
    this.appRoleAssignments.splice(0, this.appRoleAssignments.length, ...keep);
    return removed;
  }

  /** Application permissions an admin granted this client on this resource: the app-only token's `roles`. */
  clientRoles(tenantId: string, clientId: string, resourceAppId: string): string[] {
    return this.appRoleAssignments
      .filter((a) => a.tenantId === tenantId && a.resourceAppId === resourceAppId && a.principalType === "ServicePrincipal" && a.clientId === clientId)
      .map((a) => a.appRoleValue);
  }

  /** App roles assigned to a user on an application (Sync.Admin…): the `roles` claim of tokens about that user. */
  userRoles(userObjectId: string, resourceAppId: string): string[] {
    return this.appRoleAssignments
      .filter((a) => a.resourceAppId === resourceAppId && a.principalType === "User" && a.principalId === userObjectId)
      .map((a) => a.appRoleValue);
  }
}
