import { ensureDevCertificates } from "../server/tls/devCertificates";
import { startSalesWorld } from "../test/simulators/world/salesWorld";

/**
 * `npm run simulators`: the Entra ID, Exchange and Salesforce simulators alone, seeded with the demo's sales world,
 * for running the server (or anything else) against them by hand. Prints their URLs and the server settings to use.
 */
async function main(): Promise<void> {
  await ensureDevCertificates();
  const publicUrl = (process.env.PUBLIC_URL ?? `https://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
  const world = await startSalesWorld(publicUrl, { portBase: Number(process.env.SIMULATOR_PORT_BASE ?? 4001) });
  console.log(["Simulators running (Ctrl+C to stop):", ...world.describe.map((l) => `  ${l}`), "", "Server settings for them:"].join("\n"));
  for (const [k, v] of Object.entries(world.env)) console.log(`${k}=${v}`);
  console.log(`NODE_EXTRA_CA_CERTS=${(await ensureDevCertificates()).caFile}`);
  const stop = () => void world.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
