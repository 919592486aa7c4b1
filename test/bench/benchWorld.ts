import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import type { RunningServer } from "../../server/main";
import { startServer } from "../../server/main";
import type { ExchangeSimulator } from "../simulators/exchange";
import { startExchangeSimulator } from "../simulators/exchange";
import type { SalesforceSimulator } from "../simulators/salesforce";
import { startSalesforceSimulator } from "../simulators/salesforce";
import { SimulatedClock } from "../simulators/shared/clock";
import type { EntraWorld } from "../simulators/world/entraWorld";
import { startEntraWorld } from "../simulators/world/entraWorld";
import { freePort } from "../support/ports";

/**
 * A benchmark world: Contoso's admin consented app-only access (mass activation), N mailboxes exist in Exchange and
 * are active in our store, Salesforce is connected. The server runs in this process with its scheduler off; the
 * benchmark drives the sync cycles.
 */
export interface BenchWorld {
  readonly entra: EntraWorld;
  readonly exchange: ExchangeSimulator;
  readonly salesforce: SalesforceSimulator;
  readonly server: RunningServer;
  readonly concurrency: { readonly syncs: number; readonly callsPerAccount: number };
  close(): Promise<void>;
}

export async function startBenchWorld(o: { mailboxes: number; exchangeLatencyMs: number; seed?: (exchange: ExchangeSimulator, smtp: string, i: number) => void; salesforceContacts?: readonly string[] }): Promise<BenchWorld> {
  const clock = new SimulatedClock();
  const port = await freePort();
  const url = `https://localhost:${port}`;
  const entra = await startEntraWorld(url, { clock });
  entra.entra.control.grantAdminConsent({ tenant: entra.contoso.tenantId, clientId: entra.app.clientId });
  const exchange = await startExchangeSimulator({ mode: "online", trust: { jwksUri: entra.entra.jwksUri("common") }, clock, latencyMs: o.exchangeLatencyMs });
  exchange.control.createTenant({ tenantId: entra.contoso.tenantId, domains: ["contoso.com"], ewsEnabled: true, ewsAllowedAppIds: [entra.app.clientId] });
  const salesforce = await startSalesforceSimulator({ clock });
  if (o.salesforceContacts?.length) salesforce.control.seed(salesforce.defaultOrg.orgId, { contacts: [...o.salesforceContacts] });
  for (let i = 0; i < o.mailboxes; i++) {
    const smtp = `user${i}@contoso.com`;
    exchange.control.createMailbox({ smtp, tenantId: entra.contoso.tenantId });
    o.seed?.(exchange, smtp, i);
  }
  const dataDir = mkdtempSync(join(tmpdir(), "mailsync-bench-"));
  const concurrency = { syncs: 64, callsPerAccount: 10 };
  const config = loadConfig({
    ...entra.env,
    EWS_URL: exchange.ewsUrl,
    SALESFORCE_LOGIN_URL: salesforce.url,
    SALESFORCE_CLIENT_ID: salesforce.defaultApp.clientId,
    SALESFORCE_CLIENT_SECRET: salesforce.defaultApp.clientSecret,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: "error",
    SYNC_CONCURRENCY: String(concurrency.syncs),
    EWS_CALLS_PER_ACCOUNT: String(concurrency.callsPerAccount),
    SYNC_BACKFILL_DAYS: "3650",
  });
  const server = await startServer(config, createLogger("error"), { scheduler: false });
  const s = server.services;
  await s.mailboxes.ensureTenant(entra.contoso.tenantId, "Contoso");
  const sfTokens = salesforce.control.issueRefreshToken(salesforce.defaultApp.clientId, salesforce.defaultOrg.admin.username);
  await s.crmConnections.save({ tenantId: entra.contoso.tenantId, kind: "salesforce", loginUrl: salesforce.url, instanceUrl: sfTokens.instanceUrl, username: null, refreshToken: sfTokens.refreshToken });
  await s.db.query(
    `insert into mailboxes (tenant_id, email, provider, access, status, next_sync_at)
     select $1, 'user' || g || '@contoso.com', 'ews', 'app_only', 'active', now() from generate_series(0, $2 - 1) as g`,
    [entra.contoso.tenantId, o.mailboxes],
  );
  return {
    entra,
    exchange,
    salesforce,
    server,
    concurrency,
    async close() {
      await server.close();
      await Promise.allSettled([entra.entra.close(), exchange.close(), salesforce.close()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One full cycle: every due mailbox synced once. Returns the wall time in seconds. */
export async function runCycle(server: RunningServer): Promise<number> {
  const t0 = process.hrtime.bigint();
  await server.services.scheduler.tick();
  await server.services.scheduler.pool.idle();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
