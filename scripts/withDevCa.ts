import { spawnSync } from "node:child_process";
import { ensureDevCertificates } from "../server/tls/devCertificates";

/**
 * Runs a command with Node trusting the development CA (NODE_EXTRA_CA_CERTS is read only at process start, so it has to
 * be set before the test runner or server process begins). Usage: tsx scripts/withDevCa.ts jest --runInBand
 */
async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error("usage: withDevCa <command> [args...]");
    process.exit(2);
  }
  const tls = await ensureDevCertificates();
  const result = spawnSync(command, args, {
    stdio: "inherit",
    shell: false,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.caFile },
  });
  if (result.error) {
    console.error(`could not run ${command}: ${result.error.message}`);
    process.exit(127);
  }
  process.exit(result.status ?? 1);
}

void main();
