/**
 * Contoso as a company that also runs its own Exchange: the simulated world (Exchange Online, Entra ID, Salesforce)
 * with the server in-process, plus an on-premises Exchange simulator that Autodiscover on the company's simulated
 * network (autodiscover.contoso.com) points to. The server resolves the company's host names through the network's
 * resolver and trusts its CA the way an operator trusts an internal CA (ONPREM_TRUSTED_CA_FILE).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExchangeSimulator } from "../simulators/exchange";
import { startExchangeSimulator } from "../simulators/exchange";
import type { DiscoveryNet } from "../simulators/exchange/discovery/discoveryNet";
import { startDiscoveryNet } from "../simulators/exchange/discovery/discoveryNet";
import type { SyncWorld } from "./syncWorld";
import { startSyncWorld } from "./syncWorld";

export interface OnpremWorld {
  readonly w: SyncWorld;
  readonly onprem: ExchangeSimulator;
  readonly net: DiscoveryNet;
  dispose(): Promise<void>;
}

/** Reps whose mailboxes live on the company's server (login CONTOSO\<rep>), seeded with customer mail. */
export interface OnpremReps {
  readonly passwords: Readonly<Record<string, string>>;
  /** Added to each rep's seed, so that two suites need not hold the same mail. */
  readonly seed: number;
  readonly messages: number;
  readonly events: number;
}

export async function startOnpremWorld(options: { messagesPerMailbox: number; eventsPerMailbox: number; reps?: OnpremReps }): Promise<OnpremWorld> {
  const net = await startDiscoveryNet(["contoso.com", "autodiscover.contoso.com"]);
  const caDir = mkdtempSync(join(tmpdir(), "onprem-ca-"));
  writeFileSync(join(caDir, "ca.pem"), net.caPem);
  const w = await startSyncWorld("embedded", {
    messagesPerMailbox: options.messagesPerMailbox,
    eventsPerMailbox: options.eventsPerMailbox,
    env: { ONPREM_TRUSTED_CA_FILE: join(caDir, "ca.pem") },
    resolver: net.resolver,
  });
  const onprem = await startExchangeSimulator({ mode: "onprem" });
  if (options.reps) {
    const { passwords, seed, messages, events } = options.reps;
    // Mail with the world's CRM contacts (logged) and with a stranger (not logged).
    const externals = [...w.world.customers.contacts, "someone@gmail.com"].map((email) => ({ name: email.split("@")[0] ?? email, email }));
    for (const [rep, password] of Object.entries(passwords)) {
      const smtp = `${rep}@contoso.com`;
      onprem.control.createMailbox({ smtp, displayName: rep, account: { domain: "CONTOSO", username: rep, password } });
      onprem.control.seedMailbox(smtp, { seed: rep.length + seed, messages, events, colleagues: [], externals, customerRatio: 0.5, spanDays: 10 });
    }
  }
  net.setHost("autodiscover.contoso.com", "https", { kind: "autodiscover", simulatorUrl: onprem.url });
  return {
    w,
    onprem,
    net,
    async dispose() {
      await w.dispose();
      await onprem.close();
      await net.close();
      rmSync(caDir, { recursive: true, force: true });
    },
  };
}
