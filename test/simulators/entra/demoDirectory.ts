import type { EntraControl } from "./control";

/**
 * A ready-made directory for demos and tests that do not care about the details: our app registered in Contoso with
 * the permissions the product needs, a few users, and a second tenant (Fabrikam) that requires admin approval.
 */

export interface DemoDirectory {
  readonly contoso: { readonly tenantId: string; readonly domain: string };
  readonly fabrikam: { readonly tenantId: string; readonly domain: string };
  readonly app: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly secretKeyId: string;
    readonly webRedirectUri: string;
    readonly spaRedirectUri: string;
    readonly apiScope: string;
  };
  readonly users: {
    /** Ordinary user, password "Passw0rd!". */
    readonly adele: { readonly objectId: string; readonly upn: string; readonly password: string };
    /** Global admin, password "Passw0rd!". */
    readonly megan: { readonly objectId: string; readonly upn: string; readonly password: string };
    /** Must use MFA, password "Passw0rd!". */
    readonly diego: { readonly objectId: string; readonly upn: string; readonly password: string };
    /** Ordinary Fabrikam user. */
    readonly fabrikamUser: { readonly objectId: string; readonly upn: string; readonly password: string };
    readonly fabrikamAdmin: { readonly objectId: string; readonly upn: string; readonly password: string };
  };
}

export function seedDemoDirectory(
  control: EntraControl,
  options: { webRedirectUri?: string; spaRedirectUri?: string } = {},
): DemoDirectory {
  const password = "Passw0rd!";
  const contoso = control.addTenant({ displayName: "Contoso", verifiedDomains: ["contoso.com", "contoso.onmicrosoft.com"] });
  const fabrikam = control.addTenant({ displayName: "Fabrikam", verifiedDomains: ["fabrikam.com"], consentPolicy: "adminApprovalRequired" });
  const user = (tenant: string, upn: string, displayName: string, extra: { isAdmin?: boolean; mfaRequired?: boolean } = {}) => {
    const created = control.addUser({ tenant, userPrincipalName: upn, displayName, password, ...extra });
    return { objectId: created.objectId, upn, password };
  };
  // By default the app lives at a reserved name that never resolves (RFC 2606), so no test can reach a server someone
  // runs on this machine (`npm start` on localhost:3000); a test that follows the redirect passes the URI it bound.
  const appOrigin = "https://app.invalid";
  const webRedirectUri = options.webRedirectUri ?? `${appOrigin}/auth/callback`;
  const spaRedirectUri = options.spaRedirectUri ?? `${appOrigin}/taskpane.html`;
  const app = control.registerApp({
    homeTenant: contoso.id,
    displayName: "CRM Mail Sync",
    signInAudience: "AzureADMultipleOrgs",
    webRedirectUris: [webRedirectUri],
    spaRedirectUris: [spaRedirectUri, `brk-multihub://${new URL(spaRedirectUri).host}`],
    appRoles: [
      { value: "Sync.Admin", displayName: "Sync administrator", allowedMemberTypes: ["User"] },
      { value: "Sync.Support", displayName: "Sync support", allowedMemberTypes: ["User"] },
    ],
    exposeApi: { scopes: [{ value: "access_as_user", adminConsentRequired: false }] },
    accessTokenAcceptedVersion: 2,
    requiredResourceAccess: [
      { resource: "graph", scopes: ["openid", "profile", "offline_access", "User.Read", "Mail.Read", "Calendars.Read"], roles: ["Mail.Read", "Calendars.Read"] },
      { resource: "exchange", scopes: ["EWS.AccessAsUser.All"], roles: ["full_access_as_app"] },
      { resource: "self", scopes: ["access_as_user"] },
    ],
  });
  const secret = control.addClientSecret({ clientId: app.clientId, displayName: "demo" });
  const megan = user(contoso.id, "megan@contoso.com", "Megan Bowen", { isAdmin: true });
  const users = {
    adele: user(contoso.id, "adele@contoso.com", "Adele Vance"),
    megan,
    diego: user(contoso.id, "diego@contoso.com", "Diego Siciliani", { mfaRequired: true }),
    fabrikamUser: user(fabrikam.id, "alex@fabrikam.com", "Alex Wilber"),
    fabrikamAdmin: user(fabrikam.id, "admin@fabrikam.com", "Fabrikam Admin", { isAdmin: true }),
  };
  control.assignAppRole({ user: megan.objectId, resource: app.clientId, role: "Sync.Admin" });
  return {
    contoso: { tenantId: contoso.id, domain: "contoso.com" },
    fabrikam: { tenantId: fabrikam.id, domain: "fabrikam.com" },
    app: {
      clientId: app.clientId,
      clientSecret: secret.secretText,
      secretKeyId: secret.keyId,
      webRedirectUri,
      spaRedirectUri,
      apiScope: `api://${app.clientId}/access_as_user`,
    },
    users,
  };
}
