/**
 * The data API under `/services/data`. Every versioned request passes, in order: latency, outage (503
 * SERVER_UNAVAILABLE), version check (404), bearer session (401 INVALID_SESSION_ID), daily allocation (403
 * REQUEST_LIMIT_EXCEEDED), injected errors, then its resource. Counted calls carry `Sforce-Limit-Info`.
 */
import type { Request, Response, Router } from "express";
import express from "express";
import type { ApiVersion } from "../apiVersions";
import { parseApiVersion, servedVersions, supportsCollections, supportsUpsertResultBody } from "../apiVersions";
import { ApiError, LIMIT_EXCEEDED_MESSAGE, RESOURCE_MISSING_MESSAGE, sessionInvalid } from "../errors";
import { delay, readJson, sendJson } from "../http/respond";
import { limitsBody } from "../limits";
import type { SimulatorState } from "../state";
import * as composite from "./composite";
import type { ApiContext, ApiReply, ApiRequest, Route } from "./context";
import { query, queryMore } from "./query";
import * as sobjects from "./sobjects";

const route = (kind: Route["kind"], run: Route["run"]): Route => ({ kind, run });

function resources(ctx: ApiContext): ApiReply {
  const base = `/services/data/v${ctx.version}.0`;
  const names = ["tooling", "metadata", "eclair", "folders", "prechatForms", "chatter", "tabs", "appMenu", "quickActions", "queryAll", "commerce", "wave", "iot", "analytics", "search", "identity", "composite", "parameterizedSearch", "fingerprint", "theme", "nouns", "event", "serviceTemplates", "recent", "connect", "licensing", "limits", "process", "async-queries", "query", "jobs", "match", "localizedvalue", "mobile", "emailConnect", "consent", "tokenizer", "compactLayouts", "knowledgeManagement", "sobjects", "actions", "support"];
  const body: Record<string, string> = {};
  for (const n of names) body[n] = `${base}/${n}`;
  body.identity = ctx.state.identityUrl(ctx.org.id, ctx.userId);
  return { status: 200, body };
}

const methodNotAllowed = (method: string, allowed: readonly string[]) =>
  ApiError.of(405, "METHOD_NOT_ALLOWED", `HTTP Method '${method}' not allowed. Allowed are ${allowed.join(",")}`);

/** Finds the resource for a method and path (segments after the version), or throws 404/405 as Salesforce does. */
function resolve(version: ApiVersion, method: string, s: readonly string[]): Route {
  const pick = (table: Readonly<Record<string, Route>>): Route => {
    const r = table[method];
    if (!r) throw methodNotAllowed(method, Object.keys(table));
    return r;
  };
  const [a, b, c] = s;
  const n = s.length;
  if (n === 0) return pick({ GET: route("resources", resources) });
  if (a === "limits" && n === 1) return pick({ GET: route("limits", (ctx) => ({ status: 200, body: limitsBody(ctx.org.usage) })) });
  if (a === "sobjects") {
    if (n === 1) return pick({ GET: route("describeGlobal", sobjects.describeGlobalRoute) });
    if (n === 2) return pick({ GET: route("describe", sobjects.basicInfo), POST: route("sobject.create", sobjects.create) });
    if (n === 3 && c === "describe") return pick({ GET: route("describe", sobjects.describe) });
    if (n === 3)
      return pick({
        GET: route("sobject.retrieve", sobjects.retrieve),
        PATCH: route("sobject.update", sobjects.update),
        DELETE: route("sobject.delete", sobjects.destroy),
        ...(c === "Id" ? { POST: route("sobject.create", sobjects.create) } : {}),
      });
    if (n === 4)
      return pick({
        GET: route("sobject.retrieve", sobjects.retrieveByExternalId),
        PATCH: route("sobject.upsert", sobjects.upsertByExternalId),
        DELETE: route("sobject.delete", sobjects.deleteByExternalId),
      });
  }
  if ((a === "query" || a === "queryAll") && n === 1) return pick({ GET: route("query", query) });
  if ((a === "query" || a === "queryAll") && n === 2) return pick({ GET: route("queryMore", queryMore) });
  if (a === "composite" && b === "sobjects" && supportsCollections(version)) {
    if (n === 2)
      return pick({
        POST: route("collection.create", composite.createMany),
        PATCH: route("collection.update", composite.updateMany),
        DELETE: route("collection.delete", composite.deleteMany),
      });
    if (n === 3) return pick({ GET: route("collection.retrieve", composite.retrieveMany), POST: route("collection.retrieve", composite.retrieveManyWithBody) });
    if (n === 4 && supportsUpsertResultBody(version)) return pick({ PATCH: route("collection.upsert", composite.upsertMany) });
  }
  throw ApiError.of(404, "NOT_FOUND", RESOURCE_MISSING_MESSAGE);
}

