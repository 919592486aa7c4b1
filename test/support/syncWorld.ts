import type { Provider } from "../../server/domain/mailboxStatus";
import type { RunSummary } from "../../server/jobs/syncRunner";
import type { HostResolver } from "../../server/mailbox/onprem/hostResolver";
import type { GroundTruthItem } from "../simulators/exchange";
import type { SalesWorld } from "../simulators/world/salesWorld";
import { startSalesWorld } from "../simulators/world/salesWorld";
import { connectMailbox } from "./connectFlow";
import { connectSalesforce } from "./salesforceConnect";
import type { StoreKind } from "./databases";
import { reservePort } from "./ports";
import type { TestServer } from "./serverHarness";
import { startTestServer } from "./serverHarness";
import { apiToken } from "./signIn";

/** The server in-process against the whole simulated world, with Contoso's Salesforce connected. */
export interface SyncWorld {
  readonly world: SalesWorld;
  readonly ts: TestServer;
  readonly url: string;
  /** Connects a rep's mailbox through the real consent flow; returns its mailbox id. */
  connect(rep: "adele" | "diego" | "megan" | "grady"): Promise<string>;
  /**
   * A scheduled sync of the mailbox that ran: a connect starts the first sync at once, and a run asked for meanwhile
   * is skipped (the mailbox is held), so this one waits its turn (up to a minute).
   */
  syncThatRan(email: string): Promise<RunSummary>;
  dispose(): Promise<void>;
}

export async function startSyncWorld(
  store: StoreKind,
  options: { messagesPerMailbox?: number; eventsPerMailbox?: number; env?: Record<string, string>; transport?: Provider; resolver?: HostResolver } = {},
): Promise<SyncWorld> {
  const port = await reservePort();
  const url = `https://localhost:${port.port}`;
  const world = await startSalesWorld(url, { messagesPerMailbox: options.messagesPerMailbox ?? 30, eventsPerMailbox: options.eventsPerMailbox ?? 6 });
  const ts = await startTestServer({ store, port, env: { ...world.env, ...options.env }, resolver: options.resolver });
  await ts.server.services.mailboxes.ensureTenant(world.contoso.tenantId, "Contoso");
  // Contoso's transport: the EWS tests keep EWS (their admin allow-listed the app); Graph tests ask for Graph.
  await ts.server.services.tenants.setTransport(world.contoso.tenantId, options.transport ?? "ews");
  // Contoso's admin connects Salesforce the way the console does (web server flow, PKCE, rotating refresh tokens).
  const connected = await connectSalesforce(ts.server.services.crmConnect, { tenantId: world.contoso.tenantId, oid: "contoso-admin", actor: "admin@contoso.com" }, { username: world.crmConnection.username });
  if (connected.result !== "connected") throw new Error(`could not connect Salesforce: ${connected.message}`);
  return {
    world,
    ts,
    url,
    async connect(rep) {
      const user = world.users[rep];
      const outcome = await connectMailbox(url, world, await apiToken(world, user, url), user);
      if (outcome.outcome !== "connected") throw new Error(`could not connect ${rep}: ${JSON.stringify(outcome)}`);
      const m = await ts.server.services.mailboxes.findByEmail(user.tenantId, user.upn);
      if (!m) throw new Error("no mailbox row");
      return m.id;
    },
    async syncThatRan(email) {
      const id = (await ts.server.services.mailboxes.findByEmail(world.contoso.tenantId, email))?.id ?? "";
      for (let i = 0; ; i++) {
        const r = await ts.server.services.runner.run(id, "schedule");
        if (r.outcome !== "skipped" || i >= 600) return r;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async dispose() {
      await ts.dispose();
      await world.close();
    },
  };
}

/**
 * What the CRM must hold after syncing these mailboxes, computed from the simulator's ground truth with the product's
 * documented rules: an email or meeting with a CRM person among its external participants, not private, not a meeting
 * request; one activity per Internet Message-ID / iCalendar UID.
 */
export function expectedActivities(items: readonly GroundTruthItem[], crmEmails: ReadonlySet<string>, internalDomain = "contoso.com") {
  const emails = new Set<string>();
  const meetings = new Set<string>();
  for (const i of items) {
    if (i.sensitivity === "Private" || i.kind === "meetingRequest") continue;
    if (!["inbox", "sentitems", "calendar"].includes(i.folder)) continue;
    const external = i.participants.filter((p) => !p.endsWith(`@${internalDomain}`));
    if (!external.some((p) => crmEmails.has(p))) continue;
    if (i.kind === "calendarItem" && i.uid) meetings.add(i.uid.toLowerCase());
    if (i.kind === "message" && i.internetMessageId) emails.add(i.internetMessageId.replace(/^<|>$/g, "").toLowerCase());
  }
  return { emails, meetings };
}
