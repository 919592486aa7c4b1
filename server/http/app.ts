import express from "express";
import type { ErrorRequestHandler, Router } from "express";
import type { Config } from "../config";
import type { Logger } from "../logger";
import { addinAssetsDir, addinDistDir, manifestTemplatePath, officeJsDir, unifiedManifestTemplatePath } from "../paths";
import type { ServerMetrics } from "../metrics/serverMetrics";
import type { Database } from "../store/database";
import { checkReadiness } from "../store/readiness";
import { renderManifest } from "./manifest";
import { renderAppPackage, renderUnifiedManifest } from "./unifiedManifest";
import { rejectNulBytes } from "./nulBytes";
import { metricsRoute } from "./metricsRoute";
import { htmlPage } from "./pages";
import { createRateLimits } from "./rateLimits";
import { requestLog } from "./requestLog";
import { securityHeaders } from "./securityHeaders";

export interface AppDeps {
  readonly config: Config;
  readonly db: Database;
  readonly logger: Logger;
  /** API routers mounted under /api by the composition root. */
  readonly apiRouters?: readonly Router[];
  readonly distDir?: string;
  /** Served at /metrics here unless config.metrics.listener gives it a port of its own. */
  readonly metrics?: ServerMetrics;
  /** Demo mode's own pages (/demo), composed by the start script; never mounted outside demo mode. */
  readonly demoRoutes?: Router;
}

export function createHttpApp(deps: AppDeps): express.Express {
  const { config, db, logger } = deps;
  const distDir = deps.distDir ?? addinDistDir;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(requestLog(logger));
  app.use(securityHeaders({ production: config.nodeEnv === "production", frameAncestors: config.http.frameAncestors }));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  // Liveness above (the process answers); readiness here: the database answers and its schema is this code's.
  app.get("/readyz", async (_req, res) => {
    const r = await checkReadiness(db);
    if (r.ready) {
      res.json({ status: "ready", demo: config.demo, store: db.kind });
      return;
    }
    logger.warn({ problem: r.problem }, "readiness check failed");
    res.status(503).json({ status: "unavailable", problem: r.problem, ...(r.pendingMigrations ? { pendingMigrations: r.pendingMigrations } : {}) });
  });
  if (deps.metrics && config.metrics.listener === null) app.get("/metrics", metricsRoute(deps.metrics, config.metrics.allow));

  const manifest = renderManifest(manifestTemplatePath, config.http.publicUrl);
  app.get("/manifest.xml", (_req, res) => {
    res.type("application/xml").send(manifest);
  });
  const unifiedManifest = renderUnifiedManifest(unifiedManifestTemplatePath, config.http.publicUrl);
  const appPackage = Buffer.from(renderAppPackage(unifiedManifestTemplatePath, addinAssetsDir, config.http.publicUrl));
  app.get("/manifest.json", (_req, res) => {
    res.type("application/json").send(unifiedManifest);
  });
  app.get("/crm-sync-app.zip", (_req, res) => {
    res.type("application/zip").attachment("crm-sync-app.zip").send(appPackage);
  });

  app.use("/api", createRateLimits(deps.db).failedAuth);
  app.use("/api", express.json({ limit: "2mb" }));
  app.use("/api", rejectNulBytes());
  for (const router of deps.apiRouters ?? []) app.use("/api", router);
  app.use("/api", (_req, res) => {
    res.status(404).json({ error: "not_found", message: "No such API route." });
  });

  if (config.demo && deps.demoRoutes) app.use(deps.demoRoutes);
  app.get(["/", "/taskpane.html"], htmlPage(distDir, "taskpane.html", config.officeJsUrl));
  app.get("/console.html", htmlPage(distDir, "console.html", config.officeJsUrl));
  app.get("/auth/dialog.html", htmlPage(distDir, "auth/dialog.html", config.officeJsUrl));
  app.get("/console", (_req, res) => res.redirect("/console.html"));
  app.use("/office-js", express.static(officeJsDir, { maxAge: "1d", index: false }));
  app.use("/assets", express.static(addinAssetsDir, { maxAge: "1d", index: false }));
  app.get("/help.html", (_req, res) => res.sendFile("help.html", { root: addinAssetsDir }));
  // Source maps stay on the server's disk for support; they are never served.
  app.use((req, res, next) => (req.path.endsWith(".map") ? void res.status(404).end() : next()));
  app.use(express.static(distDir, { index: false, maxAge: "1h" }));

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    if (res.headersSent) return;
    const e = err as { type?: string; status?: number; statusCode?: number; expose?: boolean; message?: string };
    if (e.type === "entity.parse.failed") {
      res.status(400).json({ error: "invalid_json", message: `The request body is not valid JSON: ${e.message ?? ""}` });
      return;
    }
    if (e.type === "entity.too.large") {
      res.status(413).json({ error: "too_large", message: "The request body is too large." });
      return;
    }
    // A client's mistake found by a library (a malformed gzip body, an unsupported encoding) keeps its 4xx status.
    const status = e.status ?? e.statusCode;
    if (typeof status === "number" && status >= 400 && status < 500) {
      res.status(status).json({ error: "invalid_request", message: `The request could not be read${e.expose && e.message ? `: ${e.message}` : "."}` });
      return;
    }
    logger.error({ err, path: req.originalUrl.split("?")[0] }, "unhandled error");
    res.status(500).json({ error: "internal_error", message: "Something went wrong on the server; it has been logged." });
  };
  app.use(onError);
  return app;
}
