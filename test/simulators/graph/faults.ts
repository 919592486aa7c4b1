/**
 * Faults a test asks the Graph face for: for the next N matching calls (by mailbox, operation, and whether the call came
 * directly or inside a $batch), the answer Graph gives for that failure. Each appears only when injected.
 */
import type { GraphOperation } from "./operations";

export type GraphFault =
  /** 429 TooManyRequests with Retry-After (throttling.md sample). */
  | { readonly kind: "throttled"; readonly retryAfterSeconds: number }
  /** 503 with Retry-After (errors.md: "may carry Retry-After"). */
  | { readonly kind: "serviceUnavailable"; readonly retryAfterSeconds: number }
  /** 504 Gateway Timeout, no body detail. */
  | { readonly kind: "gatewayTimeout" }
  /** 410 SyncStateNotFound on a delta call (real capture, issue #2350). */
  | { readonly kind: "syncStateNotFound" }
  /** 410 Gone + Location = the request URL with an empty $deltatoken ("Synchronization reset"). */
  | { readonly kind: "syncReset" }
  /** 400 resyncRequired (errors.md; the status Outlook uses for it is undocumented). */
  | { readonly kind: "resyncRequired" }
  /** 401 InvalidAuthenticationToken although the token is good (a revoked session, a CAE event): refresh-then-reconnect paths. */
  | { readonly kind: "invalidAuthenticationToken" }
  /** 403 ErrorAccessDenied as for a token whose permission was never consented. */
  | { readonly kind: "consentMissing" };

export interface GraphFaultRule {
  readonly id: number;
  readonly fault: GraphFault;
  readonly mailbox?: string;
  readonly operation?: GraphOperation;
  readonly via?: "direct" | "batch";
  remaining: number;
}

export class GraphFaults {
  private rules: GraphFaultRule[] = [];
  private nextId = 1;

  add(fault: GraphFault, opts: { mailbox?: string; operation?: GraphOperation; via?: "direct" | "batch"; count?: number }): GraphFaultRule {
    const rule: GraphFaultRule = { id: this.nextId++, fault, mailbox: opts.mailbox?.toLowerCase(), operation: opts.operation, via: opts.via, remaining: opts.count ?? 1 };
    this.rules.push(rule);
    return rule;
  }

  take(mailbox: string, operation: GraphOperation, via: "direct" | "batch"): GraphFault | undefined {
    if (this.rules.length === 0) return undefined;
    const isDelta = operation === "messagesDelta" || operation === "calendarDelta";
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (!r.mailbox || r.mailbox === mailbox) &&
        (!r.operation || r.operation === operation) &&
        (!r.via || r.via === via) &&
        // Sync-state faults only make sense on delta calls.
        (isDelta || !["syncStateNotFound", "syncReset", "resyncRequired"].includes(r.fault.kind)),
    );
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault;
  }

  clear(): void {
    this.rules = [];
  }
}
