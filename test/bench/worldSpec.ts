/** What the bench asks the simulator process to build, and what it answers; plain data, sent over the IPC channel. */

export interface WorldSpec {
  /** The server's public URL (Entra redirect URIs name it). */
  readonly publicUrl: string;
  readonly mailboxes: number;
  /**
   * Organisations the mailboxes are spread over (mailbox i belongs to tenant i mod tenants), each with its own Entra
   * tenant, admin consent (app-only) and Exchange Online organisation. Default 1: Contoso alone.
   */
  readonly tenants?: number;
  /** How the server reaches the mailboxes: EWS or the Graph face of the same simulated Exchange Online. */
  readonly transport: "ews" | "graph";
  readonly exchangeLatencyMs: number;
  readonly salesforceContacts?: readonly string[];
  /** Every mailbox i is seeded with this content and seed `baseSeed + i`; none when absent. */
  readonly seed?: {
    readonly baseSeed: number;
    readonly messages: number;
    readonly events: number;
    readonly colleagues: readonly { name: string; email: string }[];
    readonly externals: readonly { name: string; email: string }[];
    readonly customerRatio: number;
    readonly spanDays: number;
  };
}

export interface WorldInfo {
  /** Server settings for the simulated Entra ID (client id, secret, authority). */
  readonly entraEnv: Record<string, string>;
  readonly tenantId: string;
  /** Every tenant of the world (the first is Contoso, `tenantId`), with the domain of its mailboxes' addresses. */
  readonly tenants: readonly { readonly tenantId: string; readonly domain: string }[];
  readonly ewsUrl: string;
  /** The Graph face of the same Exchange simulator (same mailboxes, same latency). */
  readonly graphUrl: string;
  readonly salesforce: {
    readonly url: string;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly instanceUrl: string;
    readonly refreshToken: string;
  };
}

/** The simulator process's CPU time so far, in seconds (user + system). */
export interface CpuReading {
  readonly cpuSeconds: number;
  readonly rssMb: number;
  /** The simulators' event-loop delay since the previous reading: how late their timers and sockets were served. */
  readonly loopDelayMeanMs: number;
}

export type ToSimulators = { readonly type: "start"; readonly spec: WorldSpec } | { readonly type: "cpu" } | { readonly type: "close" };
export type FromSimulators =
  | { readonly type: "ready"; readonly info: WorldInfo }
  | { readonly type: "cpu"; readonly reading: CpuReading }
  | { readonly type: "failed"; readonly error: string };
