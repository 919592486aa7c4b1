import { monitorEventLoopDelay } from "node:perf_hooks";
import { SimulatedClock } from "../simulators/shared/clock";
import { startExchangeSimulator } from "../simulators/exchange";
import { startSalesforceSimulator } from "../simulators/salesforce";
import { startEntraWorld } from "../simulators/world/entraWorld";
import { startCycleProfile } from "./cycleProfile";
import type { FromSimulators, ToSimulators, WorldInfo, WorldSpec } from "./worldSpec";

/**
 * The bench's simulators in a process of their own (forked by simulatorHandle.ts), so the figures measure the server:
 * its CPU and memory are not shared with Exchange, Entra and Salesforce stand-ins. Builds the world it is sent, answers
 * with the settings the server needs, reports its CPU time on request, and exits when told to close.
 */
let close: (() => Promise<unknown>) | null = null;
/**
 * `BENCH_SIMULATOR_CPU_PROFILE=<folder>`: a CPU profile of the simulators for each span between two CPU readings (the
 * bench reads before and after every cycle, so one profile holds exactly the measured cycle); set-up is left out.
 */
const profileFolder = process.env.BENCH_SIMULATOR_CPU_PROFILE;
let stopProfile: (() => Promise<void>) | null = null;
let readings = 0;
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

function send(m: FromSimulators): void {
  process.send?.(m);
}

async function build(spec: WorldSpec): Promise<WorldInfo> {
  const clock = new SimulatedClock();
  const entra = await startEntraWorld(spec.publicUrl, { clock });
  const salesforce = await startSalesforceSimulator({ clock });
  if (spec.salesforceContacts?.length) salesforce.control.seed(salesforce.defaultOrg.orgId, { contacts: [...spec.salesforceContacts] });
  const exchange = await startExchangeSimulator({ mode: "online", trust: { jwksUri: entra.entra.jwksUri("common") }, clock, latencyMs: spec.exchangeLatencyMs });
  const contoso = { tenantId: entra.contoso.tenantId, domain: "contoso.com" };
  const tenants = [contoso];
  for (let k = 1; k < (spec.tenants ?? 1); k++) {
    const domain = `tenant${k}.example`;
    tenants.push({ tenantId: entra.entra.control.addTenant({ displayName: `Tenant ${k}`, verifiedDomains: [domain] }).id, domain });
  }
  for (const t of tenants) {
    entra.entra.control.grantAdminConsent({ tenant: t.tenantId, clientId: entra.app.clientId });
    exchange.control.createTenant({ tenantId: t.tenantId, domains: [t.domain], ewsEnabled: true, ewsAllowedAppIds: [entra.app.clientId] });
  }
  for (let i = 0; i < spec.mailboxes; i++) {
    const t = tenants[i % tenants.length] ?? contoso;
    const smtp = `user${i}@${t.domain}`;
    exchange.control.createMailbox({ smtp, tenantId: t.tenantId });
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
    tenants,
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
      if (profileFolder) void nextProfile();
      return;
    }
    case "close":
      void (close?.() ?? Promise.resolve()).finally(() => process.exit(0));
      return;
  }
});
async function nextProfile(): Promise<void> {
  await stopProfile?.();
  stopProfile = await startCycleProfile(`simulators-span${++readings}`, profileFolder);
}

// The bench went away without saying goodbye: do not linger.
process.on("disconnect", () => process.exit(0));
