/**
 * One Graph request, direct or inside a $batch: resolve the mailbox the path names, then, in Exchange's order, count
 * the call, take a concurrency slot (429 MailboxConcurrency), wait the configured latency, apply an injected fault,
 * the mailbox's REST availability (404) and access policies (403), and run the route.
 */
import type { Mailbox } from "../exchange/store/mailbox";
import type { MailboxStore } from "../exchange/store/mailboxStore";
import type { AccessPolicies } from "./accessPolicies";
import type { GraphCaller } from "./auth";
import { calendarDelta } from "./calendarDelta";
import type { GraphRequest, RouteContext } from "./context";
import type { GraphCounters } from "./counters";
import type { GraphReply } from "./errors";
import { GraphError, errorReply, graphErrors } from "./errors";
import type { GraphFault, GraphFaults } from "./faults";
import { messageDelta } from "./messageDelta";
import type { GraphOperation } from "./operations";
import { parsePrefer } from "./prefer";
import { getEvent, getMailFolder, getMessage, getUser, listInstances, listMailFolders } from "./resources";
import type { GraphState } from "./state";
import type { GraphThrottle } from "./throttle";

export interface GraphDeps {
  readonly store: MailboxStore;
  readonly state: GraphState;
  readonly faults: GraphFaults;
  readonly throttle: GraphThrottle;
  readonly counters: GraphCounters;
  readonly policies: AccessPolicies;
  latencyFor(mailbox: Mailbox): number;
  now(): number;
  /** `${origin}/v1.0` */
  base(): string;
}

type Route = { readonly operation: GraphOperation; run(ctx: RouteContext): GraphReply };

/** `users('a@b')` → ["users", "a@b"]; `mailFolders/ID` stays two segments. Percent-escapes decoded. */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split("/")) {
    if (raw === "") continue;
    // Most segments have neither a key in parentheses nor an escape: skip the regex and the decoder for those.
    const m = raw.includes("(") ? /^([^(]+)\('?([^')]*)'?\)$/.exec(raw) : null;
    if (m) out.push(decode(m[1] as string), decode(m[2] as string));
    else out.push(decode(raw));
  }
  return out;
}

