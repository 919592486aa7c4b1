/** What a data-API handler gets (the authenticated org, user and API version) and what it returns. */
import type { ApiVersion } from "../apiVersions";
import type { CallKind } from "../calls";
import type { DmlContext } from "../objects/writes";
import type { Org } from "../org";
import type { SimulatorState } from "../state";

export interface ApiContext {
  readonly state: SimulatorState;
  readonly org: Org;
  readonly userId: string;
  readonly version: ApiVersion;
  /** Writes on behalf of the session's user, subject to injected faults. */
  readonly dml: DmlContext;
}

export interface ApiReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The parts of an HTTP request handlers read, already decoded. */
export interface ApiRequest {
  readonly method: string;
  /** Path segments after `/services/data/vXX.X/`, URL-decoded. */
  readonly segments: readonly string[];
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly header: (name: string) => string | undefined;
  /** The parsed JSON body; throws JSON_PARSER_ERROR when absent or malformed. */
  readonly json: () => unknown;
}

/** A matched route: what it counts as, and how to answer. */
export interface Route {
  readonly kind: CallKind;
  readonly run: (ctx: ApiContext, req: ApiRequest) => ApiReply;
}
