/**
 * The control API over HTTP JSON under `/_control`, for processes that cannot hold the in-process object (e.g. the
 * benchmark driving a separately started simulator). Bad input answers 400 `{error}`; unknown orgs 404.
 */
import type { Request, Response, Router } from "express";
import express from "express";
import type { SalesforceControl } from "./control";
import * as schemas from "./controlSchemas";
import { ControlInputError, parseInput } from "./controlSchemas";
import { SOBJECT_NAMES } from "./objects/schema";
import type { CustomFieldSpec, SObjectName } from "./objects/schema";
import type { SimulatorState } from "./state";

type Handler = (req: Request) => unknown;

function wrap(handler: Handler, status = 200) {
  return (req: Request, res: Response) => {
    try {
      const result = handler(req);
      res.status(result === undefined ? 204 : status);
      if (result === undefined) res.end();
      else res.json(result);
    } catch (e) {
      const message = (e as Error).message;
      const code = e instanceof ControlInputError ? 400 : /^no (org|user|connected app)/.test(message) ? 404 : 400;
      res.status(code).json({ error: message });
    }
  };
}

const param = (req: Request, name: string): string => String(req.params[name]);
const flag = (req: Request, name: string): boolean => req.query[name] === "true";

function sobjectParam(req: Request): SObjectName {
  const raw = param(req, "type");
  const found = SOBJECT_NAMES.find((n) => n.toLowerCase() === raw.toLowerCase());
  if (!found) throw new ControlInputError(`unknown object ${raw}; known: ${SOBJECT_NAMES.join(", ")}`);
  return found;
}

export function controlRouter(state: SimulatorState, control: SalesforceControl): Router {
  const r = express.Router();
  r.use(express.json({ limit: "50mb" }));

  r.get("/state", wrap(() => ({ url: state.url, now: control.now(), orgs: control.orgs(), faults: control.faults() })));

  r.get("/orgs", wrap(() => control.orgs()));
  r.post("/orgs", wrap((req) => control.createOrg(req.body), 201));
  r.post("/orgs/:orgId/users", wrap((req) => control.addUsers(param(req, "orgId"), Array.isArray(req.body) ? req.body : [req.body]), 201));
  r.patch(
    "/orgs/:orgId/users/:userId",
    wrap((req) => control.setUserActive(param(req, "orgId"), param(req, "userId"), parseInput(schemas.userActiveInput, req.body).isActive)),
  );
  r.post("/orgs/:orgId/seed", wrap((req) => control.seed(param(req, "orgId"), req.body), 201));
  r.get("/orgs/:orgId/activities", wrap((req) => control.activities(param(req, "orgId"), { includeDeleted: flag(req, "includeDeleted") })));
  r.get("/orgs/:orgId/records/:type", wrap((req) => control.records(param(req, "orgId"), sobjectParam(req), { includeDeleted: flag(req, "includeDeleted") })));
  r.get("/orgs/:orgId/api-usage", wrap((req) => control.apiUsage(param(req, "orgId"))));
  r.put("/orgs/:orgId/api-limit", wrap((req) => control.setDailyApiLimit(param(req, "orgId"), parseInput(schemas.dailyLimitInput, req.body).dailyApiLimit)));
  r.post("/orgs/:orgId/api-limit/exhaust", wrap((req) => control.exhaustApiLimit(param(req, "orgId"))));
  r.post("/orgs/:orgId/api-limit/reset", wrap((req) => control.resetApiUsage(param(req, "orgId"))));
  r.put(
    "/orgs/:orgId/session-timeout",
    wrap((req) => control.setSessionTimeout(param(req, "orgId"), parseInput(schemas.sessionTimeoutInput, req.body).sessionTimeoutMs)),
  );

  r.post("/connected-apps", wrap((req) => control.registerConnectedApp(req.body), 201));
  r.post(
    "/refresh-tokens",
    wrap((req) => {
      const { clientId, username } = parseInput(schemas.tokenInput, req.body);
      return control.issueRefreshToken(clientId, username);
    }, 201),
  );
  r.post("/refresh-tokens/revoke", wrap((req) => ({ revoked: control.revokeRefreshTokens(parseInput(schemas.orgScopeInput, req.body).orgId) })));
  r.post("/sessions/expire", wrap((req) => ({ expired: control.expireSessions(parseInput(schemas.orgScopeInput, req.body).orgId) })));
  r.put("/authorize-pages", wrap((req) => control.setAuthorizePages((req.body as { on?: unknown }).on === true)));
  r.get("/refresh-tokens/revoked", wrap(() => ({ revoked: control.revokedRefreshTokens() })));
  r.put("/orgs/:orgId/shared-activities", wrap((req) => control.setSharedActivities(param(req, "orgId"), (req.body as { on?: unknown }).on === true)));
  r.post("/orgs/:orgId/fields", wrap((req) => control.addCustomField(param(req, "orgId"), parseInput(schemas.customFieldInput, req.body) as CustomFieldSpec), 201));
  r.delete("/orgs/:orgId/fields/:type/:name", wrap((req) => ({ removed: control.removeField(param(req, "orgId"), sobjectParam(req), param(req, "name")) })));
  r.put("/interactive-user", wrap((req) => control.setInteractiveUser(parseInput(schemas.interactiveUserInput, req.body).username)));

  r.get("/faults", wrap(() => control.faults()));
  r.delete("/faults", wrap(() => control.clearFaults()));
  r.post("/faults/outage", wrap((req) => control.startOutage(req.body)));
  r.delete("/faults/outage", wrap(() => control.endOutage()));
  r.post("/faults/lock-errors", wrap((req) => control.failNextWritesWithLock(req.body)));
  r.post("/faults/errors", wrap((req) => control.failNextCalls(req.body)));
  r.post("/faults/validation-rules", wrap((req) => control.addValidationRule(req.body)));
  r.put("/faults/latency", wrap((req) => control.setLatency(req.body)));

  r.get("/clock", wrap(() => ({ now: control.now() })));
  r.post(
    "/clock/advance",
    wrap((req) => {
      control.advanceClock(parseInput(schemas.advanceClockInput, req.body).ms);
      return { now: control.now() };
    }),
  );

  r.get("/calls", wrap((req) => control.callCounts(typeof req.query.orgId === "string" ? req.query.orgId : undefined)));
  r.delete("/calls", wrap(() => control.resetCallCounts()));
  return r;
}
