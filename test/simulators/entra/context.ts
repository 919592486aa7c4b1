import type { SimulatedClock } from "../shared/clock";
import type { Directory } from "./directory";
import type { FaultInjector } from "./faults";
import type { FlowStore } from "./flows";
import type { GrantStore } from "./grantStore";
import type { SimulatorOrigin } from "./issuers";
import type { IssuedTokenLog } from "./issuedTokens";
import type { SigningKeys } from "./keys";
import type { Sequence } from "./sequence";
import type { SessionStore } from "./sessions";
import type { TokenMinter } from "./tokens";

/** Everything a route needs, built once per simulator (no module-level state: several simulators can run at once). */
export interface EntraContext {
  readonly directory: Directory;
  readonly clock: SimulatedClock;
  readonly origin: SimulatorOrigin;
  readonly keys: SigningKeys;
  readonly minter: TokenMinter;
  readonly grants: GrantStore;
  readonly issued: IssuedTokenLog;
  readonly sessions: SessionStore;
  readonly flows: FlowStore;
  readonly faults: FaultInjector;
  readonly sequence: Sequence;
}
