import type { EntraSimulator } from "../entra";
import { startEntraSimulator } from "../entra";
import type { SimulatedClock } from "../shared/clock";

/**
 * Our product as registered in a customer's Entra ID (README, "Register the Entra app"), inside the Entra simulator:
 * the app with its redirect URIs, roles and permissions, and two customer tenants — Contoso, where users may consent,
 * and Fabrikam, where only admins may; Woodgrove, whose admin consented for the whole organisation (app-only access).
 */
export interface EntraWorld {
  readonly entra: EntraSimulator;
  readonly app: { readonly clientId: string; readonly clientSecret: string; readonly secretKeyId: string };
  readonly contoso: { readonly tenantId: string; readonly domain: string };
  readonly fabrikam: { readonly tenantId: string; readonly domain: string };
  /** A tenant whose Exchange Online blocks EWS (never allow-listed our app); its admin consented for the organisation. */
  readonly woodgrove: { readonly tenantId: string; readonly domain: string };
  readonly users: Record<"adele" | "megan" | "diego" | "grady" | "alex" | "fabrikamAdmin" | "woodgroveAdmin" | "kai" | "lina", WorldUser>;
  readonly password: string;
  /** Server environment for this identity platform. */
  readonly env: Record<string, string>;
}

export interface WorldUser {
  readonly objectId: string;
  readonly upn: string;
  readonly tenantId: string;
}

export async function startEntraWorld(publicUrl: string, options: { clock?: SimulatedClock; port?: number } = {}): Promise<EntraWorld> {
  const entra = await startEntraSimulator({ clock: options.clock, port: options.port });
  const c = entra.control;
  const password = "Passw0rd!";
  // Fixed ids: a demo restarted on the same data folder finds its tenants and users again.
  const contoso = c.addTenant({ id: "5d2f3c41-7a0e-4c7b-9d1a-0c0a7e5b2f11", displayName: "Contoso", verifiedDomains: ["contoso.com", "contoso.onmicrosoft.com"] });
  const fabrikam = c.addTenant({ id: "8b6e1f27-3c4d-4e8a-b5f0-2d9c7a1e6b22", displayName: "Fabrikam", verifiedDomains: ["fabrikam.com"], consentPolicy: "adminApprovalRequired" });
  const woodgrove = c.addTenant({ id: "c3a9e0d2-5b1f-4a6c-8e7d-3f2a1b0c9d33", displayName: "Woodgrove", verifiedDomains: ["woodgrove.com"] });
  const host = new URL(publicUrl).host;
  const app = c.registerApp({
    homeTenant: contoso.id,
    clientId: "0f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a44",
    displayName: "CRM Sync",
    signInAudience: "AzureADMultipleOrgs",
    webRedirectUris: [`${publicUrl}/api/connect/callback`, `${publicUrl}/api/connect/admin-consent/callback`],
    // The last one is the demo Outlook's token broker (addin/demo/standIn/tokenBroker.ts): it stands in for Outlook's
    // native broker, whose brk-multihub redirect a browser cannot land on.
    spaRedirectUris: [`brk-multihub://${host}`, `${publicUrl}/auth/dialog.html`, `${publicUrl}/console.html`, `${publicUrl}/demo/broker.html`],
    appRoles: [
      { value: "Sync.Admin", displayName: "Sync administrator", allowedMemberTypes: ["User"] },
      { value: "Sync.Support", displayName: "Sync support", allowedMemberTypes: ["User"] },
    ],
    exposeApi: { scopes: [{ value: "access_as_user", adminConsentRequired: false }] },
    accessTokenAcceptedVersion: 2,
    requiredResourceAccess: [
      { resource: "exchange", scopes: ["EWS.AccessAsUser.All"], roles: ["full_access_as_app"] },
      { resource: "graph", scopes: ["openid", "profile", "email", "offline_access", "User.Read", "Mail.Read", "Calendars.Read"], roles: ["Mail.Read", "Calendars.Read", "User.Read.All"] },
      { resource: "self", scopes: ["access_as_user"] },
    ],
  });
  const secret = c.addClientSecret({ clientId: app.clientId, displayName: "server" });
  let n = 0;
  const user = (tenantId: string, upn: string, displayName: string, extra: { isAdmin?: boolean } = {}): WorldUser => {
    const objectId = `a1b2c3d4-0000-4000-8000-${String(++n).padStart(12, "0")}`;
    const u = c.addUser({ tenant: tenantId, userPrincipalName: upn, displayName, password, objectId, ...extra });
    return { objectId: u.objectId, upn, tenantId };
  };
  const users = {
    adele: user(contoso.id, "adele@contoso.com", "Adele Vance"),
    megan: user(contoso.id, "megan@contoso.com", "Megan Bowen", { isAdmin: true }),
    diego: user(contoso.id, "diego@contoso.com", "Diego Siciliani"),
    grady: user(contoso.id, "grady@contoso.com", "Grady Archie"),
    alex: user(fabrikam.id, "alex@fabrikam.com", "Alex Wilber"),
    fabrikamAdmin: user(fabrikam.id, "admin@fabrikam.com", "Fabrikam Admin", { isAdmin: true }),
    woodgroveAdmin: user(woodgrove.id, "admin@woodgrove.com", "Wanda Grove", { isAdmin: true }),
    kai: user(woodgrove.id, "kai@woodgrove.com", "Kai Carter"),
    lina: user(woodgrove.id, "lina@woodgrove.com", "Lina Park"),
  };
  c.assignAppRole({ user: users.woodgroveAdmin.objectId, resource: app.clientId, role: "Sync.Admin" });
  c.grantAdminConsent({ tenant: woodgrove.id, clientId: app.clientId });
  c.assignAppRole({ user: users.megan.objectId, resource: app.clientId, role: "Sync.Admin" });
  c.assignAppRole({ user: users.grady.objectId, resource: app.clientId, role: "Sync.Support" });
  return {
    entra,
    app: { clientId: app.clientId, clientSecret: secret.secretText, secretKeyId: secret.keyId },
    contoso: { tenantId: contoso.id, domain: "contoso.com" },
    fabrikam: { tenantId: fabrikam.id, domain: "fabrikam.com" },
    woodgrove: { tenantId: woodgrove.id, domain: "woodgrove.com" },
    users,
    password,
    env: {
      ENTRA_AUTHORITY_HOST: entra.url,
      ENTRA_CLIENT_ID: app.clientId,
      ENTRA_CLIENT_SECRET: secret.secretText,
      ENTRA_TENANT: "organizations",
    },
  };
}
