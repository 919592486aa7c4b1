import type { ExchangeSimulator } from "../exchange";
import { startExchangeSimulator } from "../exchange";
import type { SalesforceSimulator } from "../salesforce";
import { startSalesforceSimulator } from "../salesforce";
import { SimulatedClock } from "../shared/clock";
import type { EntraWorld } from "./entraWorld";
import { startEntraWorld } from "./entraWorld";

/**
 * A whole customer world on loopback, as the demo, the end-to-end tests and the benchmarks need it: Contoso's sales
 * team in Entra ID and Exchange Online (EWS allowed for our app), their customers as contacts and leads in
 * Salesforce, and mail and meetings between them. Fabrikam is a second tenant that allows no user consent; Woodgrove
 * a third whose Exchange Online blocks EWS (its admin never allow-listed our app), as every tenant does by default
 * since October 2026: its app-only mailboxes move to Microsoft Graph.
 */
export interface SalesWorld extends EntraWorld {
  readonly clock: SimulatedClock;
  readonly exchange: ExchangeSimulator;
  readonly salesforce: SalesforceSimulator;
  readonly salesforceOrgId: string;
  /** Customers in Salesforce: contacts first, then leads. */
  readonly customers: { readonly contacts: readonly string[]; readonly leads: readonly string[] };
  /** A Salesforce refresh token for Contoso's org, as an admin connecting it would give us. */
  readonly crmConnection: { readonly loginUrl: string; readonly instanceUrl: string; readonly username: string; readonly refreshToken: string };
  /** Woodgrove's own Salesforce org and the admin who connects it. */
  readonly woodgroveCrm: { readonly orgId: string; readonly username: string };
  /** The server's environment for this world. */
  readonly env: Record<string, string>;
  /** One line per simulator, for a banner. */
  readonly describe: readonly string[];
  close(): Promise<void>;
}

export interface SalesWorldOptions {
  /** First of three consecutive ports (Entra, Exchange, Salesforce); 0 = any free ports. */
  readonly portBase?: number;
  /** Messages and meetings seeded per rep's mailbox. */
  readonly messagesPerMailbox?: number;
  readonly eventsPerMailbox?: number;
  readonly exchangeLatencyMs?: number;
}

const reps = ["adele", "diego", "megan", "grady"] as const;