function bearerToken(req: Request): string | null {
  const h = req.header("authorization");
  if (!h) return null;
  const m = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : "";
}

function queryParams(req: Request): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.query)) out[k] = typeof v === "string" ? v : Array.isArray(v) ? v.map(String).join(",") : undefined;
  return out;
}

function decodeSegment(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

const JSON_TYPE = /^application\/json\b/i;

/** Runs one versioned request; everything thrown as ApiError becomes Salesforce's error body. */
function handle(state: SimulatorState, req: Request, res: Response): void {
  const limitHeader: Record<string, string> = {};
  try {
    const [versionSegment = "", ...rest] = req.path
      .slice("/services/data/".length)
      .split("/")
      .filter((p) => p !== "");
    const version = parseApiVersion(versionSegment);
    if (!version) throw ApiError.of(404, "NOT_FOUND", RESOURCE_MISSING_MESSAGE);
    const segments = rest.map(decodeSegment);
    const override = typeof req.query._HttpMethod === "string" && req.method === "POST" ? req.query._HttpMethod.toUpperCase() : null;
    const method = override ?? req.method;

    const token = bearerToken(req);
    if (token === null) throw ApiError.of(401, "INVALID_AUTH_HEADER", "INVALID_HEADER_TYPE");
    const known = state.sessions.peek(token);
    const org = known ? state.org(known.orgId) : undefined;
    const session = org ? state.sessions.authenticate(token, org.sessionTimeoutMs) : null;
    if (!session || !org) throw sessionInvalid();
    const user = org.userInfo(session.userId);
    if (!user?.isActive) throw sessionInvalid();

    if (org.usage.exhausted()) {
      limitHeader["Sforce-Limit-Info"] = org.usage.header();
      throw ApiError.of(403, "REQUEST_LIMIT_EXCEEDED", LIMIT_EXCEEDED_MESSAGE);
    }
    const matched = resolve(version, method, segments);
    org.usage.record();
    state.calls.record(org.id, matched.kind);
    limitHeader["Sforce-Limit-Info"] = org.usage.header();

    const injected = state.faults.takeInjected(org.id);
    if (injected) throw ApiError.of(injected.status, injected.errorCode, injected.message);

    const hasBody = method === "POST" || method === "PATCH" || method === "PUT";
    const contentType = req.header("content-type");
    if (hasBody && contentType && !JSON_TYPE.test(contentType) && String(req.body ?? "").length > 0)
      throw ApiError.of(415, "UNSUPPORTED_MEDIA_TYPE", `Content-Type header specified in HTTP request is not supported: ${contentType}`);

    const ctx: ApiContext = { state, org, userId: session.userId, version, dml: { org, userId: session.userId, faults: state.faults } };
    const apiReq: ApiRequest = { method, segments, query: queryParams(req), header: (name) => req.header(name), json: () => readJson(req) };
    const reply = matched.run(ctx, apiReq);
    sendJson(res, reply.status, reply.body, { ...limitHeader, ...reply.headers });
  } catch (e) {
    if (e instanceof ApiError) {
      sendJson(res, e.status, e.errors, limitHeader);
      return;
    }
    console.error("salesforce simulator: unexpected failure", e);
    sendJson(res, 500, [{ message: `An unexpected error occurred: ${(e as Error).message}`, errorCode: "UNKNOWN_EXCEPTION" }], limitHeader);
  }
}

export function dataRouter(state: SimulatorState): Router {
  const router = express.Router();
  const text = express.text({ type: () => true, limit: "50mb" });

  router.use("/services/data", async (_req, res, next) => {
    await delay(state.faults);
    if (state.faults.refuses("api")) {
      sendJson(res, 503, [{ message: "Server temporarily unavailable. Please try again later.", errorCode: "SERVER_UNAVAILABLE" }]);
      return;
    }
    next();
  });
  router.get(["/services/data", "/services/data/"], (_req, res) => {
    state.calls.record("*", "versions");
    sendJson(res, 200, servedVersions());
  });
  router.all("/services/data/*path", text, (req, res) => {
    handle(state, req, res);
  });
  return router;
}
