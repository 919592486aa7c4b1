import { Router } from "express";
import type { Config } from "../config";
import { apiScopeName } from "../identity/scopes";
import type { ClientConfig } from "./contract";

/** Public settings for the browser apps; nothing secret. */
export function clientConfigRouter(config: Config): Router {
  const r = Router();
  const body: ClientConfig = {
    clientId: config.microsoft.clientId,
    authorityHost: config.microsoft.authorityHost,
    tenant: config.microsoft.tenant,
    apiScope: `api://${config.microsoft.clientId}/${apiScopeName}`,
    demo: config.demo,
  };
  r.get("/config", (_req, res) => {
    res.set("Cache-Control", "no-cache").json(body);
  });
  return r;
}
