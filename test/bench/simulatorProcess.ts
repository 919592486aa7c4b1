import { monitorEventLoopDelay } from "node:perf_hooks";
import { SimulatedClock } from "../simulators/shared/clock";
import { startExchangeSimulator } from "../simulators/exchange";
import { startSalesforceSimulator } from "../simulators/salesforce";
import { startEntraWorld } from "../simulators/world/entraWorld";
import type { FromSimulators, ToSimulators, WorldInfo, WorldSpec } from "./worldSpec";

/**
 * The bench's simulators in a process of their own (forked by simulatorHandle.ts), so the figures measure the server:
 * its CPU and memory are not shared with Exchange, Entra and Salesforce stand-ins. Builds the world it is sent, answers
 * with the settings the server needs, reports its CPU time on request, and exits when told to close.
 */
let close: (() => Promise<unknown>) | null = null;
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

function send(m: FromSimulators): void {
  process.send?.(m);
}

async function build(spec: WorldSpec): Promise<WorldInfo> {
  const clock = new SimulatedClock();
  const entra = await startEntraWorld(spec.publicUrl, { clock });
  entra.entra.control.grantAdminConsent({ tenant: entra.contoso.tenantId, clientId: entra.app.clientId });
  const exchange = await startExchangeSimulator({ mode: "online", trust: { jwksUri: entra.entra.jwksUri("common") }, clock, latencyMs: spec.exchangeLatencyMs });
  exchange.control.createTenant({ tenantId: entra.contoso.tenantId, domains: ["contoso.com"], ewsEnabled: true, ewsAllowedAppIds: [entra.app.clientId] });
  const salesforce = await startSalesforceSimulator({ clock });
  if (spec.salesforceContacts?.length) salesforce.control.seed(salesforce.defaultOrg.orgId, { contacts: [...spec.salesforceContacts] });
  for (let i = 0; i < spec.mailboxes; i++) {
    const smtp = `user${i}@contoso.com`;
    exchange.control.createMailbox({ smtp, tenantId: entra.contoso.tenantId });
    if (spec.seed) {
      const { baseSeed, ...content } = spec.seed;
      exchange.control.seedMailbox(smtp, { ...content, seed: baseSeed + i, colleagues: [...content.colleagues], externals: [...content.externals] });
    }
  }
  const tokens = salesforce.control.issueRefreshToken(salesforce.defaultApp.clientId, salesforce.defaultOrg.admin.username);
  close = () => Promise.allSettled([entra.entra.close(), exchange.close(), salesforce.close()]);
  return {
    entraEnv: entra.env,
    tenantId: entra.contoso.tenantId,
    ewsUrl: exchange.ewsUrl,
    graphUrl: exchange.graphUrl ?? "",
    salesforce: {
      url: salesforce.url,
      clientId: salesforce.defaultApp.clientId,
      clientSecret: salesforce.defaultApp.clientSecret,
      instanceUrl: tokens.instanceUrl,
      refreshToken: tokens.refreshToken,
    },
  };
}

process.on("message", (m: ToSimulators) => {
  switch (m.type) {
    case "start":
      build(m.spec).then(
        (info) => send({ type: "ready", info }),
        (err: unknown) => send({ type: "failed", error: (err as Error).stack ?? String(err) }),
      );
      return;
    case "cpu": {
      const u = process.cpuUsage();
      send({
        type: "cpu",
        reading: { cpuSeconds: (u.user + u.system) / 1e6, rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024), loopDelayMeanMs: loopDelay.mean / 1e6 },
      });
      loopDelay.reset();
      return;
    }
    case "close":
      void (close?.() ?? Promise.resolve()).finally(() => process.exit(0));
      return;
  }
});
// The bench went away without saying goodbye: do not linger.
process.on("disconnect", () => process.exit(0));
