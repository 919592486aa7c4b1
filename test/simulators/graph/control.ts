/**
 * Control of the Graph face (sim.control.graph.*, and over HTTP under /_control/graph): faults, access policies,
 * concurrency limits, delta-token eviction, and the counters the fleet and budget tests read. Mailbox content and the
 * mailbox's REST availability are the Exchange control's (one store, two faces).
 */
import type { z } from "zod";
import { prettifyError } from "zod";
import { ControlError } from "../exchange/control";
import type { MailboxStore } from "../exchange/store/mailboxStore";
import type { AccessPolicies } from "./accessPolicies";
import type { AccessPolicyInput, ConcurrencyInput, GraphFaultInput, NextLinkPolicyInput } from "./controlSchemas";
import { accessPolicyInput, concurrencyInput, graphFaultInput, nextLinkPolicyInput } from "./controlSchemas";
import type { GraphCounters } from "./counters";
import type { GraphFaults } from "./faults";
import type { GraphOperation } from "./operations";
import type { GraphState } from "./state";
import type { GraphThrottle } from "./throttle";

export interface GraphControlDeps {
  readonly store: MailboxStore;
  readonly state: GraphState;
  readonly faults: GraphFaults;
  readonly throttle: GraphThrottle;
  readonly counters: GraphCounters;
  readonly policies: AccessPolicies;
}

export interface GraphCounterView {
  readonly httpRequests: number;
  readonly batches: number;
  /** Graph calls (direct or inside a batch) per mailbox, by operation. */
  readonly calls: Record<string, Partial<Record<GraphOperation, number>>>;
  /** Highest number of requests in flight (attempted, including refused ones) per mailbox and per app id. */
  readonly peakInFlight: { readonly byMailbox: Record<string, number>; readonly byApp: Record<string, number> };
}

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ControlError(`invalid ${what}: ${prettifyError(result.error)}`, 400);
  return result.data;
}

export class GraphControl {
  constructor(private readonly deps: GraphControlDeps) {}

  injectFault(input: GraphFaultInput): { id: number } {
    const f = parse(graphFaultInput, input, "graph fault");
    return { id: this.deps.faults.add(f.fault, { mailbox: f.mailbox, operation: f.operation, via: f.via, count: f.count }).id };
  }

  clearFaults(): void {
    this.deps.faults.clear();
  }

  /** New-ApplicationAccessPolicy for app-only callers: refused mailboxes get 403 "Access to OData is disabled.". */
  addAccessPolicy(input: AccessPolicyInput): void {
    const p = parse(accessPolicyInput, input, "access policy");
    this.deps.policies.add({
      tenantId: p.tenantId.toLowerCase(),
      appId: p.appId.toLowerCase(),
      accessRight: p.accessRight,
      mailboxes: new Set(p.mailboxes.map((m) => m.toLowerCase())),
    });
  }

  clearAccessPolicies(): void {
    this.deps.policies.clear();
  }

  setConcurrency(input: ConcurrencyInput): { perMailbox: number; perApp: number | null; retryAfterSeconds: number } {
    const c = parse(concurrencyInput, input, "concurrency");
    const s = this.deps.throttle.settings;
    if (c.perMailbox !== undefined) s.perMailbox = c.perMailbox;
    if (c.perApp !== undefined) s.perApp = c.perApp ?? Number.POSITIVE_INFINITY;
    if (c.retryAfterSeconds !== undefined) s.retryAfterSeconds = c.retryAfterSeconds;
    return { perMailbox: s.perMailbox, perApp: Number.isFinite(s.perApp) ? s.perApp : null, retryAfterSeconds: s.retryAfterSeconds };
  }

  /** Evicts every delta token of the mailbox, as Exchange's token cache does: the next use answers 410 SyncStateNotFound. */
  expireDeltaTokens(smtp: string): void {
    const mailbox = this.deps.store.mailbox(smtp);
    if (!mailbox) throw new ControlError(`no mailbox ${smtp}`, 404);
    this.deps.state.expireTokens(mailbox);
  }

  /** When on, a nextLink older than the newest of its chain answers 410 SyncStateNotFound at once (off by default). */
  setNextLinkPolicy(input: NextLinkPolicyInput): void {
    this.deps.state.staleOlderNextLinks = parse(nextLinkPolicyInput, input, "next link policy").staleOlderNextLinks;
  }

  counters(): GraphCounterView {
    const calls: Record<string, Partial<Record<GraphOperation, number>>> = {};
    for (const m of this.deps.store.allMailboxes()) {
      const c = this.deps.counters.forMailbox(m.smtp);
      if (Object.keys(c).length > 0) calls[m.smtp] = c;
    }
    return { httpRequests: this.deps.counters.httpRequests, batches: this.deps.counters.batches, calls, peakInFlight: this.deps.throttle.peaks() };
  }

  /** Calls that reached one mailbox over Graph, by operation (including refused and faulted ones). */
  callCounters(smtp: string): Partial<Record<GraphOperation, number>> {
    if (!this.deps.store.mailbox(smtp)) throw new ControlError(`no mailbox ${smtp}`, 404);
    return this.deps.counters.forMailbox(smtp);
  }

  resetCounters(): void {
    this.deps.counters.reset();
    this.deps.throttle.resetPeaks();
  }
}
