/**
 * Reading $skiptoken / $deltatoken: a token this simulator did not issue (edited, truncated, another mailbox's) is a
 * 400; one from before a re-seed or a token eviction is 410 SyncStateNotFound, as Exchange answers an evicted token
 * (real capture, issue #2350), and so is one more than RETAINED_GENERATIONS behind its chain's newest; an empty
 * `$deltatoken=` (the Location of a synchronization reset) starts a new chain.
 */
import type { RouteContext } from "./context";
import type { EventDeltaToken, MessageDeltaToken } from "./deltaTokens";
import { GraphError, graphErrors } from "./errors";
import { option } from "./query";

export function readToken(ctx: RouteContext, kind: "messages"): MessageDeltaToken | undefined;
export function readToken(ctx: RouteContext, kind: "events"): EventDeltaToken | undefined;
export function readToken(ctx: RouteContext, kind: "messages" | "events"): MessageDeltaToken | EventDeltaToken | undefined {
  const skip = option(ctx.query, "$skiptoken");
  const delta = option(ctx.query, "$deltatoken");
  const raw = skip || delta;
  if (!raw) return undefined;
  const token = ctx.state.tokens.decode(raw);
  if (!token || token.kind !== kind || token.mailbox !== ctx.mailbox.guid.toString("hex")) {
    throw new GraphError(400, "BadRequest", "The $skiptoken or $deltatoken is not valid for this resource.");
  }
  const generation = ctx.state.generation(ctx.mailbox);
  if (token.epoch !== ctx.mailbox.epoch || token.generation !== generation) throw graphErrors.syncStateNotFound(token.generation);
  if (ctx.state.isEvicted(token.chain, token.seq) || (skip && ctx.state.isStale(token.chain, token.seq))) {
    throw graphErrors.generationNotFound(token.seq, ctx.state.highest(token.chain) ?? token.seq);
  }
  return token;
}
