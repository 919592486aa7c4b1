import type { RunningServer } from "../../server/main";
import type { SalesWorld } from "../../test/simulators/world/salesWorld";
import { connectSalesforce } from "./salesforceConnect";

/** Woodgrove's mailboxes its admin activated with app-only access while the organisation still chose EWS. */
const woodgroveMailboxes = [
  { email: "kai@woodgrove.com", displayName: "Kai Carter" },
  { email: "lina@woodgrove.com", displayName: "Lina Park" },
] as const;

/**
 * The demo's second organisation, Woodgrove: its admin chose EWS and mass-activated two mailboxes with app-only access,
 * but Exchange Online blocks EWS for the tenant (the default since October 2026). Their first sync finds EWS blocked and
 * moves each to Microsoft Graph by itself, audited as done by "system", which admin@woodgrove.com sees in the console.
 * Set up once: a restarted demo on the same data folder keeps what the console changed since.
 */
export async function setUpBlockedTenant(server: RunningServer, world: SalesWorld): Promise<void> {
  const { mailboxes, tenants, crmConnect } = server.services;
  const tenantId = world.woodgrove.tenantId;
  await mailboxes.ensureTenant(tenantId, "Woodgrove");
  // The simulators start afresh each time, so Woodgrove's own Salesforce org is connected each time.
  const connected = await connectSalesforce(crmConnect, { tenantId, oid: "demo-start-up", actor: "demo start-up" }, { username: world.woodgroveCrm.username });
  if (connected.result !== "connected") console.error(`The demo could not connect Woodgrove's Salesforce: ${connected.message}`);
  if (await mailboxes.findByEmail(tenantId, woodgroveMailboxes[0].email)) return;
  await tenants.setTransport(tenantId, "ews");
  await tenants.recordAdminConsent(tenantId, true);
  for (const m of woodgroveMailboxes) {
    await mailboxes.activateManaged({ tenantId, email: m.email, displayName: m.displayName, access: "app_only", serviceAccountId: null, provider: "ews" });
  }
}