export async function startSalesWorld(publicUrl: string, options: SalesWorldOptions = {}): Promise<SalesWorld> {
  const clock = new SimulatedClock();
  const port = (i: number) => (options.portBase ? options.portBase + i : 0);
  const entraWorld = await startEntraWorld(publicUrl, { clock, port: port(0) });
  const exchange = await startExchangeSimulator({
    mode: "online",
    // Exchange Online accepts only its tenant's own v1 issuer; the Entra simulator's is https://localhost:PORT/{tid}/.
    trust: { jwksUri: entraWorld.entra.jwksUri("common"), issuerPrefix: `${entraWorld.entra.url}/` },
    clock,
    port: port(1),
    latencyMs: options.exchangeLatencyMs ?? 0,
  });
  // The packaged app as Salesforce's best practice sets it up: our callback, PKCE required, refresh tokens rotated.
  const salesforce = await startSalesforceSimulator({
    clock,
    port: port(2),
    defaultOrg: { name: "Contoso Sales" },
    defaultApp: { callbackUrls: [`${publicUrl}/api/crm/salesforce/callback`], requirePkce: true, rotateRefreshTokens: true },
  });
  try {
    // Contoso's admin allow-listed our app for EWS (required in Exchange Online since October 2026).
    exchange.control.createTenant({ tenantId: entraWorld.contoso.tenantId, domains: ["contoso.com", "contoso.onmicrosoft.com"], ewsEnabled: true, ewsAllowedAppIds: [entraWorld.app.clientId] });
    exchange.control.createTenant({ tenantId: entraWorld.fabrikam.tenantId, domains: ["fabrikam.com"], ewsEnabled: true, ewsAllowedAppIds: [entraWorld.app.clientId] });
    exchange.control.createTenant({ tenantId: entraWorld.woodgrove.tenantId, domains: ["woodgrove.com"], ewsEnabled: false });

    const orgId = salesforce.defaultOrg.orgId;
    const contacts = ["buyer@fabrikam.com", "cto@fabrikam.com", "ops@tailspin.com", "ceo@tailspin.com", "finance@wingtip.com", "it@wingtip.com"];
    const leads = ["lead@northwind.com", "hello@adventure-works.com"];
    const customerSeed = {
      accounts: ["Fabrikam", "Tailspin Toys", "Wingtip Toys"],
      contacts: [
        { email: "buyer@fabrikam.com", firstName: "Bea", lastName: "Buyer", accountName: "Fabrikam", title: "Buyer" },
        { email: "cto@fabrikam.com", firstName: "Cyd", lastName: "Tech", accountName: "Fabrikam", title: "CTO" },
        { email: "ops@tailspin.com", firstName: "Otto", lastName: "Ops", accountName: "Tailspin Toys" },
        { email: "ceo@tailspin.com", firstName: "Tia", lastName: "Spin", accountName: "Tailspin Toys", title: "CEO" },
        { email: "finance@wingtip.com", firstName: "Fin", lastName: "Wing", accountName: "Wingtip Toys" },
        { email: "it@wingtip.com", firstName: "Ivy", lastName: "Tee", accountName: "Wingtip Toys" },
      ],
      leads: [
        { email: "lead@northwind.com", firstName: "Lee", lastName: "Lead", company: "Northwind Traders" },
        { email: "hello@adventure-works.com", firstName: "Ada", lastName: "Works", company: "Adventure Works" },
      ],
    };
    salesforce.control.seed(orgId, customerSeed);
    // Woodgrove is a customer of its own: its own Salesforce org, with the same customers, so its activities never
    // land in Contoso's CRM.
    const woodgroveOrg = salesforce.control.createOrg({ name: "Woodgrove Sales", admin: { username: "crm-admin@woodgrove.com.crm", firstName: "Wren", lastName: "Admin", email: "crm-admin@woodgrove.com" } });
    salesforce.control.seed(woodgroveOrg.orgId, customerSeed);
    salesforce.control.addUsers(
      orgId,
      reps.map((r) => ({ username: `${r}@contoso.com.crm`, firstName: r[0]?.toUpperCase() + r.slice(1), lastName: "Rep", email: `${r}@contoso.com` })),
    );

    const externals = [...contacts, ...leads, "someone@gmail.com", "stranger@litware.com"].map((email) => ({ name: email.split("@")[0] ?? email, email }));
    const colleagues = reps.map((r) => ({ name: r[0]?.toUpperCase() + r.slice(1), email: `${r}@contoso.com` }));
    reps.forEach((r, i) => {
      const smtp = `${r}@contoso.com`;
      // The Entra object id makes Graph's /users/{id} and a delegated token's oid name the same mailbox.
      exchange.control.createMailbox({ smtp, displayName: colleagues[i]?.name, tenantId: entraWorld.contoso.tenantId, userId: entraWorld.users[r].objectId });
      exchange.control.seedMailbox(smtp, {
        seed: 1000 + i,
        messages: options.messagesPerMailbox ?? 40,
        events: options.eventsPerMailbox ?? 8,
        colleagues,
        externals,
        customerRatio: 0.4,
        spanDays: 30,
      });
    });
    const woodgroveTeam = [
      { name: "Kai", email: "kai@woodgrove.com" },
      { name: "Lina", email: "lina@woodgrove.com" },
    ];
    (["kai", "lina"] as const).forEach((r, i) => {
      const smtp = `${r}@woodgrove.com`;
      exchange.control.createMailbox({ smtp, displayName: woodgroveTeam[i]?.name, tenantId: entraWorld.woodgrove.tenantId, userId: entraWorld.users[r].objectId });
      exchange.control.seedMailbox(smtp, { seed: 2000 + i, messages: options.messagesPerMailbox ?? 40, events: options.eventsPerMailbox ?? 8, colleagues: woodgroveTeam, externals, customerRatio: 0.4, spanDays: 30 });
    });
    exchange.control.createMailbox({ smtp: "alex@fabrikam.com", displayName: "Alex Wilber", tenantId: entraWorld.fabrikam.tenantId, userId: entraWorld.users.alex.objectId });

    const sfApp = salesforce.defaultApp;
    const tokens = salesforce.control.issueRefreshToken(sfApp.clientId, salesforce.defaultOrg.admin.username);
    return {
      ...entraWorld,
      clock,
      exchange,
      salesforce,
      salesforceOrgId: orgId,
      customers: { contacts, leads },
      woodgroveCrm: { orgId: woodgroveOrg.orgId, username: woodgroveOrg.admin.username },
      crmConnection: { loginUrl: salesforce.url, instanceUrl: tokens.instanceUrl, username: salesforce.defaultOrg.admin.username, refreshToken: tokens.refreshToken },
      env: {
        ...entraWorld.env,
        EWS_URL: exchange.ewsUrl,
        // The simulators listen on loopback: opened explicitly, as a company-internal deployment opens its own networks.
        ALLOWED_PRIVATE_NETWORKS: "127.0.0.0/8,::1/128",
        // The Graph face of the same Exchange simulator (same mailboxes); tokens keep the real resource URI.
        GRAPH_URL: exchange.graphUrl as string,
        GRAPH_RESOURCE: "https://graph.microsoft.com",
        SALESFORCE_LOGIN_URL: salesforce.url,
        SALESFORCE_CLIENT_ID: sfApp.clientId,
        SALESFORCE_CLIENT_SECRET: sfApp.clientSecret,
      },
      describe: [
        `Entra ID    ${entraWorld.entra.url}  (tenants Contoso, Fabrikam and Woodgrove; sign in as adele@contoso.com / ${entraWorld.password})`,
        `Exchange    ${exchange.ewsUrl}`,
        `Graph       ${exchange.graphUrl as string}  (same mailboxes as EWS)`,
        `Salesforce  ${salesforce.url}`,
      ],
      async close() {
        await Promise.allSettled([entraWorld.entra.close(), exchange.close(), salesforce.close()]);
      },
    };
  } catch (err) {
    await Promise.allSettled([entraWorld.entra.close(), exchange.close(), salesforce.close()]);
    throw err;
  }
}
