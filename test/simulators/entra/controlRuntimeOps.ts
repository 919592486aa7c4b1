import type { z } from "zod";
import type { EntraContext } from "./context";
import type * as s from "./controlSchemas";
import { directorySnapshot } from "./controlViews";
import type { Fault } from "./faults";
import type { IssuedToken } from "./issuedTokens";
import type { TokenLifetimes } from "./tokens";

/**
 * Control operations on the running service rather than the directory: the shared clock, the issued-token log,
 * injected faults, key rotation, token lifetimes, and a snapshot of everything.
 */

type In<T extends z.ZodType> = z.output<T>;

/** Moves the shared SimulatedClock: codes expire after 10 minutes, refresh tokens after 90 days without use. */
export function advanceClock(ctx: EntraContext, input: In<typeof s.advanceClockInput>): { now: string } {
  ctx.clock.advance(input.ms + 1000 * (input.seconds + 60 * (input.minutes + 60 * (input.hours + 24 * input.days))));
  return { now: new Date(ctx.clock.now()).toISOString() };
}

export function clockNow(ctx: EntraContext): { now: string } {
  return { now: new Date(ctx.clock.now()).toISOString() };
}

export function listIssuedTokens(ctx: EntraContext, input: In<typeof s.listIssuedTokensInput>): IssuedToken[] {
  const userObjectId = input.user ? ctx.directory.requireUser(input.user).objectId : undefined;
  return ctx.issued.list({ kind: input.kind, clientId: input.clientId?.toLowerCase(), userObjectId });
}

export function injectOutage(ctx: EntraContext, input: In<typeof s.injectOutageInput>): { active: readonly Fault[] } {
  ctx.faults.add({ kind: "outage", endpoints: input.endpoints, status: input.status, retryAfterSeconds: input.retryAfterSeconds, remaining: input.count });
  return { active: ctx.faults.active() };
}

export function injectLatency(ctx: EntraContext, input: In<typeof s.injectLatencyInput>): { active: readonly Fault[] } {
  ctx.faults.add({ kind: "latency", endpoints: input.endpoints, ms: input.ms, remaining: input.count });
  return { active: ctx.faults.active() };
}

export function clearFaults(ctx: EntraContext): { active: readonly Fault[] } {
  ctx.faults.clear();
  return { active: ctx.faults.active() };
}

/** Starts signing with a new key (a validator caching the old JWKS must refetch); old keys stay published unless dropped. */
export async function rotateSigningKey(ctx: EntraContext, input: In<typeof s.rotateSigningKeyInput>): Promise<{ kid: string; published: string[] }> {
  const kid = await ctx.keys.rotate({ dropOld: input.dropOld });
  return { kid, published: ctx.keys.all().map((k) => k.kid) };
}

export function setTokenLifetimes(ctx: EntraContext, input: In<typeof s.setTokenLifetimesInput>): TokenLifetimes {
  const lifetimes = ctx.minter.lifetimes;
  if (input.accessTokenSeconds !== undefined) lifetimes.accessTokenSeconds = input.accessTokenSeconds;
  if (input.appOnlyAccessTokenSeconds !== undefined) lifetimes.appOnlyAccessTokenSeconds = input.appOnlyAccessTokenSeconds;
  if (input.idTokenSeconds !== undefined) lifetimes.idTokenSeconds = input.idTokenSeconds;
  return { ...lifetimes };
}

export function snapshot(ctx: EntraContext) {
  return directorySnapshot(ctx.directory);
}
