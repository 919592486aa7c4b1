/**
 * Misbehaviour tests can switch on: an outage (503 SERVER_UNAVAILABLE), row-lock contention (UNABLE_TO_LOCK_ROW on the
 * next N record writes), arbitrary errors on the next N API calls, and added latency.
 */
import type { SimulatedClock } from "../shared/clock";
import type { ErrorCode } from "./errors";
import type { SObjectName } from "./objects/schema";

/** Which endpoints an outage takes down: the data API, the OAuth endpoints, or both. */
export type OutageScope = "api" | "oauth" | "all";

export interface OutageSpec {
  readonly scope?: OutageScope;
  /** Ends after this many refused requests. */
  readonly requests?: number;
  /** Ends this long after it starts, on the simulated clock. */
  readonly forMs?: number;
}

export interface LockErrorSpec {
  /** How many record writes fail. */
  readonly count: number;
  readonly orgId?: string;
  /** Only writes to these objects fail (default: any). */
  readonly objects?: readonly SObjectName[];
}

export interface InjectedErrorSpec {
  /** How many API calls fail this way. */
  readonly count: number;
  readonly status: number;
  readonly errorCode: ErrorCode;
  readonly message: string;
  readonly orgId?: string;
}

/**
 * A customer's validation rule: a record of `object` whose `field` contains `contains` (case-insensitive) is refused
 * with FIELD_CUSTOM_VALIDATION_EXCEPTION and the admin's message, every time (a permanent, per-record error: the other
 * records of the same call are saved).
 */
export interface ValidationRuleSpec {
  readonly object: SObjectName;
  readonly field: string;
  readonly contains: string;
  readonly message: string;
  readonly orgId?: string;
}

export interface LatencySpec {
  readonly ms: number;
  readonly jitterMs?: number;
}

interface Outage {
  readonly scope: OutageScope;
  remaining: number;
  readonly until: number;
}

interface LockBudget {
  remaining: number;
  readonly orgId: string | undefined;
  readonly objects: ReadonlySet<SObjectName> | undefined;
}

interface InjectedBudget {
  remaining: number;
  readonly spec: InjectedErrorSpec;
}

export interface FaultStatus {
  readonly outage: { readonly scope: OutageScope; readonly remainingRequests: number | null; readonly until: number | null } | null;
  readonly pendingLockErrors: number;
  readonly pendingInjectedErrors: number;
  readonly latency: LatencySpec;
}

export class Faults {
  private outage: Outage | null = null;
  private locks: LockBudget[] = [];
  private injected: InjectedBudget[] = [];
  private rules: ValidationRuleSpec[] = [];
  private latency: LatencySpec = { ms: 0, jitterMs: 0 };
  private jitterState = 0x9e3779b9;

  constructor(private readonly clock: SimulatedClock) {}

  startOutage(spec: OutageSpec = {}): void {
    this.outage = {
      scope: spec.scope ?? "all",
      remaining: spec.requests ?? Number.POSITIVE_INFINITY,
      until: spec.forMs === undefined ? Number.POSITIVE_INFINITY : this.clock.now() + spec.forMs,
    };
  }

  endOutage(): void {
    this.outage = null;
  }

  /** True when this request to `surface` must be refused; counts it against a request-limited outage. */
  refuses(surface: "api" | "oauth"): boolean {
    const o = this.currentOutage();
    if (!o) return false;
    if (o.scope !== "all" && o.scope !== surface) return false;
    o.remaining--;
    return true;
  }

  /** The outage in force, forgetting one that has run its course. */
  private currentOutage(): Outage | null {
    const o = this.outage;
    if (o && (this.clock.now() >= o.until || o.remaining <= 0)) this.outage = null;
    return this.outage;
  }

  addLockErrors(spec: LockErrorSpec): void {
    this.locks.push({ remaining: spec.count, orgId: spec.orgId, objects: spec.objects ? new Set(spec.objects) : undefined });
  }

  /** True when this record write must fail with UNABLE_TO_LOCK_ROW (consumes one from the budget). */
  takeLock(orgId: string, type: SObjectName): boolean {
    const budget = this.locks.find(
      (b) => b.remaining > 0 && (b.orgId === undefined || b.orgId === orgId) && (b.objects === undefined || b.objects.has(type)),
    );
    if (!budget) return false;
    budget.remaining--;
    this.locks = this.locks.filter((b) => b.remaining > 0);
    return true;
  }

  addValidationRule(spec: ValidationRuleSpec): void {
    this.rules.push(spec);
  }

  /** The message of the first rule this record breaks, or null. */
  ruleBroken(orgId: string, type: SObjectName, values: ReadonlyMap<string, unknown>): string | null {
    for (const r of this.rules) {
      if (r.object !== type || (r.orgId !== undefined && r.orgId !== orgId)) continue;
      const value = [...values].find(([k]) => k.toLowerCase() === r.field.toLowerCase())?.[1];
      if (typeof value === "string" && value.toLowerCase().includes(r.contains.toLowerCase())) return r.message;
    }
    return null;
  }

  addInjectedErrors(spec: InjectedErrorSpec): void {
    this.injected.push({ remaining: spec.count, spec });
  }

  /** The error this API call must fail with, if any (consumes one). */
  takeInjected(orgId: string): InjectedErrorSpec | null {
    const budget = this.injected.find((b) => b.remaining > 0 && (b.spec.orgId === undefined || b.spec.orgId === orgId));
    if (!budget) return null;
    budget.remaining--;
    this.injected = this.injected.filter((b) => b.remaining > 0);
    return budget.spec;
  }

  setLatency(spec: LatencySpec): void {
    if (spec.ms < 0 || (spec.jitterMs ?? 0) < 0) throw new RangeError("latency must be non-negative");
    this.latency = { ms: spec.ms, jitterMs: spec.jitterMs ?? 0 };
  }

  /** Real milliseconds to hold the next response (deterministic pseudo-random jitter). */
  nextDelayMs(): number {
    const jitter = this.latency.jitterMs ?? 0;
    if (jitter === 0) return this.latency.ms;
    this.jitterState = (Math.imul(this.jitterState, 1664525) + 1013904223) >>> 0;
    return this.latency.ms + Math.floor((this.jitterState / 2 ** 32) * (jitter + 1));
  }

  clear(): void {
    this.outage = null;
    this.locks = [];
    this.injected = [];
    this.rules = [];
    this.latency = { ms: 0, jitterMs: 0 };
  }

  status(): FaultStatus {
    const o = this.currentOutage();
    return {
      outage: o
        ? {
            scope: o.scope,
            remainingRequests: Number.isFinite(o.remaining) ? o.remaining : null,
            until: Number.isFinite(o.until) ? o.until : null,
          }
        : null,
      pendingLockErrors: this.locks.reduce((n, b) => n + b.remaining, 0),
      pendingInjectedErrors: this.injected.reduce((n, b) => n + b.remaining, 0),
      latency: this.latency,
    };
  }
}