function decode(s: string): string {
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function routeFor(rest: readonly string[], isSelf: boolean): Route | undefined {
  // Segment names compare case-insensitively (docs write both mailFolders and mailfolders); ids keep their case.
  const [a, b, c, d] = rest.map((s) => s.toLowerCase());
  const id = rest[1] ?? "";
  if (rest.length > 4) return undefined;
  if (a === undefined) return { operation: "user", run: (ctx) => getUser(ctx, isSelf) };
  if (a === "mailfolders" && b === undefined) return { operation: "mailFolders", run: listMailFolders };
  if (a === "mailfolders" && c === undefined) return { operation: "mailFolder", run: (ctx) => getMailFolder(ctx, id) };
  if (a === "mailfolders" && c === "messages" && d === "delta") return { operation: "messagesDelta", run: (ctx) => messageDelta(ctx, id) };
  if (a === "messages" && b !== undefined && c === undefined) return { operation: "message", run: (ctx) => getMessage(ctx, id) };
  if (a === "events" && b !== undefined && c === undefined) return { operation: "event", run: (ctx) => getEvent(ctx, id) };
  if (a === "events" && c === "instances" && d === undefined) return { operation: "eventInstances", run: (ctx) => listInstances(ctx, id) };
  if (a === "calendarview" && b === "delta" && c === undefined) return { operation: "calendarDelta", run: calendarDelta };
  return undefined;
}

export async function dispatch(deps: GraphDeps, caller: GraphCaller, request: GraphRequest, via: "direct" | "batch"): Promise<GraphReply> {
  const clientRequestId = request.headers["client-request-id"];
  try {
    return await run(deps, caller, request, via);
  } catch (err) {
    if (err instanceof GraphError) return errorReply(err, deps.now(), clientRequestId);
    throw err;
  }
}

async function run(deps: GraphDeps, caller: GraphCaller, request: GraphRequest, via: "direct" | "batch"): Promise<GraphReply> {
  const segments = splitPath(request.path);
  const head = segments[0]?.toLowerCase();
  let mailbox: Mailbox | undefined;
  let prefix: string;
  let rest: string[];
  if (head === "me") {
    if (caller.kind !== "delegated") throw new GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
    mailbox = deps.store.mailbox(caller.upn) ?? (caller.oid ? deps.store.mailboxByUserId(caller.oid) : undefined);
    if (!mailbox || mailbox.orgId !== caller.tenantId.toLowerCase()) throw graphErrors.invalidUser(caller.upn);
    prefix = "/me";
    rest = segments.slice(1);
  } else if (head === "users" && segments[1]) {
    const who = segments[1];
    mailbox = deps.store.mailbox(who) ?? deps.store.mailboxByUserId(who);
    rest = segments.slice(2);
    if (!mailbox || mailbox.orgId !== caller.tenantId.toLowerCase()) {
      if (rest.length === 0) throw new GraphError(404, "Request_ResourceNotFound", `Resource '${who}' does not exist or one of its queried reference-property objects are not present.`);
      throw graphErrors.invalidUser(who);
    }
    prefix = `/users/${encodeURIComponent(who)}`;
  } else {
    throw new GraphError(400, "BadRequest", `Resource not found for the segment '${segments[0] ?? ""}'.`);
  }
  const isSelf = caller.kind === "delegated" && (caller.upn === mailbox.smtp || caller.oid?.toLowerCase() === mailbox.userId);
  const route = routeFor(rest, isSelf);
  if (!route) throw new GraphError(400, "BadRequest", `Resource not found for the segment '${rest.find((s) => !/^[0-9a-z]/i.test(s)) ?? rest[0] ?? ""}'.`);
  if (request.method.toUpperCase() !== "GET") throw new GraphError(405, "BadRequest", "Specified HTTP method is not allowed for the request target.");
  // A delegated token reaches its own mailbox only (shared-mailbox permissions are not simulated); the profile is directory data.
  if (caller.kind === "delegated" && !isSelf && route.operation !== "user") throw graphErrors.accessDenied();

  deps.counters.count(mailbox.smtp, route.operation);
  const slot = deps.throttle.admit(caller.appId.toLowerCase(), mailbox.smtp);
  if (!slot.ok) throw graphErrors.mailboxConcurrency(deps.throttle.settings.retryAfterSeconds);
  try {
    const latency = deps.latencyFor(mailbox);
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    const fault = deps.faults.take(mailbox.smtp, route.operation, via);
    if (fault) return faultReply(fault, deps, request, clientRequestIdOf(request));
    if (route.operation !== "user") {
      if (mailbox.restApi !== "enabled") throw graphErrors.mailboxNotEnabled();
      if (caller.kind === "application" && !deps.policies.allows(caller.tenantId, caller.appId, mailbox.smtp)) throw graphErrors.accessPolicy();
    }
    const ctx: RouteContext = { caller, mailbox, prefix, prefs: parsePrefer(request.headers.prefer), query: request.query, base: deps.base(), state: deps.state };
    return route.run(ctx);
  } finally {
    slot.release();
  }
}

const clientRequestIdOf = (request: GraphRequest) => request.headers["client-request-id"];

function faultReply(fault: GraphFault, deps: GraphDeps, request: GraphRequest, clientRequestId: string | undefined): GraphReply {
  const now = deps.now();
  switch (fault.kind) {
    case "throttled":
      return errorReply(graphErrors.tooManyRequests(fault.retryAfterSeconds), now, clientRequestId);
    case "serviceUnavailable":
      return errorReply(graphErrors.serviceUnavailable(fault.retryAfterSeconds), now, clientRequestId);
    case "gatewayTimeout":
      return errorReply(new GraphError(504, "GatewayTimeout", "The gateway did not receive a timely response."), now, clientRequestId);
    case "syncStateNotFound":
      return errorReply(graphErrors.syncStateNotFound(1), now, clientRequestId);
    case "resyncRequired":
      return errorReply(new GraphError(400, "resyncRequired", "The delta token is no longer valid, and the app must reset the sync state."), now, clientRequestId);
    case "invalidAuthenticationToken":
      return errorReply(graphErrors.unauthenticated("Access token has expired or is not yet valid."), now, clientRequestId);
    case "consentMissing":
      return errorReply(graphErrors.accessDenied(), now, clientRequestId);
    case "syncReset": {
      const query = new URLSearchParams(request.query);
      for (const k of [...query.keys()]) if (/^\$(skip|delta)token$/i.test(k)) query.delete(k);
      const kept = [...query].map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
      const location = `${deps.base()}${request.path}?${[...kept, "$deltatoken="].join("&")}`;
      return { status: 410, headers: { Location: location }, body: undefined };
    }
  }
}
