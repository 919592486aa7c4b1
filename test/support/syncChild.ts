import { loadConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import { startServer } from "../../server/main";

/**
 * A sync worker in its own process (for crash tests): starts the server from the environment it is given, syncs one
 * mailbox, prints "done", and waits to be killed.
 */
async function main(): Promise<void> {
  const mailboxId = process.argv[2];
  if (!mailboxId) throw new Error("usage: syncChild <mailboxId>");
  const config = loadConfig(process.env);
  const server = await startServer(config, createLogger(process.env.LOG_LEVEL ?? "silent"), { scheduler: false, workerId: "child" });
  process.stdout.write("started\n");
  const result = await server.services.runner.run(mailboxId, "schedule");
  process.stdout.write(`done ${result.outcome}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
