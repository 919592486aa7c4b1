/** The control API over HTTP JSON under /_control (same operations and validation as the in-process object). */
import express from "express";
import type { NextFunction, Request, Response } from "express";
import type { ExchangeControl } from "./control";
import { ControlError } from "./control";
import type { ItemFolderName } from "./store/folders";
import { graphControlRouter } from "../graph/controlRoutes";

type Handler = (req: Request) => unknown;

function route(fn: Handler) {
  return (req: Request, res: Response) => {
    const result = fn(req);
    if (result === undefined) res.status(204).end();
    else res.json(result);
  };
}

const p = (req: Request, name: string): string => {
  const v = req.params[name];
  return typeof v === "string" ? v : "";
};

export function controlRouter(control: ExchangeControl): express.Router {
  const r = express.Router();
  r.use(express.json({ limit: "5mb" }));
  r.post("/tenants", route((req) => control.createTenant(req.body)));
  r.patch("/tenants/:tenantId", route((req) => control.updateTenant(p(req, "tenantId"), req.body)));
  r.post("/mailboxes", route((req) => control.createMailbox(req.body)));
  r.patch("/mailboxes/:smtp", route((req) => control.updateMailbox(p(req, "smtp"), req.body)));
  r.post("/accounts", route((req) => control.addAccount(req.body)));
  r.post("/mailboxes/:smtp/seed", route((req) => control.seedMailbox(p(req, "smtp"), req.body)));
  r.post("/mailboxes/:smtp/messages", route((req) => control.deliverMail(p(req, "smtp"), req.body)));
  r.post("/mailboxes/:smtp/events", route((req) => control.createEvent(p(req, "smtp"), req.body)));
  r.post("/mailboxes/:smtp/recurring-events", route((req) => control.createRecurringEvent(p(req, "smtp"), req.body)));
  r.post("/mailboxes/:smtp/items/:itemId/move", route((req) => control.moveEvent(p(req, "smtp"), p(req, "itemId"), req.body)));
  r.post("/mailboxes/:smtp/items/:itemId/cancel-occurrence", route((req) => control.cancelOccurrence(p(req, "smtp"), p(req, "itemId"), req.body)));
  r.post("/mailboxes/:smtp/items/:itemId/modify-occurrence", route((req) => control.modifyOccurrence(p(req, "smtp"), p(req, "itemId"), req.body)));
  r.patch("/mailboxes/:smtp/items/:itemId", route((req) => control.updateItem(p(req, "smtp"), p(req, "itemId"), req.body)));
  r.delete(
    "/mailboxes/:smtp/items/:itemId",
    route((req) => control.deleteItem(p(req, "smtp"), p(req, "itemId"), typeof req.query.mode === "string" ? { mode: req.query.mode as "soft" | "hard" } : {})),
  );
  r.get(
    "/mailboxes/:smtp/items",
    route((req) => control.listItems(p(req, "smtp"), typeof req.query.folder === "string" ? (req.query.folder as ItemFolderName) : undefined)),
  );
  r.get("/mailboxes/:smtp/folders", route((req) => control.folderCounts(p(req, "smtp"))));
  r.get("/mailboxes/:smtp/counters", route((req) => control.callCounters(p(req, "smtp"))));
  r.delete("/mailboxes/:smtp/counters", route((req) => control.resetCallCounters(p(req, "smtp"))));
  r.post("/faults", route((req) => control.injectFault(req.body)));
  r.delete("/faults", route(() => control.clearFaults()));
  r.put("/latency", route((req) => control.setLatency(req.body)));
  r.put("/throttling", route((req) => control.setThrottling(req.body)));
  r.get("/in-flight/peaks", route(() => control.peakInFlight()));
  r.delete("/in-flight/peaks", route(() => {
    control.resetPeakInFlight();
    return {};
  }));
  r.put("/autodiscover/redirects", route((req) => control.setAutodiscoverRedirect(req.body)));
  r.put("/migrations", route((req) => control.migrateMailbox(req.body)));
  r.put("/anchor-mailbox-policy", route((req) => control.setAnchorMailboxPolicy(req.body)));
  // The Graph face's operations; built on first use (control.graph throws 404 on an on-premises simulator).
  let graphRoutes: express.Router | undefined;
  r.use("/graph", (req, res, next) => {
    graphRoutes ??= graphControlRouter(control.graph);
    graphRoutes(req, res, next);
  });
  r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof ControlError) {
      res.status(err.status).json({ error: err.message });
      return;
    }
    if (err instanceof SyntaxError) {
      res.status(400).json({ error: `invalid JSON: ${err.message}` });
      return;
    }
    next(err);
  });
  return r;
}
