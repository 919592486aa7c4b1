import express from "express";
import type { ErrorRequestHandler, Router } from "express";
import type { Config } from "../config";
import type { Logger } from "../logger";
import { addinAssetsDir, addinDistDir, manifestTemplatePath, officeJsDir, unifiedManifestTemplatePath } from "../paths";
import type { Database } from "../store/database";
import { renderManifest } from "./manifest";
import { renderAppPackage, renderUnifiedManifest } from "./unifiedManifest";
import { htmlPage } from "./pages";
import { requestLog } from "./requestLog";

export interface AppDeps {
  readonly config: Config;
  readonly db: Database;
  readonly logger: Logger;
  /** API routers mounted under /api by the composition root. */
  readonly apiRouters?: readonly Router[];
  readonly distDir?: string;
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
  app.use((_req, res, next) => {
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "strict-origin-when-cross-origin");
    next();
  });

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    try {
      await db.ping();
      res.json({ status: "ready", demo: config.demo, store: db.kind });
    } catch (err) {
      logger.warn({ err }, "readiness check failed");
      res.status(503).json({ status: "unavailable", problem: "the database does not answer" });
    }
  });

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

  app.use("/api", express.json({ limit: "2mb" }));
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
  app.use(express.static(distDir, { index: false, maxAge: "1h" }));

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    if (res.headersSent) return;
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === "entity.parse.failed") {
      res.status(400).json({ error: "invalid_json", message: `The request body is not valid JSON: ${e.message ?? ""}` });
      return;
    }
    if (e.type === "entity.too.large") {
      res.status(413).json({ error: "too_large", message: "The request body is too large." });
      return;
    }
    logger.error({ err, path: req.path }, "unhandled error");
    res.status(500).json({ error: "internal_error", message: "Something went wrong on the server; it has been logged." });
  };
  app.use(onError);
  return app;
}
