import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { SingleBar } from "cli-progress";
import type { ActivationAccess, ActivationJobView } from "../server/api/consoleContract";

const usage = `Usage: npm run activate -- <mailboxes.csv> --server <https://sync.example.com> [--service-account <id>]

Switches on sync for every mailbox in the CSV (header row "email,display_name"), through the server's API, and shows
progress. Without --service-account the mailboxes use app-only access (Exchange Online; the tenant admin must have
consented); with it, the on-premises impersonation account of that id (console: Service accounts).

The API token of a Sync.Admin comes from the SYNC_API_TOKEN environment variable (console: Mass activation ->
Command line -> Copy token).`;

/** Exit codes: 0 every line activated or already active, 1 some lines were not, 2 nothing was done. */
async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { server: { type: "string" }, "service-account": { type: "string" }, help: { type: "boolean" }, "poll-ms": { type: "string" } } });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  if (args.values.help) {
    console.log(usage);
    return 0;
  }
  const file = args.positionals[0];
  const server = args.values.server ?? process.env.SYNC_SERVER_URL;
  const token = process.env.SYNC_API_TOKEN;
  const problems = [!file && "name the CSV file", !server && "give --server (or SYNC_SERVER_URL)", !token && "set SYNC_API_TOKEN to a Sync.Admin's API token"].filter(Boolean);
  if (problems.length > 0 || !file || !server || !token) {
    console.error(`Cannot start: ${problems.join("; ")}.\n\n${usage}`);
    return 2;
  }
  let csv: string;
  try {
    csv = readFileSync(file, "utf8");
  } catch (err) {
    console.error(`Cannot read ${file}: ${(err as Error).message}`);
    return 2;
  }
  const accountId = args.values["service-account"];
  const access: ActivationAccess = accountId ? { kind: "onprem_service_account", serviceAccountId: accountId } : { kind: "app_only" };
  const api = async (path: string, init?: RequestInit): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(new URL(`/api/console/${path}`, server), { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });
    return { status: res.status, body: await res.json().catch(() => ({ message: `HTTP ${res.status}` })) };
  };

  let started;
  try {
    started = await api("activations", { method: "POST", body: JSON.stringify({ access, csv, fileName: basename(file) }) });
  } catch (err) {
    console.error(`Cannot reach ${server}: ${(err as Error).message}`);
    return 2;
  }
  if (started.status !== 202) {
    console.error(`The server refused the activation (HTTP ${started.status}): ${(started.body as { message?: string }).message ?? ""}`);
    return 2;
  }
  let job = started.body as ActivationJobView;
  const bar = new SingleBar({ format: "Activating [{bar}] {value}/{total} lines | {activated} activated, {problems} need a look", stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 });
  const tally = (j: ActivationJobView) => ({ activated: j.counts.activated + j.counts.already_active, problems: j.done - j.counts.activated - j.counts.already_active });
  bar.start(job.total, job.done, tally(job));
  const pollMs = Number(args.values["poll-ms"] ?? 500);
  while (job.status !== "done") {
    await new Promise((r) => setTimeout(r, pollMs));
    const polled = await api(`activations/${job.id}`);
    if (polled.status !== 200) {
      bar.stop();
      console.error(`Lost track of the activation (HTTP ${polled.status}); it goes on on the server: see the console, job ${job.id}.`);
      return 2;
    }
    job = polled.body as ActivationJobView;
    bar.update(job.done, tally(job));
  }
  bar.stop();
  const c = job.counts;
  console.log(`Done: ${c.activated} activated, ${c.already_active} already syncing, ${job.problems.length} not activated (of ${job.total} lines).`);
  for (const p of job.problems) console.log(`  line ${p.line}  ${p.email || "(empty)"}  ${p.outcome}: ${p.message ?? ""}`);
  return job.problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
