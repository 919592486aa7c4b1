/** What one Graph request carries into a route handler, whether it came over HTTP or inside a $batch. */
import type { Mailbox } from "../exchange/store/mailbox";
import type { GraphCaller } from "./auth";
import type { Preferences } from "./prefer";
import type { GraphState } from "./state";

export interface GraphRequest {
  readonly method: string;
  /** Path below /v1.0, starting with "/", still percent-encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
}

export interface RouteContext {
  readonly caller: GraphCaller;
  readonly mailbox: Mailbox;
  /** How the client named the mailbox ("/me" or "/users/{as written}"); links repeat it. */
  readonly prefix: string;
  readonly prefs: Preferences;
  readonly query: URLSearchParams;
  /** The Graph base URL, `${origin}/v1.0`. */
  readonly base: string;
  readonly state: GraphState;
}
