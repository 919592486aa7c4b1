/**
 * A small Graph test world: a token issuer standing in for Entra (v1 tokens for https://graph.microsoft.com), an
 * online Exchange simulator, one tenant with seeded mailboxes, and tokens for the usual callers.
 */
import type { ExchangeSimulator } from "../../exchange";
import { startExchangeSimulator } from "../../exchange";
import type { TokenIssuer } from "../../exchange/testing/tokenIssuer";
import { startTokenIssuer } from "../../exchange/testing/tokenIssuer";
import { GRAPH_AUDIENCE } from "./graphClient";

export const TENANT = "8e0f6a1b-9c2d-4e3f-a4b5-c6d7e8f9a0b1";
export const OTHER_TENANT = "11111111-2222-3333-4444-555555555555";
export const ALICE = "alice@contoso.com";
export const BOB = "bob@contoso.com";
export const APP_ID = "6731de76-14a6-49ae-97bc-6eba6914391e";

export interface GraphTestWorld {
  readonly issuer: TokenIssuer;
  readonly sim: ExchangeSimulator;
  readonly graphUrl: string;
  /** Delegated alice: Mail.Read Calendars.Read User.Read. */
  readonly alice: string;
  /** App-only: roles Mail.Read Calendars.Read User.Read.All. */
  readonly app: string;
  delegated(upn: string, scp: string): Promise<string>;
  appOnly(roles: string[], extra?: { tenantId?: string; appId?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startGraphTestWorld(opts: { messages?: number; events?: number } = {}): Promise<GraphTestWorld> {
  const issuer = await startTokenIssuer();
  const sim = await startExchangeSimulator({ mode: "online", trust: { jwksUri: issuer.jwksUri, issuerPrefix: issuer.issuerPrefix } });
  sim.control.createTenant({ tenantId: TENANT, domains: ["contoso.com"] });
  sim.control.createTenant({ tenantId: OTHER_TENANT, domains: ["fabrikam.com"] });
  for (const [i, smtp] of [ALICE, BOB].entries()) {
    sim.control.createMailbox({ smtp, tenantId: TENANT });
    sim.control.seedMailbox(smtp, { seed: 7 + i, messages: opts.messages ?? 40, events: opts.events ?? 6, privateRatio: 0.2 });
  }
  const delegated = (upn: string, scp: string) => issuer.delegated(upn, { tenantId: TENANT, audience: GRAPH_AUDIENCE, scp });
  const appOnly = (roles: string[], extra: { tenantId?: string; appId?: string } = {}) =>
    issuer.appOnly({ tenantId: extra.tenantId ?? TENANT, appId: extra.appId ?? APP_ID, audience: GRAPH_AUDIENCE, roles });
  return {
    issuer,
    sim,
    graphUrl: sim.graphUrl as string,
    alice: await delegated(ALICE, "Mail.Read Calendars.Read User.Read"),
    app: await appOnly(["Mail.Read", "Calendars.Read", "User.Read.All"]),
    delegated,
    appOnly,
    async close() {
      await sim.close();
      await issuer.close();
    },
  };
}
