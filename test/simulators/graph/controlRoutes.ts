/** The Graph control operations over HTTP JSON, mounted at /_control/graph (errors handled by the Exchange control router). */
import express from "express";
import type { Request, Response } from "express";
import type { GraphControl } from "./control";

const route = (fn: (req: Request) => unknown) => (req: Request, res: Response) => {
  const result = fn(req);
  if (result === undefined) res.status(204).end();
  else res.json(result);
};

export function graphControlRouter(control: GraphControl): express.Router {
  const r = express.Router();
  r.post("/faults", route((req) => control.injectFault(req.body)));
  r.delete("/faults", route(() => control.clearFaults()));
  r.post("/access-policies", route((req) => control.addAccessPolicy(req.body)));
  r.delete("/access-policies", route(() => control.clearAccessPolicies()));
  r.put("/concurrency", route((req) => control.setConcurrency(req.body)));
  r.put("/next-link-policy", route((req) => control.setNextLinkPolicy(req.body)));
  r.post("/mailboxes/:smtp/expire-delta-tokens", route((req) => control.expireDeltaTokens(String(req.params.smtp))));
  r.get("/counters", route(() => control.counters()));
  r.get("/mailboxes/:smtp/counters", route((req) => control.callCounters(String(req.params.smtp))));
  r.delete("/counters", route(() => control.resetCounters()));
  return r;
}
