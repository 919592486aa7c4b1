/**
 * Injected trouble: outages (503 temporarily_unavailable, 500 server_error, 429 throttling) and latency, per endpoint
 * family, optionally for the next N requests only. Lets tests prove the sync server retries, backs off and surfaces
 * Entra being down without waiting for the real thing.
 */

export type FaultEndpoint = "token" | "authorize" | "discovery" | "keys" | "adminconsent";

export type OutageStatus = 503 | 500 | 429;

export type Fault =
  | { readonly kind: "outage"; readonly endpoints: readonly FaultEndpoint[]; readonly status: OutageStatus; readonly retryAfterSeconds?: number; remaining?: number }
  | { readonly kind: "latency"; readonly endpoints: readonly FaultEndpoint[]; readonly ms: number; remaining?: number };

export interface FaultOutcome {
  readonly latencyMs: number;
  readonly outage?: { readonly status: OutageStatus; readonly retryAfterSeconds?: number };
}

export class FaultInjector {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  clear(): void {
    this.faults = [];
  }

  active(): readonly Fault[] {
    return this.faults;
  }

  /** Consumes one use of every fault matching this endpoint and says what to do to the request. */
  take(endpoint: FaultEndpoint): FaultOutcome {
    let latencyMs = 0;
    let outage: FaultOutcome["outage"];
    for (const fault of this.faults) {
      if (!fault.endpoints.includes(endpoint)) continue;
      if (fault.remaining !== undefined) fault.remaining -= 1;
      if (fault.kind === "latency") latencyMs += fault.ms;
      else outage ??= { status: fault.status, retryAfterSeconds: fault.retryAfterSeconds };
    }
    this.faults = this.faults.filter((f) => f.remaining === undefined || f.remaining > 0);
    return { latencyMs, outage };
  }
}
