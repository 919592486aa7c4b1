import type { SalesWorld } from "../../test/simulators/world/salesWorld";
import { startSalesWorld } from "../../test/simulators/world/salesWorld";

/**
 * Demo mode: the bundled simulators stand in for Microsoft and Salesforce, seeded with a small sales team (the
 * "sales world"), and the environment that points the server at them, as a real deployment's environment would.
 */
export interface DemoEnvironment {
  readonly env: Record<string, string>;
  readonly describe: readonly string[];
  readonly world: SalesWorld;
  close(): Promise<void>;
}

export async function startDemoEnvironment(options: { portBase: number; publicUrl: string }): Promise<DemoEnvironment> {
  const world = await startSalesWorld(options.publicUrl, { portBase: options.portBase });
  return {
    env: { DEMO_MODE: "true", ...world.env },
    describe: world.describe,
    world,
    close: () => world.close(),
  };
}
