/**
 * The Microsoft Graph face of the online Exchange simulator: the same MailboxStore served as Graph v1.0 mail and
 * calendar (delta queries, single GETs, $batch), with Graph's token checks, errors, throttling and faults. Started by
 * startExchangeSimulator({ mode: "online" }), which hands `/v1.0` requests to `handle` (graphPath tells them apart)
 * and exposes `control` as control.graph.
 */
import type { BearerTrust } from "../shared/entraTokenGate";
import type { Mailbox } from "../exchange/store/mailbox";
import type { MailboxStore } from "../exchange/store/mailboxStore";
import type { SimulatedClock } from "../shared/clock";
import { AccessPolicies } from "./accessPolicies";
import { GraphTokenVerifier } from "./auth";
import { GraphControl } from "./control";
import { GraphCounters } from "./counters";
import type { GraphDeps } from "./dispatch";
import { GraphFaults } from "./faults";
import type { GraphHandler } from "./router";
import { graphRouter } from "./router";
import { GraphState } from "./state";
import { GraphThrottle } from "./throttle";

export { GraphControl } from "./control";
export type { GraphCounterView } from "./control";
export type { GraphFault } from "./faults";
export type { GraphOperation } from "./operations";
export { GRAPH_APP_ID } from "./auth";
export { graphPath } from "./router";

export interface GraphFaceOptions {
  readonly store: MailboxStore;
  readonly trust: BearerTrust;
  readonly clock: SimulatedClock;
  readonly latencyFor: (mailbox: Mailbox) => number;
  /** Key for delta-token MACs. */
  readonly tokenSecret: string;
  /** The origin the simulator listens on, known once it listens. */
  readonly origin: () => string;
}

export interface GraphFace {
  /** Serves one request under /v1.0; `path` is what follows /v1.0 (graphPath). */
  readonly handle: GraphHandler;
  readonly control: GraphControl;
}

export function createGraphFace(options: GraphFaceOptions): GraphFace {
  const state = new GraphState(options.tokenSecret);
  const faults = new GraphFaults();
  const throttle = new GraphThrottle();
  const counters = new GraphCounters();
  const policies = new AccessPolicies();
  const deps: GraphDeps = {
    store: options.store,
    state,
    faults,
    throttle,
    counters,
    policies,
    latencyFor: options.latencyFor,
    now: () => options.clock.now(),
    base: () => `${options.origin()}/v1.0`,
  };
  const verifier = new GraphTokenVerifier(options.trust, options.clock, options.store);
  return {
    handle: graphRouter(deps, verifier),
    control: new GraphControl({ store: options.store, state, faults, throttle, counters, policies }),
  };
}
