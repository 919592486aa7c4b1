import express, { Router, type NextFunction, type Request, type Response } from "express";
import type { EntraContext } from "./context";
import { isOperationName, operations, runOperation } from "./control";
import { DirectoryError } from "./directory";

/**
 * The control operations over HTTP, for demos and other processes:
 *   GET  /_control                 list of operations
 *   POST /_control/{operation}     JSON body = the operation's input; 200 with its JSON result
 *   GET  /_control/{operation}     same, with query parameters as input (for read-only ones such as listIssuedTokens)
 * Mistakes answer 400 (invalid input, the message names the field), 404 (unknown user/tenant/app/operation) or 409.
 */
export function controlRouter(ctx: EntraContext): Router {
  const router = Router();
  router.use("/_control", express.json({ limit: "1mb" }));

  router.get("/_control", (_req, res) => {
    res.json({ operations: Object.keys(operations) });
  });

  const handle = async (req: Request, res: Response) => {
    const name = String(req.params.operation);
    if (!isOperationName(name)) {
      res.status(404).json({ error: "unknown_operation", message: `No control operation '${name}'. Known: ${Object.keys(operations).join(", ")}.` });
      return;
    }
    const input = req.method === "GET" ? { ...(req.query as Record<string, unknown>) } : (req.body as unknown);
    const result = await runOperation(ctx, name, input);
    res.json(result ?? {});
  };
  router.post("/_control/:operation", handle);
  router.get("/_control/:operation", handle);

  router.use("/_control", (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof DirectoryError) {
      res.status(err.status).json({ error: err.status === 400 ? "invalid_input" : err.status === 404 ? "not_found" : "conflict", message: err.message });
      return;
    }
    if (err instanceof SyntaxError) {
      res.status(400).json({ error: "invalid_json", message: `The request body is not valid JSON: ${err.message}` });
      return;
    }
    next(err);
  });
  return router;
}
