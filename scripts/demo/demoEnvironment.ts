/**
 * Demo mode: the bundled simulators stand in for Microsoft and Salesforce, seeded with a small sales team, and the
 * environment that points the server at them.
 */
export interface DemoEnvironment {
  /** Settings the server reads, as a real deployment would put them in its environment. */
  readonly env: Record<string, string>;
  /** One line per simulator for the start-up banner. */
  readonly describe: readonly string[];
  close(): Promise<void>;
}

export const demoClientId = "5e1c5a3e-0d5c-4c1e-9a57-5d2f6b1c0de1";

export async function startDemoEnvironment(_options: { portBase: number }): Promise<DemoEnvironment> {
  // The simulators are wired in as they land (test/simulators); until then the demo has no tenant behind it.
  return {
    env: { DEMO_MODE: "true", ENTRA_CLIENT_ID: demoClientId, ENTRA_CLIENT_SECRET: "demo-secret" },
    describe: ["(simulators not wired yet)"],
    close: async () => undefined,
  };
}
