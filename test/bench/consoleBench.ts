import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ActivationJobView, MailboxListResponse } from "../../server/api/consoleContract";
import { loadConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import type { RunningServer } from "../../server/main";
import { startServer } from "../../server/main";
import type { ExchangeSimulator } from "../simulators/exchange";
import { startExchangeSimulator } from "../simulators/exchange";
import { SimulatedClock } from "../simulators/shared/clock";
import type { EntraWorld } from "../simulators/world/entraWorld";
import { startEntraWorld } from "../simulators/world/entraWorld";
import { reservePort } from "../support/ports";
import { apiToken } from "../support/signIn";
import type { BenchLine } from "./benchLine";

interface ConsoleWorld {
  readonly entra: EntraWorld;
  readonly exchange: ExchangeSimulator;
  readonly server: RunningServer;
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

/** The server (embedded store, as a team runs it) with Entra and Exchange Online, and an admin's API token. */
async function startConsoleWorld(): Promise<ConsoleWorld> {
  const clock = new SimulatedClock();
  const reserved = await reservePort();
  const port = reserved.port;
  const url = `https://localhost:${port}`;
  const entra = await startEntraWorld(url, { clock });
  entra.entra.control.grantAdminConsent({ tenant: entra.contoso.tenantId, clientId: entra.app.clientId });
  const exchange = await startExchangeSimulator({ mode: "online", trust: { jwksUri: entra.entra.jwksUri("common") }, clock });
  exchange.control.createTenant({ tenantId: entra.contoso.tenantId, domains: ["contoso.com"], ewsEnabled: true, ewsAllowedAppIds: [entra.app.clientId] });
  const dataDir = mkdtempSync(join(tmpdir(), "mailsync-console-bench-"));
  const config = loadConfig({ ...entra.env, EWS_URL: exchange.ewsUrl, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "error" });
  const server = await startServer(config, createLogger("error"), { scheduler: false, listenOn: reserved.socket });
  await server.services.mailboxes.ensureTenant(entra.contoso.tenantId, "Contoso");
  const token = await apiToken(entra, entra.users.megan, url);
  return {
    entra,
    exchange,
    server,
    url,
    token,
    async close() {
      await server.close();
      await Promise.allSettled([entra.entra.close(), exchange.close()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? NaN;

/**
 * console_list_ms: one filtered, sorted page of the mailbox list over HTTPS (token check included), with 10,000
 * mailboxes in the tenant in a realistic mix of states. Median of the filters support uses, each asked 5 times.
 */
export async function consoleListBench(mailboxes = 10_000): Promise<BenchLine[]> {
  const w = await startConsoleWorld();
  try {
    await w.server.services.db.query(
      `insert into mailboxes (tenant_id, email, display_name, provider, access, status, reason, reason_detail, last_synced_at, next_sync_at)
       select $1, 'user' || g || '@contoso.com', 'User ' || g, 'ews', case when g % 7 = 0 then 'delegated' else 'app_only' end,
         case when g % 13 = 0 then 'attention' when g % 29 = 0 then 'paused' else 'active' end,
         case when g % 13 = 0 then (array['reconnect_required', 'mailbox_not_found', 'ews_blocked', 'unknown'])[1 + g % 4] end,
         case when g % 13 = 0 then 'raw error ' || g end,
         now() - make_interval(secs => g % 1800), now() + make_interval(secs => g % 1800)
       from generate_series(0, $2 - 1) as g`,
      [w.entra.contoso.tenantId, mailboxes],
    );
    const queries = [
      "status=attention&sort=lastSync&page=1",
      "status=attention&reason=ews_blocked&sort=email&page=2",
      "q=user12&sort=email",
      "access=delegated&sort=updated&dir=desc&page=10",
      "status=active&sort=nextSync&page=50",
      "sort=status&dir=desc&page=100",
    ];
    const times: number[] = [];
    for (let round = 0; round < 6; round++) {
      for (const q of queries) {
        const t0 = performance.now();
        const res = await fetch(`${w.url}/api/console/mailboxes?${q}`, { headers: { authorization: `Bearer ${w.token}` } });
        const body = (await res.json()) as MailboxListResponse;
        const ms = performance.now() - t0;
        if (res.status !== 200 || body.items.length === 0) throw new Error(`${q}: HTTP ${res.status}, ${body.items?.length} rows`);
        if (round > 0) times.push(ms); // the first round warms the caches, as a console in use has them
      }
    }
    return [
      { name: "console_list_ms", value: median(times), unit: "ms" },
      { name: "console_list_p95_ms", value: p95(times), unit: "ms" },
    ];
  } finally {
    await w.close();
  }
}

/** mass_activation_per_second: 500 mailboxes from a CSV, each probed with a real EWS call through app-only access. */
export async function massActivationBench(mailboxes = 500): Promise<BenchLine[]> {
  const w = await startConsoleWorld();
  try {
    for (let i = 0; i < mailboxes; i++) w.exchange.control.createMailbox({ smtp: `seller${i}@contoso.com`, tenantId: w.entra.contoso.tenantId });
    const csv = ["email,display_name", ...Array.from({ length: mailboxes }, (_, i) => `seller${i}@contoso.com,Seller ${i}`)].join("\n");
    const t0 = performance.now();
    const started = await fetch(`${w.url}/api/console/activations`, {
      method: "POST",
      headers: { authorization: `Bearer ${w.token}`, "content-type": "application/json" },
      body: JSON.stringify({ access: { kind: "app_only" }, csv }),
    });
    if (started.status !== 202) throw new Error(`activation refused: HTTP ${started.status} ${await started.text()}`);
    let job = (await started.json()) as ActivationJobView;
    while (job.status !== "done") {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await fetch(`${w.url}/api/console/activations/${job.id}`, { headers: { authorization: `Bearer ${w.token}` } })).json()) as ActivationJobView;
    }
    const seconds = (performance.now() - t0) / 1000;
    if (job.counts.activated !== mailboxes) throw new Error(`only ${job.counts.activated} of ${mailboxes} activated: ${JSON.stringify(job.problems.slice(0, 3))}`);
    return [
      { name: "mass_activation_per_second", value: mailboxes / seconds, unit: "mailboxes/s" },
      { name: "mass_activation_seconds", value: seconds, unit: "s" },
    ];
  } finally {
    await w.close();
  }
}
